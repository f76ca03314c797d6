"""Clean stage: extract article text from HTML and remove junk from extracted text."""

from __future__ import annotations

from storyline.clean.articles import clean_articles
from storyline.clean.html import ExtractedPage, HtmlExtractConfig, extract_html
from storyline.clean.profile import SiteProfile, learn_profiles, learn_site_profile
from storyline.clean.text import clean_text

__all__ = [
    "ExtractedPage",
    "HtmlExtractConfig",
    "SiteProfile",
    "clean_articles",
    "clean_text",
    "extract_html",
    "learn_profiles",
    "learn_site_profile",
]
