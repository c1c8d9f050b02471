"""The restricted Markdown every text is written in, read into document blocks by markdown-it-py."""

from __future__ import annotations

import re
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Final

from markdown_it import MarkdownIt
from markdown_it.common.utils import unescapeAll
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin

from .model import (
    CHOICE_GAP,
    Block,
    Callout,
    CalloutKind,
    Contents,
    Cover,
    Emphasis,
    Heading,
    Image,
    ImageRow,
    Inline,
    Letter,
    LineBreak,
    Link,
    ListBlock,
    PageBreak,
    Paragraph,
    ParagraphStyle,
    Signs,
    Strong,
    Table,
    Text,
    Worksheet,
    WriteSpace,
    is_choice_line,
    plain_text,
    sign_lines,
)

CALLOUTS: Final[dict[str, str]] = {
    "note": "Note",
    "safeguarding": "Safeguarding",
    "tip": "Tip",
    "question": "Questions to ask",
    "key": "Key points",
}
CONTENT_CONTAINERS: Final = frozenset({*CALLOUTS, "lines", "box", "cards", "signs"})
"""Containers content authors may use."""
LAYOUT_CONTAINERS: Final = frozenset(
    {
        "cover",
        "band",
        "worksheet",
        "help",
        "letter",
        "include",
        "contents",
        "lead",
        "small",
        "whole",
        "rows",
    }
)
"""Containers only templates use."""
ALL_CONTAINERS: Final = CONTENT_CONTAINERS | LAYOUT_CONTAINERS
ROW_HEIGHT_MM: Final = (5, 150)  # the least and most a table's ``::: rows N`` may ask for
IMAGE_SCHEMES: Final = ("picture:", "asset:")
LINK_SCHEMES: Final = ("https://", "http://", "mailto:", "tel:", "#")


@dataclass(frozen=True, slots=True)
class MarkdownProblem:
    line: int  # 1-based, within the text given
    message: str


class MarkdownError(Exception):
    """The text uses Markdown outside the supported subset; carries every problem found."""

    def __init__(self, problems: list[MarkdownProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"line {p.line}: {p.message}" for p in problems))


def _any_container(params: str, *_: object) -> bool:
    return bool(params.strip())


@cache
def _parser() -> MarkdownIt:
    # linkify: a web address written out ("ceop.police.uk") is a link too, in the PDF and the
    # Word file, as one written as a link is (a pack shared by email lost them).
    options = {"html": False, "typographer": False, "linkify": True}
    md = MarkdownIt("commonmark", options).enable(["table", "linkify"])
    # One container rule for every name (the reader checks the name): a rule per name would be
    # tried on every line, which dominated the time to read a whole pack.
    md.use(container_plugin, name="div", validate=_any_container)
    return md


@dataclass(eq=False)
class _Node:
    """A parsed element: markdown-it's tokens nested into a tree."""

    type: str
    tag: str = ""
    info: str = ""
    markup: str = ""
    map: list[int] | None = None
    attrs: dict[str, str | int | float] = field(default_factory=dict)
    content: str = ""
    children: list[_Node] = field(default_factory=list)
    parent: _Node | None = None


def _tree(tokens: Sequence[Token], root: _Node | None = None) -> _Node:
    # markdown-it-py's _Node does the same but was most of the time spent reading a pack.
    root = root or _Node("root")
    stack = [root]
    for token in tokens:
        if token.nesting == -1:
            stack.pop()
            continue
        kind = token.type[:-5] if token.nesting == 1 else token.type
        node = _Node(
            kind,
            token.tag,
            token.info,
            token.markup,
            token.map,
            dict(token.attrs),
            token.content,
            parent=stack[-1],
        )
        stack[-1].children.append(node)
        if token.nesting == 1:
            stack.append(node)
        elif token.children:
            _tree(token.children, node)
    return root


SIGN_WORD_CHARS: Final = 20  # a sign's word (or words) at most: read from across the room
SIGN_TEXT_CHARS: Final = 100  # what it means, at most: a line or two under the word
CARDS_MAX: Final = 4  # cards to a row: more would be too small to read across a room


def _choices(children: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """A line of bold choices for a pupil to circle ("**Send the photo.** · **Block and
    report.**"): no choice is broken across two lines, and wide gaps stand for the dots."""
    if not is_choice_line(children):
        return children
    options = [c for c in children if isinstance(c, Strong)]
    kept: list[Inline] = []
    for index, option in enumerate(options):
        if index:
            kept.append(Text(CHOICE_GAP))
        kept.append(Strong(tuple(_unbroken(c) for c in option.children)))
    return tuple(kept)


def _labelled(before: Block, block: Block) -> ImageRow | None:
    """Pictures and the line of choices after them, one choice for each picture, as one row:
    each choice under its picture (set out as a line, the choices did not line up with the
    pictures above them, and a child who cannot read could not tell which was which)."""
    if not isinstance(before, ImageRow) or before.labels or not isinstance(block, Paragraph):
        return None
    if not is_choice_line(block.children):
        return None
    options = [c for c in block.children if isinstance(c, Strong)]
    if len(options) != len(before.images):
        return None
    # As written: under its picture a choice may break between words (its column is narrower
    # than a line), so it is not set out as a line of choices is.
    return ImageRow(before.images, tuple((option,) for option in options))


# UK numbers as printed: 0800 1111, 0808 800 5000, 01782 235100, 116 000; and the short ones.
# Digits joined to a slash or hyphen are a date, a reference or part of a web address
# (".../circular-0042026-crime-..."), not a number to ring.
PHONE = re.compile(
    r"(?<![\d/-])(?:0\d{2,4}[ \u00a0]?\d{3,4}(?:[ \u00a0]?\d{3,4})?|116[ \u00a0]?\d{3})(?![\d/-])"
)


def _phones_unbroken(text: str) -> str:
    """The text with the spaces inside each phone number made no-break spaces: a card in a
    narrow column printed "Childline: 0800" over "1111", which reads as two numbers."""
    return PHONE.sub(lambda found: found[0].replace(" ", "\u00a0"), text)


def _unbroken(inline: Inline) -> Inline:
    return Text(inline.text.replace(" ", "\u00a0")) if isinstance(inline, Text) else inline


def container_name(node: _Node) -> str | None:
    """The name of a ``::: name`` container node, or None for any other node."""
    if node.type != "container_div":
        return None
    return node.info.strip().split(" ", 1)[0]


_SLUG_STRIP = re.compile(r"[^a-z0-9]+")
# Latin letters that are not a base letter plus accents, so NFKD keeps them whole and the ASCII
# step below would drop them ("Łukasz" → "ukasz", "Straße" → "strae"): written as English does.
_LATIN_LETTERS: Final = str.maketrans(
    {
        "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "ß": "ss", "ẞ": "SS", "Æ": "AE", "æ": "ae",
        "Œ": "OE", "œ": "oe", "Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Þ": "Th", "þ": "th",
        "ı": "i", "Ħ": "H", "ħ": "h", "Ŧ": "T", "ŧ": "t", "Ŋ": "N", "ŋ": "n",
    }
)  # fmt: skip


_SLUG_CHARS: Final = 60  # a folder or anchor name at most


def slugify(text: str, fallback: str = "section") -> str:
    """A stable, readable anchor or folder name for some text (ASCII, hyphenated)."""
    latin = text.translate(_LATIN_LETTERS)
    ascii_text = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode()
    slug = _SLUG_STRIP.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > _SLUG_CHARS:
        # Cut at a word's end where one is near: "...-church-of-englan.zip", emailed to a
        # school, looked like a typo.
        cut = slug[: _SLUG_CHARS + 1]
        end = cut.rfind("-")
        slug = cut[:end] if end >= _SLUG_CHARS // 2 else cut[:_SLUG_CHARS]
    return slug.strip("-") or fallback


_ESCAPABLE = re.compile(r"([!-/:-@\[-`{-~])")
_SPACES = re.compile(r"[^\S\u00a0]+")  # runs of white space, but not a no-break space
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")
REPLACEMENT = "\ufffd"


def escape(text: str) -> str:
    """Make plain text safe to place in Markdown: it will read back as exactly these words."""
    # Every ASCII punctuation character may be backslash-escaped in CommonMark, so escaping all of
    # them means no value can open emphasis, a link, a container, a table cell or an HTML entity.
    text = CONTROL_CHARACTERS.sub(REPLACEMENT, _SPACES.sub(" ", text))
    return _ESCAPABLE.sub(r"\\\1", text)


@dataclass
class ReadContext:
    """What a template-produced text may refer to: pre-read fragments, and anchors in use."""

    fragments: Mapping[int, tuple[Block, ...]] = field(default_factory=dict)
    anchors: set[str] = field(default_factory=set)

    def anchor_for(self, text: str) -> str:
        base = slugify(text)
        anchor, n = base, 2
        while anchor in self.anchors:
            anchor, n = f"{base}-{n}", n + 1
        self.anchors.add(anchor)
        return anchor


class _Reader:
    def __init__(
        self,
        allowed: frozenset[str],
        context: ReadContext,
        max_heading: int,
        first_heading: int | None = None,
    ) -> None:
        self.allowed = allowed
        self.context = context
        self.max_heading = max_heading
        self.problems: list[MarkdownProblem] = []
        # The level of the text's heading before this one; for content, which the packs place
        # under a heading of their own, one above the deepest its first heading may be.
        self.last_heading: int | None = None if first_heading is None else first_heading - 1
        self.headings_seen = False

    def fail(self, node: _Node, message: str) -> None:
        line = (node.map[0] + 1) if node.map else self._nearest_line(node)
        self.problems.append(MarkdownProblem(line, message))

    def _nearest_line(self, node: _Node) -> int:
        current: _Node | None = node
        while current is not None:
            if current.map:
                return current.map[0] + 1
            current = current.parent
        return 1

    # -- blocks ---------------------------------------------------------------------------------

    def blocks(self, nodes: list[_Node]) -> list[Block]:
        out: list[Block] = []
        for node in nodes:
            for block in self.block(node):
                labelled = _labelled(out[-1], block) if out else None
                if labelled is not None:
                    out[-1] = labelled
                elif isinstance(block, Paragraph):
                    out.append(replace(block, children=_choices(block.children)))
                else:
                    out.append(block)
        return out

    def block(self, node: _Node) -> list[Block]:
        kind = node.type
        if kind == "paragraph":
            return self.paragraph(node)
        if kind == "heading":
            return [self.heading(node)]
        if kind in {"bullet_list", "ordered_list"}:
            items = tuple(tuple(self.blocks(item.children)) for item in node.children)
            return [ListBlock(ordered=kind == "ordered_list", items=items)]
        if kind == "table":
            return [self.table(node)]
        if kind == "hr":
            if node.markup.startswith("-"):
                self.fail(
                    node, "use *** for a page break (--- is easily read as a heading underline)"
                )
            return [PageBreak()]
        name = container_name(node)
        if name is not None:
            return self.container(node, name)
        names = {
            "code_block": "indented code (lines starting with four spaces)",
            "fence": "a code fence (```)",
            "blockquote": "a block quote (>)",
            "html_block": "HTML",
        }
        self.fail(node, f"{names.get(kind, kind)} is not supported in lesson Markdown")
        return []

    def paragraph(self, node: _Node) -> list[Block]:
        inline = node.children[0]
        # A paragraph holding only pictures is a picture, or a row of them, not text.
        parts = [c for c in inline.children if not (c.type == "text" and not c.content.strip())]
        parts = [c for c in parts if c.type != "softbreak"]
        if parts and all(c.type == "image" for c in parts):
            images = [img for img in (self.image(c) for c in parts) if img is not None]
            if len(images) == 1:
                return [images[0]]
            return [ImageRow(tuple(images))] if images else []
        return [Paragraph(self.inlines(inline.children))]  # a line of choices: see `blocks`

    def heading(self, node: _Node) -> Heading:
        level = int(node.tag[1])
        if node.markup in {"=", "-"}:
            self.fail(node, "underlined (setext) headings are not supported; start the line with #")
        if level > self.max_heading:
            self.fail(node, f"heading level {level} is too deep (at most {self.max_heading} #)")
            level = self.max_heading
        # A screen reader's list of headings, Word's navigation pane and the PDF's bookmarks all
        # nest by level: a skipped one leaves a section under the wrong parent.
        if self.last_heading is not None and level > self.last_heading + 1:
            after = (
                f"follows a level {self.last_heading} heading"
                if self.headings_seen
                else "starts the text, under the pack's own heading"
            )
            self.fail(
                node,
                f"heading level {level} {after}, skipping a level "
                f"(write {'#' * (self.last_heading + 1)})",
            )
        self.headings_seen = True
        self.last_heading = level
        children = self.inlines(node.children[0].children)
        text = plain_text(children)
        return Heading(level, children, self.context.anchor_for(text))

    def table(self, node: _Node) -> Table:
        header: tuple[tuple[Inline, ...], ...] = ()
        rows: list[tuple[tuple[Inline, ...], ...]] = []
        for section in node.children:
            for row in section.children:
                cells = tuple(
                    self.inlines(cell.children[0].children) if cell.children else ()
                    for cell in row.children
                )
                if section.type == "thead":
                    header = cells
                else:
                    rows.append(cells)
        return Table(header, tuple(rows))

    def container(self, node: _Node, name: str) -> list[Block]:
        if name not in ALL_CONTAINERS:
            known = ", ".join(sorted(CONTENT_CONTAINERS))
            self.fail(node, f"unknown container '::: {name}' (available: {known})")
            return []
        if name not in self.allowed:
            self.fail(node, f"the container '::: {name}' is not available here")
            return []
        info = node.info.strip()
        # The info string is raw text: undo backslash escapes a template added to a value.
        argument = unescapeAll(info[len(name) :].strip())
        inner = node.children
        if name in CALLOUTS:
            kind: CalloutKind = name  # type: ignore[assignment]
            return [Callout(kind, argument or CALLOUTS[name], tuple(self.blocks(inner)))]
        if name in {"lines", "box"}:
            return [self.write_space(node, name, argument)]
        if name == "cover":
            band = [c for c in inner if container_name(c) == "band"]
            rest = [c for c in inner if container_name(c) != "band"]
            band_blocks = tuple(self.blocks(band[0].children)) if band else ()
            return [Cover(band_blocks, tuple(self.blocks(rest)))]
        if name == "band":
            self.fail(node, "'band' is only used inside a cover")
            return []
        if name == "worksheet":
            title = argument or "Worksheet"
            helps = [c for c in inner if container_name(c) == "help"]
            body = [c for c in inner if container_name(c) != "help"]
            help_blocks = tuple(self.blocks(helps[0].children)) if helps else ()
            anchor = self.context.anchor_for(title)
            return [Worksheet(title, anchor, tuple(self.blocks(body)), help_blocks)]
        if name == "help":
            self.fail(node, "'help' is only used inside a worksheet")
            return []
        if name == "letter":
            return [Letter(tuple(self.blocks(inner)))]
        if name in {"lead", "small"}:
            style: ParagraphStyle = "lead" if name == "lead" else "small"
            return [
                Paragraph(b.children, style) if isinstance(b, Paragraph) else b
                for b in self.blocks(inner)
            ]
        if name == "cards":
            return self.cards(node, argument)
        if name == "signs":
            return self.signs(node, argument)
        if name == "whole":
            return [
                replace(b, whole=True) if isinstance(b, Table) else b for b in self.blocks(inner)
            ]
        if name == "rows":
            if not argument.isdigit() or not ROW_HEIGHT_MM[0] <= int(argument) <= ROW_HEIGHT_MM[1]:
                self.fail(
                    node,
                    f"'::: rows' needs a row height in millimetres, {ROW_HEIGHT_MM[0]} to "
                    f"{ROW_HEIGHT_MM[1]}, got {argument!r}",
                )
                return []
            height = int(argument)
            return [
                replace(b, row_height=height) if isinstance(b, Table) else b
                for b in self.blocks(inner)
            ]
        if name == "contents":
            depth_text, _, title = argument.partition(" ")
            if depth_text.isdigit():
                return [Contents(title or "Contents", int(depth_text))]
            return [Contents(argument or "Contents")]
        if name == "include":
            return self.include(node, argument)
        raise AssertionError(name)  # every allowed name is handled above

    def cards(self, node: _Node, argument: str) -> list[Block]:
        """``::: cards N``: tables of one column, each row a card to cut out, N to a row; or a
        bullet list, each item a card of several lines (a help card: a title, a line to write
        on, numbers), its lines ended with a backslash."""
        columns = int(argument) if argument.isdigit() else 0
        if not 1 <= columns <= CARDS_MAX:
            self.fail(node, f"'::: cards' needs the number of cards to a row, 1 to {CARDS_MAX}")
            return []
        out: list[Block] = []
        for block in self.blocks(node.children):
            if isinstance(block, ListBlock) and not block.ordered:
                if any(len(i) != 1 or not isinstance(i[0], Paragraph) for i in block.items):
                    self.fail(node, "'::: cards': each item of a list of cards is one paragraph")
                    return []
                rows = tuple(
                    (item[0].children,) for item in block.items if isinstance(item[0], Paragraph)
                )
                out.append(Table(header=((),), rows=rows, cards=columns))
                continue
            if not isinstance(block, Table) or any(
                len(r) != 1 for r in (block.header, *block.rows)
            ):
                self.fail(
                    node,
                    "'::: cards' holds tables of one column (a title, then a card a row) or a "
                    "bullet list (a card an item)",
                )
                return []
            out.append(replace(block, cards=columns))
        return out

    def signs(self, node: _Node, argument: str) -> list[Block]:
        """``::: signs``: a bullet list, each item a sign; its first line is the sign's word, and
        lines after a backslash say what it means."""
        blocks = self.blocks(node.children)
        found = blocks[0] if len(blocks) == 1 else None
        items = found.items if isinstance(found, ListBlock) and not found.ordered else ()
        signs = [i[0].children for i in items if len(i) == 1 and isinstance(i[0], Paragraph)]
        if argument or not signs or len(signs) != len(items):
            self.fail(node, "'::: signs' holds one bullet list, a sign an item, and no number")
            return []
        for sign in signs:
            word, rest = (plain_text(part).strip() for part in sign_lines(sign))
            if not word or len(word) > SIGN_WORD_CHARS:
                self.fail(
                    node,
                    f"'::: signs': a sign's first line is the word read from across the room, "
                    f"1 to {SIGN_WORD_CHARS} characters; got {word!r} ({len(word)})",
                )
            if len(rest) > SIGN_TEXT_CHARS:
                self.fail(
                    node,
                    f"'::: signs': what a sign means (after its first line) is at most "
                    f"{SIGN_TEXT_CHARS} characters, to fit under its word; got {len(rest)}",
                )
        return [Signs(tuple(signs))]

    def write_space(self, node: _Node, name: str, argument: str) -> WriteSpace:
        size_text, _, label = argument.partition(" ")
        limits = {"lines": (1, 30), "box": (10, 250)}[name]
        if not size_text.isdigit() or not limits[0] <= int(size_text) <= limits[1]:
            unit = "number of lines" if name == "lines" else "height in millimetres"
            self.fail(
                node,
                f"'::: {name}' needs a {unit} from {limits[0]} to {limits[1]}, got {size_text!r}",
            )
            return WriteSpace("lines" if name == "lines" else "box", limits[0], label)
        if node.children:
            self.fail(node, f"'::: {name}' holds no text; put the label after the size")
        return WriteSpace("lines" if name == "lines" else "box", int(size_text), label.strip())

    def include(self, node: _Node, argument: str) -> list[Block]:
        key_text, _, shift_text = argument.partition(" ")
        fragment = self.context.fragments.get(int(key_text)) if key_text.isdigit() else None
        if fragment is None:
            self.fail(node, f"unknown fragment {argument!r}")
            return []
        shift = int(shift_text) if shift_text.isdigit() else 0
        return [self._reanchor(block, shift) for block in fragment]

    def _reanchor(self, block: Block, shift: int) -> Block:
        # A fragment is read once but may appear in several places; anchors must stay unique.
        if isinstance(block, Heading):
            level = min(block.level + shift, 4)
            return Heading(
                level, block.children, self.context.anchor_for(plain_text(block.children))
            )
        if isinstance(block, Callout):
            return Callout(
                block.kind, block.title, tuple(self._reanchor(b, shift) for b in block.blocks)
            )
        return block

    def image(self, node: _Node) -> Image | None:
        src = str(node.attrs.get("src", ""))
        alt = plain_text(self.inlines(node.children)).strip()
        if not src.startswith(IMAGE_SCHEMES):
            self.fail(node, f"pictures come from 'picture:NAME', got {src!r}")
            return None
        if not alt:
            self.fail(
                node, "a picture needs alt text describing it: ![what it shows](picture:NAME)"
            )
        title = str(node.attrs.get("title", "") or "60").removesuffix("mm").strip()
        try:
            width = float(title)
        except ValueError:
            self.fail(node, f"a picture's width is a number of millimetres, got {title!r}")
            width = 60.0
        if not 5 <= width <= 180:
            self.fail(node, f"a picture's width must be 5 to 180 mm, got {width:g}")
        return Image(src, alt, width)

    # -- inlines --------------------------------------------------------------------------------

    def inlines(self, nodes: list[_Node]) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for node in nodes:
            kind = node.type
            if kind == "text":
                out.append(Text(_phones_unbroken(node.content)))
            elif kind == "softbreak":
                out.append(Text(" "))
            elif kind == "hardbreak":
                out.append(LineBreak())
            elif kind == "strong":
                out.append(Strong(self.inlines(node.children)))
            elif kind == "em":
                out.append(Emphasis(self.inlines(node.children)))
            elif kind == "link":
                href = str(node.attrs.get("href", ""))
                if node.markup == "linkify":
                    shown = "".join(child.content for child in node.children)
                    if not shown.startswith(("www.", "https://", "http://")):
                        # "ceop.police.uk": whether the site answers without www is not known
                        # here, so it is linked only as written out in full, [as](https://…).
                        out.extend(self.inlines(node.children))
                        continue
                    href = "https://" + href.removeprefix("http://")  # every service's is https
                if not href.startswith(LINK_SCHEMES):
                    allowed = ", ".join(LINK_SCHEMES[:-1]) + f" or {LINK_SCHEMES[-1]}"
                    self.fail(node, f"links must start with {allowed}, got {href!r}")
                    out.extend(self.inlines(node.children))
                else:
                    out.append(Link(href, self.inlines(node.children)))
            elif kind == "code_inline":
                self.fail(node, "`code` is not supported in lesson Markdown")
                out.append(Text(node.content))
            elif kind == "image":
                self.fail(node, "a picture must stand in a paragraph of its own")
            else:
                self.fail(node, f"{kind} is not supported in lesson Markdown")
        return _merge_text(out)


def _merge_text(items: list[Inline]) -> tuple[Inline, ...]:
    merged: list[Inline] = []
    for item in items:
        if isinstance(item, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + item.text)
        else:
            merged.append(item)
    return tuple(merged)


def read(
    text: str,
    *,
    allowed: frozenset[str] = CONTENT_CONTAINERS,
    context: ReadContext | None = None,
    max_heading: int = 4,
    first_heading: int | None = None,
) -> tuple[Block, ...]:
    """Read restricted Markdown into blocks, or raise ``MarkdownError`` listing every problem.

    ``first_heading``: the deepest level the text's first heading may be (content is placed
    under a heading of the pack's own: a guidance text's ``###`` came straight under its
    chapter's ``#``); by default, any."""
    reader = _Reader(allowed, context or ReadContext(), max_heading, first_heading)
    tree = _tree(_parser().parse(text))
    blocks = reader.blocks(tree.children)
    if reader.problems:
        raise MarkdownError(reader.problems)
    return tuple(blocks)


_CHUNK_LIMIT: Final = 2_000  # sections remembered: several documents' worth, a few MB at most
_CHUNKS: OrderedDict[tuple[object, ...], tuple[tuple[Block, ...], frozenset[str]]] = OrderedDict()
_INCLUDE = re.compile(r"^::: include (\d+)", re.MULTILINE)
_FENCE = re.compile(r":::+")
_CUT = re.compile(r"#{1,3} ")


def _sections(text: str) -> list[str]:
    """The text cut before each top-level heading (levels 1–3) that follows a blank line.

    Such a heading ends whatever came before it (paragraph, list or table) and nothing inside a
    container is cut, so reading the sections one after another gives the same blocks as
    reading the whole text.
    """
    lines = text.split("\n")
    sections: list[str] = []
    start = depth = 0
    for index, line in enumerate(lines):
        fence = _FENCE.match(line)
        if fence:
            depth += 1 if line[fence.end() :].strip() else -1
            depth = max(depth, 0)
        elif depth == 0 and _CUT.match(line) and index > start and not lines[index - 1]:
            sections.append("\n".join(lines[start:index]) + "\n")
            start = index
    sections.append("\n".join(lines[start:]))
    return sections


def read_document(
    text: str, *, allowed: frozenset[str] = ALL_CONTAINERS, context: ReadContext
) -> tuple[Block, ...]:
    """``read`` for a whole rendered document, remembering each section it has read before.

    Many documents share most of their sections word for word (every school's KS3 pack has the
    same lessons); a section is read again only if its text, the fragments it includes or the
    anchors already taken before it differ. Any problem is reported from a read of the whole
    text, so line numbers are the document's own.
    """
    blocks: list[Block] = []
    taken = set(context.anchors)
    try:
        for section in _sections(text):
            refs = tuple(context.fragments.get(int(n), ()) for n in _INCLUDE.findall(section))
            key = (section, allowed, frozenset(context.anchors), refs)
            found = _CHUNKS.get(key)
            if found is None:
                before = set(context.anchors)
                read_blocks = read(section, allowed=allowed, context=context)
                found = (read_blocks, frozenset(context.anchors - before))
                _CHUNKS[key] = found
                if len(_CHUNKS) > _CHUNK_LIMIT:
                    _CHUNKS.popitem(last=False)
            else:
                _CHUNKS.move_to_end(key)
                context.anchors.update(found[1])
            blocks.extend(found[0])
    except MarkdownError:
        context.anchors.clear()
        context.anchors.update(taken)
        return read(text, allowed=allowed, context=context)
    return tuple(blocks)


Walker = Callable[[Block], None]


def walk(blocks: tuple[Block, ...], visit: Walker) -> None:
    """Call ``visit`` on every block, depth first, including blocks nested in others."""
    for block in blocks:
        visit(block)
        match block:
            case Callout(blocks=inner):
                walk(inner, visit)
            case Worksheet(blocks=inner, help=help_blocks):
                walk(inner, visit)
                walk(help_blocks, visit)
            case Letter(blocks=inner):
                walk(inner, visit)
            case Cover(band=band, blocks=inner):
                walk(band, visit)
                walk(inner, visit)
            case ImageRow(images=images):
                walk(images, visit)
            case ListBlock(items=items):
                for item in items:
                    walk(item, visit)
            case _:
                pass


def block_text(block: Block) -> str:
    """The words a block shows, for checks such as readability and vocabulary."""
    match block:
        case Paragraph(children=children) | Heading(children=children):
            return plain_text(children)
        case Table(header=header, rows=rows):
            cells = [*header, *(cell for row in rows for cell in row)]
            return "\n".join(plain_text(cell) for cell in cells)
        case Image(alt=alt):
            return alt
        case ImageRow(labels=labels):
            return "\n".join(plain_text(label) for label in labels)
        case WriteSpace(label=label):
            return label
        case Callout(title=title):
            return title
        case Worksheet(title=title):
            return title
        case Signs(signs=signs):
            return "\n".join(plain_text(sign) for sign in signs)
        case _:
            return ""


def all_text(blocks: tuple[Block, ...]) -> list[str]:
    """The text of every block, nested ones included, in reading order."""
    found: list[str] = []
    walk(blocks, lambda b: found.append(block_text(b)))
    return [t for t in found if t]
