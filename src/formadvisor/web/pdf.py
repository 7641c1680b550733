"""The report as a PDF: WeasyPrint renders the page's HTML with only our own static files.

WeasyPrint never reaches the network: the fetcher serves `/static/...` from the static folder
and refuses everything else (the NHS font host in nhsuk-frontend's CSS among them), so the PDF
falls back to Arial as the pages do (fontconfig gives Liberation Sans, which has Welsh's ŵ and
ŷ). A page in Welsh (`<html lang="cy">`) is hyphenated with the Welsh patterns `hyphenation`
registers with pyphen.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from formadvisor.web import hyphenation

hyphenation.register()  # before any PDF: WeasyPrint asks pyphen for the page's language

# A base that resolves the page's root-relative links and that nothing could ever serve.
BASE_URL = "https://formadvisor.invalid/"
STATIC = BASE_URL + "static/"


class StaticOnlyFetcher(URLFetcher):
    """Serves files under one folder for `/static/...` URLs; refuses every other URL."""

    def __init__(self, static_dir: Path):
        super().__init__(allowed_protocols=())
        self.root = static_dir.resolve()

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if not url.startswith(STATIC):
            raise ValueError(f"not fetched for the PDF: {url}")
        path = (self.root / url.removeprefix(STATIC).split("?")[0].split("#")[0]).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            raise ValueError(f"no such static file: {url}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})


def render_pdf(html: str, static_dir: Path) -> bytes:
    """The PDF of a page rendered for print (blocking: call it off the event loop)."""
    fetcher = StaticOnlyFetcher(static_dir)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf()
