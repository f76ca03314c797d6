"""Place posted articles into stories in the background, one pipeline pass at a time.

A POST stores its articles first (short transactions) and asks the placer for a pass; the pass
cleans, dedups, clusters and analyzes what is new, for every post that arrived since the last
one. Posts that come while a pass runs share the next pass instead of queueing one each, so a
burst of posts costs a few passes, not one per post. A failed pass (a store busy for too long)
is logged and redone by the next request: the articles are stored either way.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from storyline import pipeline, stories
from storyline.analyze.run import analyze_stored_story
from storyline.analyze.stems import Stemmer
from storyline.store import Store

log = logging.getLogger("storyline.serve")


class Placer:
    """A worker thread that runs placement passes over a store on request."""

    def __init__(
        self,
        db: Path,
        *,
        place: Callable[[Store, set[str]], None] | None = None,
        settle: float = 0.2,
    ) -> None:
        self.db = db
        self.place = place or place_articles
        self.settle = settle  # seconds a pass waits after it is asked for, gathering posts
        self._cond = threading.Condition()
        self._next = 1  # the number of the pass that will cover what is asked for now
        self._done = 0  # the number of the last pass that ended
        self._asked = False  # whether pass _next has been asked for
        self._pending: set[str] = set()  # article ids pass _next is to analyze
        self._thread: threading.Thread | None = None

    def request(self, article_ids: Iterable[str]) -> int:
        """Ask for a pass covering these stored articles; return its number for wait()."""
        with self._cond:
            self._pending.update(article_ids)
            self._asked = True
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="placer", daemon=True)
                self._thread.start()
            self._cond.notify_all()
            return self._next

    def wait(self, ticket: int, timeout: float) -> bool:
        """Wait up to timeout seconds for pass ticket to end; tell whether it did."""
        with self._cond:
            return self._cond.wait_for(lambda: self._done >= ticket, timeout=timeout)

    def _work(self) -> None:
        while True:
            with self._cond:
                if not self._cond.wait_for(lambda: self._asked, timeout=60):
                    self._thread = None  # idle for a minute: the next request starts another
                    return
            time.sleep(self.settle)  # let a burst of posts store and join this pass
            with self._cond:
                number, todo = self._next, self._pending
                self._next, self._pending, self._asked = number + 1, set(), False
            self._run(todo)
            with self._cond:
                self._done = number
                self._cond.notify_all()

    def _run(self, todo: set[str]) -> None:
        try:
            with Store.open(self.db) as store:
                self.place(store, todo)
        except Exception:  # the articles are stored: a failed pass is redone by the next one
            log.exception("placing %d posted articles into stories failed", len(todo))


def place_articles(store: Store, article_ids: set[str]) -> None:
    """Clean, dedup and cluster what is new, then analyze the stories of these articles."""
    pipeline.clean(store)
    pipeline.dedup(store)
    pipeline.cluster(store)
    changed = {stories.story_of(store, a) for a in article_ids}
    stemmer = Stemmer()
    for story_id in sorted(s for s in changed if s is not None):
        story = store.get_story(story_id)
        if story is not None:
            analyze_stored_story(store, story_id, story["article_ids"], stemmer=stemmer)
