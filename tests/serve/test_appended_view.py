"""A story glued onto a repost is shown apart from what it adds: CLI, page and JSON."""

from __future__ import annotations

import json
from pathlib import Path

from support import news_please_feed, run_cli

from .conftest import make_client

BODY = (
    "A passenger train derailed near Cangzhou in Hebei province on Tuesday evening, injuring at "
    "least 40 people, the provincial emergency management bureau said.\n"
    "Rescue teams worked through the night to free passengers trapped in two overturned "
    "carriages, and the line to Tianjin was closed while investigators examined the track.\n"
    "The railway operator said services would resume once the wreckage had been cleared."
)
# What a content farm glued onto its repost: another story, whose distinctive words (Zenith,
# migraine, Cerafex, Bavaria ...) the train story never uses; with a tag to see it is escaped.
GLUED = (
    "\nZenith Biologics said its migraine therapy Cerafex cut attacks by half in a Phase III "
    "trial <b>data</b>.\nThe trial enrolled 1,200 patients at clinics in Ohio and Bavaria, the "
    "drugmaker said.\nZenith shares rose nine percent in premarket trading after the news."
)


def test_glued_text_is_listed_apart_in_every_view(tmp_path: Path) -> None:
    reports = [
        ("wire-1", "2019-11-19T17:35:39Z", "apnews.com", ""),
        ("farm-2", "2019-11-19T19:02:00Z", "newsfeed.example", GLUED),
        ("daily-3", "2019-11-20", "example-daily.com", "\nLocal hospitals asked for donors."),
    ]
    feed = news_please_feed(tmp_path / "f.jsonl", "Train derails in Hebei", BODY, reports,
                            slug="derail")  # fmt: skip
    db = tmp_path / "s.db"
    assert run_cli("run", str(feed), db=db).returncode == 0
    listed = json.loads(run_cli("stories", "--json", db=db).stdout)
    (story,) = [s for s in listed if "farm-2" in s["article_ids"]]
    view = json.loads(run_cli("story", story["id"], "--json", db=db).stdout)
    assert [s.split()[0] for s in view["appended"]["farm-2"]] == ["Zenith", "The", "Zenith"]
    assert not any("Zenith" in s for s in view["additions"].get("farm-2", []))
    shown = run_cli("story", story["id"], db=db).stdout
    glued = shown[shown.index("glued onto farm-2, not about this story:") :]
    assert "~ Zenith Biologics said" in glued
    with make_client(db) as client:
        html = client.get(f"/stories/{story['id']}").text
        assert client.get(f"/api/stories/{story['id']}").json()["appended"] == view["appended"]
    section = html[html.index("Text glued on") :]
    assert "Zenith Biologics" in section and "&lt;b&gt;data&lt;/b&gt;" in section
    assert run_cli("report", "--out", str(tmp_path / "r"), db=db).returncode == 0
    (page,) = [p for p in (tmp_path / "r").glob("*.html") if p.name != "index.html"]
    report = page.read_text("utf-8")
    glued_part = report[report.index("Text glued on, not about this story") :]
    assert "Zenith Biologics" in glued_part and "&lt;b&gt;data&lt;/b&gt;" in glued_part
