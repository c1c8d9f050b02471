"""The faces Word files carry: whole or cut down, and the cache that keeps the cut-down ones."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from cse_lessonpack import fonts, wordfonts

TRUETYPE = b"\x00\x01\x00\x00"


def made_here(path: Path) -> bytes:
    """A stand-in for the slow subsetting (forked helpers find it by name, as they find the
    real one): marks which face it was asked for."""
    return TRUETYPE + path.name.encode()


def not_expected(path: Path) -> bytes:
    raise AssertionError(f"{path.name} was cut down again instead of read from the cache")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    wordfonts.faces.cache_clear()
    yield tmp_path / "cse-lessonpack" / "word-fonts"
    wordfonts.faces.cache_clear()


def test_a_small_family_travels_whole() -> None:
    carried = dict(wordfonts.faces("atkinson-hyperlegible"))
    assert sorted(carried) == sorted(fonts.STYLES)
    for style, data in carried.items():
        assert data == fonts.font_file("atkinson-hyperlegible", style).read_bytes()


def test_lato_is_cut_down_once_then_read_from_the_cache(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(wordfonts, "subset_face", made_here)
    first = dict(wordfonts.faces("lato"))
    assert first["bold"] == TRUETYPE + b"Lato-Bold.ttf"
    assert len(list(cache.glob("*.ttf"))) == 4 and not list(cache.glob("*.tmp"))

    # A later build (a new process: the in-memory copy cleared) reads the four faces back.
    wordfonts.faces.cache_clear()
    monkeypatch.setattr(wordfonts, "subset_face", not_expected)
    assert dict(wordfonts.faces("lato")) == first

    # A stray file where a face should be is not taken for the font: that face is made again.
    stray = sorted(cache.glob("*.ttf"))[0]
    stray.write_bytes(b"<html>not a font</html>")
    wordfonts.faces.cache_clear()
    monkeypatch.setattr(wordfonts, "subset_face", made_here)
    assert dict(wordfonts.faces("lato")) == first
    assert stray.read_bytes().startswith(TRUETYPE)


def test_a_cache_that_cannot_be_written_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.setattr(wordfonts, "subset_face", made_here)
    wordfonts.faces.cache_clear()
    try:
        assert dict(wordfonts.faces("lato"))["italic"] == TRUETYPE + b"Lato-Italic.ttf"
    finally:
        wordfonts.faces.cache_clear()


def test_cutting_down_a_face_keeps_its_latin_text_licence_and_date_and_repeats_exactly() -> None:
    source = fonts.font_file("lato", "bold")
    cut = wordfonts.subset_face(source)
    font, whole = TTFont(io.BytesIO(cut)), TTFont(source)
    assert set(font.getBestCmap()) == wordfonts.kept_code_points() & set(whole.getBestCmap())
    # The licence travels with the font, and the font's own date, not the day of the build:
    # the same pack from the same content is the same bytes on any day.
    assert font["name"].getDebugName(13) == whole["name"].getDebugName(13)
    assert font["head"].modified == whole["head"].modified
    # Kerning and hinting stay, so text is spaced and drawn as in the PDF.
    assert "GPOS" in font and "fpgm" in font
    # The bytes the packs carry (cached by an earlier build, or made now) are these bytes.
    assert dict(wordfonts.faces("lato"))["bold"] == cut
