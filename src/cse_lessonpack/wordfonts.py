"""The font faces a Word file carries: whole when small, else cut down to Latin text, cached."""

from __future__ import annotations

import hashlib
import io
import multiprocessing
import os
import tempfile
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import cache
from pathlib import Path
from typing import Final

from cse_lessonpack import fonts
from cse_lessonpack.paths import cache_folder

WHOLE_LIMIT_BYTES: Final = 1_000_000  # a family up to this size travels whole

# A larger family (Lato's four faces are 2.7 MB, mostly Greek, Cyrillic, Vietnamese and IPA)
# travels with the characters English text and people's names in Latin script use: a teacher
# editing the pack types in the same font. Word draws anything else from another font.
KEPT_RANGES: Final = (
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x024F),  # Latin-1 Supplement, Latin Extended-A and -B
    (0x1E80, 0x1E85),  # Welsh: ẁ ẃ ẅ
    (0x1EF2, 0x1EF3),  # Welsh: ỳ
    (0x2000, 0x206F),  # General Punctuation: dashes, quotes, bullet, ellipsis, spaces
    (0x20A0, 0x20BF),  # currency signs
    (0x2100, 0x2122),  # letterlike symbols: №, ™
    (0x2190, 0x2193),  # arrows
    (0x2212, 0x2212),  # minus sign
    (0x25A0, 0x25CF),  # squares and circles: tick boxes and bullets
    (0x2610, 0x2612),  # ballot boxes
    (0x2713, 0x2714),  # check marks
    (0xFB01, 0xFB02),  # fi and fl ligatures
)
# Part of the cache key: a change to the kept characters or the options must make new subsets.
SUBSET_RECIPE: Final = "latin-4"


def kept_code_points() -> frozenset[int]:
    return frozenset(cp for first, last in KEPT_RANGES for cp in range(first, last + 1))


def is_whole(key: str) -> bool:
    """Whether Word files carry the family's faces whole, or cut down to Latin text."""
    fam = fonts.family(key)
    size = sum(fonts.font_file(fam.package, s).stat().st_size for s in fonts.STYLES)
    return size <= WHOLE_LIMIT_BYTES


@cache
def faces(key: str) -> tuple[tuple[str, bytes], ...]:
    """(style, font file bytes) for each of a family's four faces, as a Word file carries them."""
    fam = fonts.family(key)
    paths = [(style, fonts.font_file(fam.package, style)) for style in fonts.STYLES]
    if is_whole(key):
        return tuple((style, path.read_bytes()) for style, path in paths)
    wanted = {style: _cache_path(path) for style, path in paths}
    found = {style: _read(place) for style, place in wanted.items()}
    missing = [(style, path) for style, path in paths if found[style] is None]
    if missing:
        for (style, _), data in zip(missing, _subsets([p for _, p in missing]), strict=True):
            found[style] = data
            _store(wanted[style], data)
    return tuple((style, data) for style, data in found.items() if data is not None)


def subset_face(path: Path) -> bytes:
    """One face cut down to the kept characters, with its kerning, ligatures and hinting."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    # The font's own timestamp is kept, so the same face gives the same bytes on every run.
    font = TTFont(path, recalcTimestamp=False)
    options = subset.Options()
    options.hinting = True
    options.notdef_outline = True
    options.legacy_kern = True  # Word kerns with the old 'kern' table
    options.name_IDs = ["*"]  # the licence and the family's names stay with the font
    options.name_languages = ["*"]
    options.prune_codepage_ranges = True  # Word then knows which scripts to draw from another
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=kept_code_points())
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _subsets(paths: list[Path]) -> list[bytes]:
    # fontTools reading Lato's kerning takes a quarter of a gigabyte that Python does not hand
    # back; in a helper process it goes when the helper ends, not staying in a batch worker.
    # One helper, the faces in turn: two at once would hold twice that, for a few seconds saved
    # once per machine (the subsets are cached).
    try:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        with ProcessPoolExecutor(1, mp_context=context) as pool:
            return list(pool.map(subset_face, paths))
    except (OSError, NotImplementedError, BrokenProcessPool):
        return [subset_face(path) for path in paths]  # no helper processes here: same bytes


def _cache_path(source: Path) -> Path:
    from fontTools import version as fonttools_version

    digest = hashlib.sha256(source.read_bytes())
    digest.update(f"{SUBSET_RECIPE} fontTools {fonttools_version}".encode())
    return cache_folder() / "word-fonts" / f"{digest.hexdigest()[:32]}.ttf"


def _read(place: Path) -> bytes | None:
    try:
        data = place.read_bytes()
    except OSError:
        return None
    # Anything but a TrueType font there (a stray file) is worked out again.
    return data if data[:4] == b"\x00\x01\x00\x00" else None


def _store(place: Path, data: bytes) -> None:
    """Keep a subset for the next build; an unwritable cache only makes builds slower."""
    try:
        place.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=place.parent, suffix=".tmp")
    except OSError:
        return
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, place)  # whole or not at all, with another build reading it
    except OSError:
        temporary.unlink(missing_ok=True)
