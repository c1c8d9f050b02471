"""Documents composed from the fixture content, shared by the renderer tests."""

from __future__ import annotations

import pytest

from cse_lessonpack import compose
from cse_lessonpack.content import Library
from cse_lessonpack.model import Document, KeyStage
from cse_lessonpack.profile import Tailoring
from cse_lessonpack.templating import make_environment

from ..conftest import TEMPLATES


@pytest.fixture(scope="session")
def ks1_document(library: Library, tailoring: Tailoring) -> Document:
    return compose.compose_pack(library, KeyStage.KS1, tailoring, make_environment(TEMPLATES))


@pytest.fixture(scope="session")
def ks3_document(library: Library, tailoring: Tailoring) -> Document:
    return compose.compose_pack(library, KeyStage.KS3, tailoring, make_environment(TEMPLATES))
