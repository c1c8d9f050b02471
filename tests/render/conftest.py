"""Documents composed from the fixture content, shared by the renderer tests."""

from __future__ import annotations

import dataclasses
import io

import pytest

from cse_lessonpack import artwork, compose
from cse_lessonpack.content import Library
from cse_lessonpack.model import Asset, Cover, Document, Image, ImageRow, KeyStage
from cse_lessonpack.profile import Logo, Tailoring
from cse_lessonpack.templating import make_environment

from ..conftest import TEMPLATES


@pytest.fixture(scope="session")
def ks1_document(library: Library, tailoring: Tailoring) -> Document:
    return compose.compose_pack(library, KeyStage.KS1, tailoring, make_environment(TEMPLATES))


@pytest.fixture(scope="session")
def ks3_document(library: Library, tailoring: Tailoring) -> Document:
    return compose.compose_pack(library, KeyStage.KS3, tailoring, make_environment(TEMPLATES))


@pytest.fixture(scope="session")
def school_logo_png() -> bytes:
    """A square crest, transparent round its shape, as a school's logo often is."""
    from PIL import Image, ImageDraw

    crest = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    ImageDraw.Draw(crest).polygon([(20, 20), (280, 20), (280, 180), (150, 280), (20, 180)], "navy")
    out = io.BytesIO()
    crest.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(scope="session")
def school_document(library: Library, tailoring: Tailoring, school_logo_png: bytes) -> Document:
    """The fixture's KS3 pack for a school with its own logo."""
    school = dataclasses.replace(
        tailoring,
        school_name="Oakfield Academy",
        logo=Logo(school_logo_png, 1.0, "crest.png"),
        theme=dataclasses.replace(tailoring.theme, school_logo_ref="asset:school-logo"),
    )
    return compose.compose_pack(library, KeyStage.KS3, school, make_environment(TEMPLATES))


@pytest.fixture(scope="session")
def two_partner_document(school_document: Document) -> Document:
    """The school's pack whose cover row holds a second partner after the school's logo: one
    of the project's own drawings (a custom template can put one there)."""
    cover = next(b for b in school_document.blocks if isinstance(b, Cover))
    row = next(b for b in cover.band if isinstance(b, ImageRow))
    badge = Image("picture:badge", "Badge", 30)
    band = tuple(ImageRow((*row.images, badge)) if b is row else b for b in cover.band)
    assets = (
        *school_document.assets,
        Asset("picture:badge", "drawing", name="badge", aspect=artwork.aspect("badge")),
    )
    return dataclasses.replace(school_document, blocks=(Cover(band, cover.blocks),), assets=assets)
