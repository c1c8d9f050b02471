"""A reportlab paragraph that breaks into lines once per width, however often it is measured."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final
from xml.sax.saxutils import escape, unescape

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import ParaLines
from reportlab.platypus.paraparser import ParaFrag

# A link as `richtext.inline_markup` writes it; the label is plain escaped text.
_LINK = re.compile(r'(<a href="[^"]*" color="[^"]*"><u>)([^<\s]+)(</u></a>)')
# Where a web address may break: before a slash, hyphen, dot or a query's punctuation (the
# Chicago Manual's rule), so a line that starts "-education" or "/publications" is plainly the
# address going on, never a word hyphenated at the line's end. The scheme's "//" stays whole.
_PIECE = re.compile(r"^(?:[a-z]+://)?[^/\-.?#_~&=]*|[/\-.?#_~&=]+[^/\-.?#_~&=]*")
_ROOM = 0.97  # leave a little room: a bold or italic context draws the label a touch wider


class LinePara(Paragraph):  # type: ignore[misc]
    """A reportlab paragraph that remembers how it broke into lines at each width.

    Platypus asks a paragraph for its size several times as it fits a page (and a table asks
    each cell more than once); breaking the lines is most of that work, and for a given width
    the answer never changes. (Splitting a paragraph between pages builds new paragraphs, each
    remembering its own lines; the lines remembered here are never edited.)

    A printed web address longer than a line is broken here, before its slashes and hyphens:
    reportlab breaks such an address once, after a slash, and then lets the rest run off the
    page (or splits it mid-word), so the address a reader types from paper was cut short.
    """

    def breakLines(self, width: Any) -> Any:  # noqa: N802 (reportlab's name)
        fixed = self.__dict__.get("_fixed_lines")
        if fixed is not None:
            return fixed  # one part of a paragraph split across pages: its share of the lines
        memo: dict[Any, Any] = self.__dict__.setdefault("_line_memo", {})
        key = tuple(width) if isinstance(width, list) else width
        found = memo.get(key)
        if found is None:
            found = super().breakLines(width)
            if _runs_over(self, found):
                narrowest = min(key) if isinstance(key, tuple) else key
                broken = _break_long_links(self.text, narrowest, self.style)
                if broken is not None:
                    # Each line of the address is its own link to the whole address; the lines
                    # carry their own fragments, so this paragraph draws them as its own.
                    other = Paragraph(broken, self.style)
                    found = other.breakLines(width)
                    self.__dict__["_broken_lines"] = found.lines
                    # The lines index into that paragraph's fragments, not this one's.
                    self.__dict__.setdefault("_frags_of", {})[id(found)] = other.frags
            memo[key] = found
        return found

    def split(self, availWidth: Any, availHeight: Any) -> Any:  # noqa: N803 (reportlab's names)
        """Split across pages; a paragraph whose address was broken here gives each part its own
        share of those lines, since reportlab rebuilds the parts from their words (the line
        breaks inside the address would be lost, and the address run off the page again)."""
        own: Any = self.__dict__["frags"]
        # reportlab cuts the fragments at the lines' word indexes: give it the fragments the
        # lines were made from (a large-print address split in a list item raised IndexError).
        frags = self.__dict__.get("_frags_of", {}).get(id(getattr(self, "blPara", None)))
        try:
            if frags is not None:
                self.__dict__["frags"] = frags
            parts = super().split(availWidth, availHeight)
        finally:
            self.__dict__["frags"] = own
        lines = self.__dict__.get("_broken_lines")
        if lines is not None and len(parts) == 2:
            first, rest = parts
            cut = len(first.blPara.lines)
            first.__dict__["_fixed_lines"] = ParaLines(kind=1, lines=lines[:cut])
            rest.__dict__["_fixed_lines"] = ParaLines(kind=1, lines=lines[cut:])
        return parts


def _runs_over(paragraph: Paragraph, lines: Any) -> bool:
    """Whether reportlab's own breaking ran a line past the margin or split a word mid-way."""
    if getattr(paragraph, "_splitLongWordCount", 0):
        return True
    for line in getattr(lines, "lines", ()):
        room = line.extraSpace if hasattr(line, "extraSpace") else line[0]
        if room < -0.01:
            return True
    return False


def _break_long_links(text: object, width: float, style: Any) -> str | None:
    """The markup with every link label wider than ``width`` set on lines of its own, broken at
    slashes and hyphens; None when no label is that wide (the usual case)."""
    if not isinstance(text, str) or "<a " not in text or width <= 0:
        return None
    limit = width * _ROOM
    face, size = style.fontName, style.fontSize
    changed = False

    def lines_of(match: re.Match[str]) -> str:
        nonlocal changed
        start, label, end = match.groups()
        plain = unescape(label)
        if stringWidth(plain, face, size) <= limit:
            return match.group()
        changed = True
        lines: list[str] = []
        line = ""
        for piece in _pieces(plain, face, size, limit):
            if line and stringWidth(line + piece, face, size) > limit:
                lines.append(line)
                line = ""
            line += piece
        lines.append(line)
        # The address starts a line of its own, unless one starts here already.
        before = text[: match.start()].rstrip()
        opening = "" if not before or before.endswith("<br/>") else "<br/>"
        return opening + "<br/>".join(f"{start}{escape(line)}{end}" for line in lines if line)

    broken = _LINK.sub(lines_of, text)
    return broken if changed else None


def _pieces(label: str, face: str, size: float, limit: float) -> list[str]:
    """The label cut before each break point; a piece still too wide is cut by characters."""
    out: list[str] = []
    for piece in _PIECE.findall(label):
        while len(piece) > 1 and stringWidth(piece, face, size) > limit:
            # At least one character a line, however narrow the column: never an empty cut.
            cut = len(piece) - 1
            while cut > 1 and stringWidth(piece[:cut], face, size) > limit:
                cut -= 1
            out.append(piece[:cut])
            piece = piece[cut:]
        if piece:
            out.append(piece)
    return out


# How much uneven lines (as a share of the width) a break at each mark is worth: a title's
# phrases end at a dash or a colon ("Lesson 2: Grooming – how it works"), less surely a comma.
PHRASE_BONUS: Final = {"–": 0.45, "—": 0.45, ":": 0.6, ";": 0.3, ",": 0.15}
BALANCE_LEAST: Final = 0.5  # balanced text is set no narrower than this share of its width
BALANCE_STEPS: Final = 10  # halvings in the search for the narrowest width


def balanced_share(lines_at: Callable[[float], int]) -> float:
    """The smallest share of its width (down to BALANCE_LEAST) at which text still takes no
    more lines than at its full width: set there, its words share the lines evenly.
    ``lines_at(share)`` counts the lines at that share of the width."""
    count = lines_at(1.0)
    if count < 2:
        return 1.0
    low, high = BALANCE_LEAST, 1.0
    for _ in range(BALANCE_STEPS):
        middle = (low + high) / 2
        if lines_at(middle) > count:
            low = middle
        else:
            high = middle
    return high


class BalancedPara(LinePara):
    """A heading whose lines are made as even as the same number of lines allows.

    A title that wraps with one or two words on its last line ("Lesson 1: … – myths / and
    facts") reads as an afterthought; set at the narrowest width that still takes as many
    lines, its words share the lines (CSS calls this text-wrap: balance).
    """

    most_lines = 0  # more lines than this are left as they break (0: any number balanced)

    def breakLines(self, width: Any) -> Any:  # noqa: N802 (reportlab's name)
        found = super().breakLines(width)
        if len(found.lines) < 2 or self.__dict__.get("_fixed_lines"):
            return found
        if self.most_lines and len(found.lines) > self.most_lines:
            return found

        def lines_at(share: float) -> Any:
            # reportlab asks with a list (first line's width, the others'): each is scaled alike.
            if isinstance(width, list | tuple):
                return super(BalancedPara, self).breakLines([w * share for w in width])
            return super(BalancedPara, self).breakLines(width * share)

        share = balanced_share(lambda share: len(lines_at(share).lines))
        balanced = lines_at(share) if share < 1.0 else found
        if len(balanced.lines) == 2:
            phrased = self._phrase_lines(width)
            if phrased is not None:
                return phrased
        return balanced

    def _phrase_lines(self, width: Any) -> Any:
        """Two lines broken where the title's phrases part, if that reads better than the
        evenest break: "Lesson 2: Grooming – / how it works and how to spot it", not
        "Lesson 2: Grooming – how / it works and how to spot it". None if the title is not
        plain text in one font, or no break at a phrase is worth the uneven lines."""
        # Only plain runs of text in one face (reportlab's other fragments, such as a
        # character no font has, measure differently).
        runs = {(getattr(f, "fontName", None), getattr(f, "fontSize", None)) for f in self.frags}
        if len(runs) != 1 or any(
            type(f) is not ParaFrag
            or not isinstance(getattr(f, "text", None), str)
            or getattr(f, "link", None)
            for f in self.frags
        ):
            return None
        ((face, size),) = runs
        if face is None or size is None:
            return None
        words = "".join(f.text for f in self.frags).split()
        full = min(width) if isinstance(width, list | tuple) else width
        best: tuple[float, int, float] | None = None
        for cut in range(1, len(words)):
            first = stringWidth(" ".join(words[:cut]), face, size)
            rest = stringWidth(" ".join(words[cut:]), face, size)
            if first > full or rest > full:
                continue
            cost = abs(first - rest) / full - PHRASE_BONUS.get(words[cut - 1][-1], 0.0)
            if best is None or cost < best[0]:
                best = (cost, cut, first)
        if best is None or words[best[1] - 1][-1] not in PHRASE_BONUS:
            return None  # the evenest break is as good: keep it
        _, cut, first = best
        # The first line just wide enough for its words; the second at the full width.
        lines = super().breakLines([first + 0.5, full])
        if len(lines.lines) != 2 or _words_in(lines.lines[0]) != cut:
            return None
        return lines


def _words_in(line: Any) -> int:
    """The words on one of reportlab's broken lines (a tuple, or a line object)."""
    words = line.words if hasattr(line, "words") else line[1]
    return len(words)
