"""Paragraphs kept between documents: the same words in the same style are laid out once."""

from __future__ import annotations

import weakref
from collections import OrderedDict
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

# About one long pack's worth of paragraphs per font and print size: the lessons, facts and
# glossary that every school's pack shares. Bounded, so a worker in a long batch stays small.
LIMIT = 12_000


class LinePara(Paragraph):  # type: ignore[misc]
    """A reportlab paragraph that remembers how it broke into lines at each width.

    Platypus asks a paragraph for its size several times as it fits a page (and a table asks
    each cell more than once); breaking the lines is most of that work, and the answer for a
    given width never changes.
    """

    def breakLines(self, width: Any) -> Any:  # noqa: N802 (reportlab's name)
        memo: dict[Any, Any] = self.__dict__.setdefault("_line_memo", {})
        key = tuple(width) if isinstance(width, list) else width
        found = memo.get(key)
        if found is None:
            found = memo[key] = super().breakLines(width)
        return found

    def split(self, width: float, height: float) -> list[Any]:
        parts: list[Any] = super().split(width, height)
        if len(parts) > 1:
            # Splitting edits the words of the broken lines in place (a space is added at each
            # line end), so those lines must not be drawn later as if untouched.
            self.__dict__.pop("_line_memo", None)
        return parts


_STYLE_KEYS: weakref.WeakKeyDictionary[ParagraphStyle, tuple[Any, ...]] = (
    weakref.WeakKeyDictionary()
)


def style_key(style: ParagraphStyle) -> tuple[Any, ...]:
    """Everything about a style that changes how a paragraph looks.

    Remembered beside the style, not on it: a style derived from another copies its parent's
    attributes, and would copy a remembered key with them.
    """
    key = _STYLE_KEYS.get(style)
    if key is None:
        key = _STYLE_KEYS[style] = tuple(
            (name, repr(getattr(style, name))) for name in sorted(style.defaults)
        )
    return key


# What a paragraph keeps between documents: its parsed words (``frags``, which line breaking
# replaces with a processed form of the same words) and its remembered line breaks. Everything
# else platypus leaves on it while placing it on a page ("keep with next" switched off inside a
# group, "postponed" to the next frame, extra space from a list, the last size asked for) is
# put back as it was when the paragraph was made.
_KEEP = frozenset({"frags", "_line_memo", "_width_max", "_splitLongWordCount", "_hyphenations"})


class ParagraphCache:
    """Laid-out paragraphs by (markup, style), shared by the documents one process renders.

    A paragraph taken from the cache is reset to how it was made (keeping its line breaks), so a
    document comes out byte for byte the same whatever was rendered before it. One object is
    never placed twice in the same document: a repeat gets a fresh paragraph.
    """

    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self.items: OrderedDict[tuple[Any, ...], tuple[LinePara, dict[str, Any]]] = OrderedDict()

    def session(self) -> ParagraphSession:
        return ParagraphSession(self)

    def clear(self) -> None:
        self.items.clear()


class ParagraphSession:
    """One document's use of the cache: remembers which paragraphs it has already placed."""

    def __init__(self, cache: ParagraphCache) -> None:
        self.cache = cache
        self.used: set[tuple[Any, ...]] = set()

    def paragraph(self, text: str, style: ParagraphStyle) -> LinePara:
        key = (text, style_key(style))
        if key in self.used:
            return LinePara(text, style)
        self.used.add(key)
        items = self.cache.items
        entry = items.get(key)
        if entry is None:
            made = LinePara(text, style)
            items[key] = (made, dict(made.__dict__))
            if len(items) > self.cache.limit:
                items.popitem(last=False)
            return made
        items.move_to_end(key)
        found, as_made = entry
        kept = {name: value for name, value in found.__dict__.items() if name in _KEEP}
        found.__dict__.clear()
        found.__dict__.update(as_made)
        found.__dict__.update(kept)
        return found


PARAGRAPHS = ParagraphCache()
