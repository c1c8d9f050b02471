"""Paragraphs reused between documents: faster, and never visible in the output."""

from __future__ import annotations

import dataclasses

import pytest
from reportlab.lib.styles import ParagraphStyle

from cse_lessonpack import compose
from cse_lessonpack.content import load_library
from cse_lessonpack.model import Document, KeyStage, Paragraph, Text
from cse_lessonpack.profile import Tailoring
from cse_lessonpack.render import paracache, pdf
from cse_lessonpack.render.pdf import render_pdf
from cse_lessonpack.templating import make_environment

from ..conftest import LESSONS, TEMPLATES
from ..textextract import pdf_pages


@pytest.fixture(scope="module")
def real_packs(tailoring: Tailoring) -> dict[str, Document]:
    """The real KS2 and KS3 packs: long, with tables split across pages, worksheets and lists."""
    library = load_library(LESSONS)
    env = make_environment(TEMPLATES)
    return {
        stage.value: compose.compose_pack(library, stage, tailoring, env)
        for stage in (KeyStage.KS2, KeyStage.KS3)
    }


def test_a_pack_is_byte_identical_whatever_was_rendered_before_it(
    real_packs: dict[str, Document],
) -> None:
    paracache.PARAGRAPHS.clear()
    alone = render_pdf(real_packs["ks3"])
    paracache.PARAGRAPHS.clear()
    render_pdf(real_packs["ks2"])  # shares its help pages, facts and headings with KS3
    after_another = render_pdf(real_packs["ks3"])
    again = render_pdf(real_packs["ks3"])  # every paragraph now comes from the cache
    assert after_another == alone
    assert again == alone


def test_the_cache_stays_within_its_limit(
    real_packs: dict[str, Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    small = paracache.ParagraphCache(limit=50)
    monkeypatch.setattr(pdf, "PARAGRAPHS", small)
    render_pdf(real_packs["ks2"])
    assert len(small.items) == 50


def test_the_same_words_twice_in_one_document_are_both_shown(ks1_document: Document) -> None:
    line = "Keep telling until someone listens."
    repeated = (Paragraph((Text(line),)),) * 3
    document = dataclasses.replace(ks1_document, blocks=ks1_document.blocks + repeated)
    text = " ".join(pdf_pages(render_pdf(document)))
    assert " ".join(text.split()).count(line) >= 3


def test_a_derived_style_is_never_mistaken_for_its_parent() -> None:
    parent = ParagraphStyle("body", fontSize=11, leading=15)
    assert paracache.style_key(parent) == paracache.style_key(parent)
    child = ParagraphStyle("body-sheet", parent, fontSize=14, leading=19)
    assert paracache.style_key(child) != paracache.style_key(parent)
    twin = ParagraphStyle("body", fontSize=11, leading=15)
    assert paracache.style_key(twin) == paracache.style_key(parent)
