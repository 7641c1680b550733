"""The PDF in Welsh: hyphenated with the Welsh patterns `make assets` fetched, in a font that
has ŵ and ŷ, with its page footer in the page's words on every page (report.css, pdf_words.html)."""

from __future__ import annotations

import re
import subprocess

import pyphen

from formadvisor.settings import Settings
from formadvisor.web import hyphenation
from formadvisor.web.pdf import render_pdf

STATIC = Settings().static_dir
LONG = (
    "Mae’r gwasanaethau meddygol cyffredinol a’r ymddiriedolaeth sefydledig yn cynnwys "
    "partneriaeth atebolrwydd cyfyngedig a chymdeithas gydweithredol"
)


def _page(lang: str, body: str, words: str = "") -> str:
    return (
        f'<html lang="{lang}"><head><link rel="stylesheet" href="/static/report.css">'
        "<style>body { font-family: Arial }</style></head>"
        f'<body>{words}<div class="fa-report">{body}</div></body></html>'
    )


def _text(pdf: bytes, tmp_path, *options: str) -> str:
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, text=True)
    return done.stdout


def test_the_welsh_patterns_are_registered_with_pyphen():
    assert (hyphenation.DICTIONARIES / "hyph_cy.dic").is_file(), "run `make assets`"
    assert "cy" in hyphenation.register()
    assert pyphen.language_fallback("cy-GB") == "cy"
    welsh = pyphen.Pyphen(lang="cy", left=2, right=3)
    assert welsh.inserted("gwasanaethau") == "gwas-an-aethau"
    assert welsh.inserted("ymddiriedolaeth") == "ym-ddir-ied-ol-aeth"


def test_a_welsh_page_is_hyphenated_at_the_welsh_patterns(tmp_path):
    narrow = f'<p style="width: 32mm">{LONG}</p>'
    text = _text(render_pdf(_page("cy", narrow), STATIC), tmp_path)
    breaks = re.findall(r"(\w+)‐\n(\w+)", text)
    assert breaks, text
    welsh = pyphen.Pyphen(lang="cy", left=2, right=3)
    for first, rest in breaks:  # each break is one the Welsh patterns allow
        assert (first, rest) in welsh.iterate(first + rest), (first, rest)
    # the same words on an English page are never broken (only Welsh is hyphenated)
    assert "‐" not in _text(render_pdf(_page("en", narrow), STATIC), tmp_path)


def test_the_font_has_w_and_y_with_circumflex(tmp_path):
    words = "Dŵr, ŵyr a tŷ; ŷd. Ŵ Ŷ"
    pdf = render_pdf(_page("cy", f"<p>{words}</p><p><strong>{words}</strong></p>"), STATIC)
    assert _text(pdf, tmp_path).count(words) == 2
    path = tmp_path / "page.pdf"
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    embedded = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:]}
    assert embedded == {"Liberation-Sans", "Liberation-Sans-Bold"}  # no fallback font


def test_every_page_footer_is_in_the_page_words(tmp_path):
    words = (
        '<div class="fa-page-words" data-footer="formadvisor: cymorth i benderfynu"'
        ' data-page="Tudalen" data-of="o"></div>'
    )
    pages = "".join(f'<p style="break-after: page">Testun {n}</p>' for n in (1, 2, 3))
    text = _text(render_pdf(_page("cy", pages, words), STATIC), tmp_path)
    on_pages = [" ".join(page.split()) for page in text.split("\f") if page.strip()]
    assert len(on_pages) == 3
    for n, page in enumerate(on_pages, 1):
        assert page.endswith(f"formadvisor: cymorth i benderfynu Tudalen {n} o 3"), page
