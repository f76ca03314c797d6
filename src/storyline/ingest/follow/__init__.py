"""Follow: discover page URLs in feeds, sitemaps and lists, and fetch them politely."""

from storyline.ingest.follow.crawl import Crawl, Done, Job
from storyline.ingest.follow.fetch import Fetcher, Response
from storyline.ingest.follow.round import RoundFetch, add_sources, fetch_round

__all__ = [
    "Crawl",
    "Done",
    "Fetcher",
    "Job",
    "Response",
    "RoundFetch",
    "add_sources",
    "fetch_round",
]
