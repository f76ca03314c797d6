"""RSS and Atom files: each entry an article, headline-only entries as briefs, nothing fetched."""

from __future__ import annotations

from pathlib import Path

from storyline.config import IngestConfig
from storyline.ingest import read_paths
from storyline.ingest.files import expand
from storyline.models import Article, Rejection

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example News</title><link>https://news.example.com</link>
<item><title>Fed raises interest rates by a quarter point</title>
<link>https://news.example.com/fed-1</link><guid>https://news.example.com/fed-1</guid>
<pubDate>Wed, 19 Dec 2018 19:00:12 GMT</pubDate>
<description>The Federal Reserve raised its benchmark rate again.</description>
<content:encoded><![CDATA[<p>The Federal Reserve raised rates on Wednesday.</p><p>Powell said the
economy was strong.</p><script>alert(1)</script>]]></content:encoded></item>
<item><title>Stocks slip after Fed rate hike</title><link>https://news.example.com/stocks-2</link>
<pubDate>Wed, 19 Dec 2018 20:10:00 GMT</pubDate></item>
</channel></rss>
"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>
<entry><title>Dollar jumps as Fed hikes rates</title><link href="https://wire.example.org/d"/>
<id>tag:wire.example.org,2018:d</id><updated>2018-12-19T21:03:00.250Z</updated>
<summary type="html">&lt;b&gt;The dollar&lt;/b&gt; rose against the euro.</summary></entry>
</feed>
"""


def test_rss_and_atom_entries_become_articles(tmp_path: Path) -> None:
    (tmp_path / "news.rss").write_text(RSS)
    (tmp_path / "wire.atom").write_text(ATOM)
    paths = [str(tmp_path / "news.rss"), str(tmp_path / "wire.atom")]
    items = list(read_paths(paths, IngestConfig()))
    assert all(isinstance(i, Article) for i in items), items
    fed, stocks, dollar = items
    assert isinstance(fed, Article) and isinstance(stocks, Article) and isinstance(dollar, Article)
    assert fed.id == "https://news.example.com/fed-1" and fed.source == "Example News"
    assert fed.text.split("\n") == [
        "The Federal Reserve raised rates on Wednesday.",
        "Powell said the economy was strong.",
    ]
    assert "alert" not in fed.text  # feedparser sanitises the entry's HTML
    assert fed.published == "2018-12-19T19:00:12+00:00"
    assert stocks.text == stocks.title == "Stocks slip after Fed rate hike"  # a brief
    assert stocks.warnings == ("no article text: the title stands for it",)
    assert dollar.text == "The dollar rose against the euro." and dollar.source == "Wire"
    assert dollar.published == "2018-12-19T21:03:00.250+00:00"


def test_an_xml_file_without_entries_is_rejected_and_folders_skip_xml(tmp_path: Path) -> None:
    sitemap = '<?xml version="1.0"?><urlset><url><loc>https://a.example/x</loc></url></urlset>'
    (tmp_path / "sitemap.xml").write_text(sitemap)
    (rej,) = read_paths([str(tmp_path / "sitemap.xml")], IngestConfig())
    assert isinstance(rej, Rejection) and "no RSS or Atom entries" in rej.reason
    (tmp_path / "feed.rss").write_text(RSS)
    assert [p.name for p, _ in expand([str(tmp_path)]) if p] == ["feed.rss"]
