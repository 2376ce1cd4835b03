"""PDF output through WeasyPrint, isolated from everything but our own assets.

WeasyPrint fetches `file://` and network URLs by default; a brief's HTML carries source text,
so the fetcher here refuses every URL except `data:` and files inside the templates folder.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint


class AssetsOnlyFetcher(weasyprint.URLFetcher):
    """Serves `data:` URLs and files under `root`; refuses and records everything else."""

    def __init__(self, root: Path) -> None:
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)
        self.root = root.resolve()
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme == "file" and not parts.netloc:
            path = Path(unquote(parts.path)).resolve()
            if path.is_relative_to(self.root) and path.is_file():
                return super().fetch(url, headers)
        self.refused.append(url)
        raise ValueError(f"briefing refuses to fetch {url!r}: only the brief's own assets may be loaded")


def layout(html: str, assets: Path) -> weasyprint.Document:
    fetcher = AssetsOnlyFetcher(assets)
    # WeasyPrint logs every refused URL and unsupported CSS rule as a warning; the brief is
    # complete without them, so keep the terminal for our own messages.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    return weasyprint.HTML(string=html, base_url=assets.as_uri() + "/", url_fetcher=fetcher).render(
        pdf_variant="pdf/ua-1", pdf_tags=True)


def stray_notes(document: weasyprint.Document) -> frozenset[str]:
    """Footnotes laid out on another page than their call (`call-X` and `X` anchors apart)."""
    strays = set()
    for page in document.pages:
        for anchor in page.anchors:
            if anchor.startswith("call-") and anchor.removeprefix("call-") not in page.anchors:
                strays.add(anchor.removeprefix("call-"))
    return frozenset(strays)


def write(document: weasyprint.Document) -> bytes:
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, custom_metadata=True)

