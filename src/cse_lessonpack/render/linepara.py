"""A reportlab paragraph that breaks into lines once per width, however often it is measured."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Paragraph


class LinePara(Paragraph):  # type: ignore[misc]
    """A reportlab paragraph that remembers how it broke into lines at each width.

    Platypus asks a paragraph for its size several times as it fits a page (and a table asks
    each cell more than once); breaking the lines is most of that work, and for a given width
    the answer never changes. (Splitting a paragraph between pages builds new paragraphs from
    these lines without editing them, so a remembered answer stays true.)
    """

    def breakLines(self, width: Any) -> Any:  # noqa: N802 (reportlab's name)
        memo: dict[Any, Any] = self.__dict__.setdefault("_line_memo", {})
        key = tuple(width) if isinstance(width, list) else width
        found = memo.get(key)
        if found is None:
            found = memo[key] = super().breakLines(width)
        return found
