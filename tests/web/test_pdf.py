"""The PDF's fetcher serves our static files and nothing else: no fonts from the network."""

from __future__ import annotations

import pytest

from formadvisor.web.pdf import BASE_URL, StaticOnlyFetcher, render_pdf


@pytest.fixture
def static(tmp_path):
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "report.css").write_text("h1 { color: #005eb8 }")
    (tmp_path / "secret.txt").write_text("not for the PDF")
    return tmp_path / "static"


def test_serves_files_under_static(static):
    reply = StaticOnlyFetcher(static).fetch(BASE_URL + "static/report.css")
    assert reply.read() == b"h1 { color: #005eb8 }"
    assert reply.content_type == "text/css"


@pytest.mark.parametrize(
    "url",
    [
        "https://assets.nhs.uk/fonts/FrutigerLTW01-55Roman.woff2",
        "http://127.0.0.1:8000/static/report.css",
        "file:///etc/passwd",
        BASE_URL + "static/../secret.txt",
        BASE_URL + "static/missing.css",
        BASE_URL + "assessments/x/result",
    ],
)
def test_refuses_everything_else(static, url):
    with pytest.raises(ValueError, match=r"not fetched|no such static file"):
        StaticOnlyFetcher(static).fetch(url)


def test_renders_a_pdf_with_the_local_stylesheet_and_without_the_network(static, monkeypatch):
    asked = []
    original = StaticOnlyFetcher.fetch

    def spy(self, url, headers=None):
        asked.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(StaticOnlyFetcher, "fetch", spy)
    html = (
        '<html><head><link rel="stylesheet" href="/static/report.css">'
        "<style>@font-face { font-family: X; src: url(https://assets.nhs.uk/x.woff2) }"
        "body { font-family: X, Arial }</style></head><body><h1>Hello</h1></body></html>"
    )
    pdf = render_pdf(html, static)
    assert pdf.startswith(b"%PDF")
    assert BASE_URL + "static/report.css" in asked
    assert "https://assets.nhs.uk/x.woff2" in asked  # asked for, and refused above
