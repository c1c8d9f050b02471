"""The DOCX renderer: python-docx with real Word styles, so a teacher can restyle the pack."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import re
import uuid
import zipfile
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any, Final, assert_never
from xml.sax.saxutils import escape as xml_escape

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import (
    WD_ALIGN_PARAGRAPH,
    WD_BREAK,
    WD_LINE_SPACING,
    WD_TAB_ALIGNMENT,
    WD_TAB_LEADER,
)
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from .. import artwork, fonts, wordfonts
from ..model import (
    CHOICE_GAP,
    COVER_TILE_PAD_MM,
    TABLE_STRIPE,
    Block,
    Callout,
    Contents,
    Cover,
    Document,
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
    Signs,
    Strong,
    Table,
    Text,
    Theme,
    Worksheet,
    WriteSpace,
    cover_tile_logo,
    is_choice_line,
    marks_bold,
    plain_text,
    sign_lines,
)
from .columns import choice_columns, column_widths, fit_unbreakable, width_basis
from .flow import (
    CARD_HEIGHT_MM,
    CARD_PAD_PT,
    CARD_TYPE,
    CLOSING_LIST_ITEMS,
    CLOSING_LIST_LINES,
    GROW_PT,
    LABEL_ON_LINE,
    LARGE_PRINT_PT,
    SHORT_LIST_ITEMS,
    SIGN_GAP_MM,
    SIGN_PAD_MM,
    SIGN_TEXT_PT,
    SIGN_WORD_MAX_PT,
    WRITE_GAP_EMS,
    card_fit,
    card_type_size,
    fit_write_rules,
    furniture_size,
    has_closing_note,
    has_writing_cells,
    help_box_size,
    introduces_list,
    is_all,
    is_form,
    is_run_in,
    is_short_table,
    is_single_line,
    leads_to_writing,
    longest_word,
    plain_zero_family,
    short_last_section,
    small_print_share,
    small_text_size,
    stacked,
    table_text_size,
    text_size,
    zero_runs,
)
from .richtext import clean

CARD_EDGES: Final = ("top", "left", "bottom", "right")
# A sign's height in Word at most, two to a worksheet page: the body left between the header
# and a footer holding the help box (Word makes room for the footer), less the gap, halved.
SIGN_HEIGHT_MM: Final = 110.0
SIGN_SPARE_MM: Final = 2.0  # taken off each sign's half of the page, so two always fit
CONTENT_WIDTH_MM: Final = 174.0  # A4 less 18 mm margins each side
PAGE_HEIGHT_MM: Final = 297.0
TOP_MARGIN_MM: Final = 22.0
BOTTOM_MARGIN_MM: Final = 20.0
# The page number 6.5 mm from the paper's edge on a worksheet, where printers print (at about
# 5 mm it was at the edge of what many can).
WORKSHEET_FOOTER_MM: Final = 6.5
LINE_HEIGHT: Final = 1.25  # a line of Word's single spacing, against the type size (cautious)
HEIGHT_MARGIN: Final = 1.1  # room to spare on a height estimated from the file's font
HELP_BOX_GAP_PT: Final = 4.0  # between a worksheet's last line and the help box in its footer
STRIPE: Final = TABLE_STRIPE.lstrip("#")
RULE: Final = "C8C8D0"  # the light rule between table rows, as in the PDF
# Word measures with the font it has, so widths measured in the file's font get room to spare.
# A paragraph style's size for a body size (the styles are made from it, the cover measured).
_PARAGRAPH_SIZE: Final[dict[str, Callable[[float], float]]] = {
    "body": lambda body: body,
    "lead": lambda body: body * 1.25,
    "small": small_text_size,
}
COVER_PAD_TWIPS: Final = 400  # the cover band's padding
COVER_PAD_MM: Final = COVER_PAD_TWIPS / 20 * 25.4 / 72
WHOLE_TABLE_PT: Final = 300  # a table taller than this may part between pages (A4 body: ~720)
WIDTH_MARGIN: Final = 1.15
LIST_INDENT_PT: Final = 18  # the list styles' indent (a quarter inch)
LIST_INDENT_EMS: Final = 1.6  # in large type, the indent grows with the type

# Styles a teacher will see in Word's style gallery, beside Word's own Title, Heading and List ones.
CALLOUT_STYLE: Final = "Callout"
CALLOUT_TITLE_STYLE: Final = "Callout Title"
SHEET_TEXT: Final = "Worksheet Text"
SHEET_HEADING: Final = "Worksheet Heading"
# Their places in Word's navigation pane (0 is a chapter, as Heading 1).
SHEET_TITLE_OUTLINE: Final = 1
SHEET_HEADING_OUTLINE: Final = 2
SHEET_TITLE: Final = "Worksheet Title"
COVER_TEXT: Final = "Cover Text"
SMALL: Final = "Small Print"
LEAD: Final = "Lead"
AIM: Final = "Activity Aim"  # an activity's purpose, in italics under its heading
TABLE_TEXT: Final = "Table Text"
TABLE_HEADING: Final = "Table Heading"
PACK_TABLE: Final = "Pack Table"  # the tables' look (header colour, stripes, rules) as a style
# A pupil page's lists, tables and cards in the worksheet's type, by style (not by a size on each
# run), so one change to a style in Word resizes every worksheet's lists or tables.
SHEET_BULLET: Final = "Worksheet List Bullet"
SHEET_NUMBER: Final = "Worksheet List Number"
SHEET_TABLE_TEXT: Final = "Worksheet Table Text"
SHEET_TABLE_HEADING: Final = "Worksheet Table Heading"
CARD_TEXT: Final = "Card Text"
HELP_TEXT: Final = "Help Box"
SECTION_MAX: Final = 1200  # characters: about a third of a page of 11 pt body text
BOX_MAX: Final = 900  # a box this short (about a quarter of a page) never splits, as in the PDF
HEADER_LOGO_MM: Final = 7  # the school's logo in the running header, this tall
SMALL_BOX_PT: Final = 180  # a quarter of an A4 page's body (~720 pt), as the PDF's SMALL
READ_ALOUD_BOXES: Final = 2  # a read-aloud box up to twice that (half a page) never splits
SECTION_BODY_PT: Final = 11

# Word embeds a document's fonts obfuscated (ECMA-376 Part 1, 17.8.1): every pack carries its
# text font (see wordfonts), so it looks as designed where the font is not installed.
OBFUSCATED_FONT: Final = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
_EMBED_TAGS: Final = {
    "regular": "w:embedRegular",
    "bold": "w:embedBold",
    "italic": "w:embedItalic",
    "bolditalic": "w:embedBoldItalic",
}


# Style sheets already made, by (theme, font family, language), most recently used last. One is
# kept: a school's files follow one another with the same theme, and keeping four raised a
# 25-school batch's peak memory from 285 to 316 MB for no time saved.
_STYLE_SHEETS: dict[tuple[object, ...], Any] = {}
_STYLE_SHEETS_KEPT: Final = 1
_LEFTOVER_RELATIONSHIPS: Final = frozenset(
    {
        "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml",
    }
)
_PPR: Final = qn("w:pPr")
_PSTYLE: Final = qn("w:pStyle")
_SECTPR: Final = qn("w:sectPr")
_BR: Final = qn("w:br")
_TYPE: Final = qn("w:type")
_VAL: Final = qn("w:val")


@cache
def _embeddable(key: str) -> tuple[tuple[str, str, bytes], ...]:
    """(style, font key, obfuscated bytes) for each face of a family, as the file carries it."""
    out = []
    for style, data in wordfonts.faces(key):
        # The key only has to be a GUID; one derived from the font keeps the output reproducible.
        font_key = "{" + str(uuid.UUID(bytes=hashlib.sha256(data).digest()[:16])).upper() + "}"
        out.append((style, font_key, obfuscate_font(data, font_key)))
    return tuple(out)


def obfuscate_font(data: bytes, font_key: str) -> bytes:
    """A font as Word stores it embedded: the first 32 bytes XORed with the key's 16 bytes, taken
    in reverse order. (The same operation undoes it.)"""
    key = bytes.fromhex(font_key.strip("{}").replace("-", ""))[::-1]
    head = bytes(byte ^ key[index % 16] for index, byte in enumerate(data[:32]))
    return head + data[32:]


def _hex(value: str) -> str:
    return value.lstrip("#").upper()


def _rgb(value: str) -> RGBColor:
    return RGBColor.from_string(_hex(value))


def _set_fonts(element: Any, family: str, body_theme: bool = False) -> None:
    """Set a run or style font outright (see _set_rfonts)."""
    _set_rfonts(element.get_or_add_rPr(), family, body_theme)


def _set_rfonts(rpr: Any, family: str, body_theme: bool = False) -> None:
    """A run-properties element's font (a style's, a run's, or the document default's); with
    ``body_theme``, also linked to the theme's body font (the same family, see _brand_theme)."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), family)
    if body_theme:
        # Word's Design > Fonts then restyles the whole pack (the headings follow Normal); the
        # names stay for a reader that takes no theme fonts.
        for attr in ("w:asciiTheme", "w:hAnsiTheme"):
            rfonts.set(qn(attr), "minorHAnsi")


def _inherit_fonts(element: Any) -> None:
    """A style takes its font from the style it is based on (in the end Normal), rather than a
    theme font or one of its own: a teacher who changes Normal's font changes the headings too."""
    rpr = element.get_or_add_rPr()
    for rfonts in rpr.findall(qn("w:rFonts")):
        rpr.remove(rfonts)


TILE_LEAST_PX: Final = 600  # a logo's tile in Word is drawn at least about this many pixels wide
TILE_MOST_PX_PER_MM: Final = 24  # and never finer than about 600 pixels an inch


def _tile(
    png: bytes, logo_mm: tuple[float, float], tile_mm: tuple[float, float], fill: str
) -> bytes:
    """A logo on a rounded tile of ``fill`` as one PNG: the logo ``logo_mm`` (width, height)
    centred on a tile ``tile_mm``, its padding the corners' radius.

    Drawn at the logo's own pixels a millimetre, but at least ``TILE_LEAST_PX`` across (a
    48-pixel icon's tile had stepped corners, and came out 0.45 mm short by whole pixels) and
    at most ``TILE_MOST_PX_PER_MM`` (a tall, narrow logo's tile, scaled from its width, once
    needed gigabytes).
    """
    from PIL import Image as PILImage
    from PIL import ImageDraw

    with PILImage.open(io.BytesIO(png)) as opened:
        logo = opened.convert("RGBA")
    density = max(logo.width / logo_mm[0], TILE_LEAST_PX / tile_mm[0])
    density = min(density, TILE_MOST_PX_PER_MM)
    drawn = (max(1, round(logo_mm[0] * density)), max(1, round(logo_mm[1] * density)))
    if drawn != logo.size:
        # Enlarged, each pixel repeated, so the logo looks as it did; made smaller, smoothly.
        smaller = drawn[0] < logo.width
        how = PILImage.Resampling.LANCZOS if smaller else PILImage.Resampling.NEAREST
        logo = logo.resize(drawn, how)
    size = (round(tile_mm[0] * density), max(round(tile_mm[1] * density), logo.height))
    radius = (size[0] - logo.width) / 2
    # The corners drawn four times larger and scaled down, so they come out smooth.
    mask = PILImage.new("L", (size[0] * 4, size[1] * 4), 0)
    ImageDraw.Draw(mask).rounded_rectangle(
        (0, 0, mask.width - 1, mask.height - 1), radius=round(radius * 4), fill=255
    )
    tile = PILImage.new("RGBA", size, (*bytes.fromhex(_hex(fill)), 0))
    tile.putalpha(mask.resize(size, PILImage.Resampling.LANCZOS))
    tile.alpha_composite(logo, ((size[0] - logo.width) // 2, (size[1] - logo.height) // 2))
    out = io.BytesIO()
    tile.save(out, format="PNG")
    return out.getvalue()


def _shade(element: Any, fill: str) -> None:
    """Background colour for a table cell (``tcPr``) or a paragraph (``pPr``)."""
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), _hex(fill))
    element.append(shd)


def _cell_borders(cell: _Cell, **edges: tuple[int, str]) -> None:
    """Borders on one cell: edge name -> (width in eighths of a point, colour or 'nil')."""
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for edge in ("top", "left", "bottom", "right"):
        width, colour = edges.get(edge, (0, "nil"))
        node = OxmlElement(f"w:{edge}")
        if colour == "nil":
            node.set(qn("w:val"), "nil")
        else:
            node.set(qn("w:val"), "single")
            node.set(qn("w:sz"), str(width))
            node.set(qn("w:color"), _hex(colour))
        borders.append(node)
    tc_pr.append(borders)


def _borders(tag: str, colour: str, grid: bool, eighths: int = 4) -> Any:
    """Light rules between rows and round the table, and no vertical lines unless ``grid``:
    the PDF's look, instead of the Table Grid style's black box round every cell."""
    borders = OxmlElement(tag)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        node = OxmlElement(f"w:{edge}")
        if edge in ("left", "right", "insideV") and not grid:
            node.set(qn("w:val"), "nil")
        else:
            node.set(qn("w:val"), "single")
            node.set(qn("w:sz"), str(eighths))
            node.set(qn("w:color"), _hex(colour))
        borders.append(node)
    return borders


def _table_rules(table: Any, colour: str, grid: bool = False) -> None:
    """The PDF's rules (see ``_borders``) and room inside each cell, set on one table."""
    tbl_pr = table._tbl.tblPr
    tbl_pr.append(_borders("w:tblBorders", colour, grid))
    tbl_pr.append(_margins("w:tblCellMar", 70, 100, 80, 100))


def _parent(container: Any) -> Any:
    """What python-docx writes blocks into: the body for the document, else the container."""
    return container._body if isinstance(container, DocxDocument) else container


def _unwrapped(children: tuple[Inline, ...], kind: type[Strong | Emphasis]) -> tuple[Inline, ...]:
    """A bold (or italic) line's words without its bold (or italics), for a style that is bold
    (or italic) itself."""
    return tuple(part for c in children for part in (c.children if isinstance(c, kind) else (c,)))


def _text_of(block: Block) -> str:
    """A paragraph's or heading's words; other blocks' are not counted."""
    return plain_text(block.children) if isinstance(block, Paragraph | Heading) else ""


def _style_size(doc: DocxDocument, paragraph: DocxParagraph) -> float:
    """The font size a paragraph's style gives it, following the styles it is based on."""
    style = paragraph.style
    while style is not None:
        if style.font.size is not None:
            return float(style.font.size.pt)
        style = style.base_style
    return float(doc.styles["Normal"].font.size.pt)


def _margins(tag: str, top: int, left: int, bottom: int, right: int) -> Any:
    """A table's (tblCellMar) or one cell's (tcMar) margins, in twentieths of a point."""
    margins = OxmlElement(tag)
    for edge, value in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        node = OxmlElement(f"w:{edge}")
        node.set(qn("w:w"), str(value))
        node.set(qn("w:type"), "dxa")
        margins.append(node)
    return margins


def _cell_margins(cell: _Cell, top: int, left: int, bottom: int, right: int) -> None:
    cell._tc.get_or_add_tcPr().append(_margins("w:tcMar", top, left, bottom, right))


def _bookmark_name(anchor: str) -> str:
    """A heading's anchor as a Word bookmark name: at most 40 characters and starting with a
    letter. Anchors cut to 40 collided ("plenary-look-back-look-forward-5-minutes" four times),
    so a long one keeps a hash of the whole in its last characters."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", anchor)  # Word's names: letters, digits, underscores
    name = name if name[:1].isalpha() else f"h{name}"
    if len(name) <= 40:
        return name
    return f"{name[:31]}_{hashlib.sha256(anchor.encode()).hexdigest()[:8]}"


def _current_word_mode(doc: DocxDocument) -> None:
    """Word 2013 and later layout: python-docx's template asks for Word 2010's, which opens the
    file in "[Compatibility Mode]" and offers to convert it."""
    for setting in doc.settings.element.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


def _runs(paragraph: DocxParagraph) -> list[Run]:
    """The paragraph's runs, those inside its links included: python-docx's ``runs`` skips a
    link's runs, so a size set on them alone left web addresses in the style's smaller type."""
    return [Run(r, paragraph) for r in paragraph._p.xpath("./w:r | ./w:hyperlink/w:r")]


PROPERTY_MAX: Final = 255  # characters in a core property (python-docx's limit, as Word's)


def _property(text: str) -> str:
    """A document property, cut at a word's end to fit: a school's name of 195 characters or
    more made the letter's title too long, and the build failed ("exceeded 255 char limit")."""
    if len(text) <= PROPERTY_MAX:
        return text
    cut = text[: PROPERTY_MAX - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > PROPERTY_MAX // 2 else cut).rstrip(" ,·–-") + "…"


def _room_mm(container: Any) -> float:
    """The width text has in ``container``: the page's, or a table cell's less its margins (a
    "Taught on ____" line in a box ran its rule past the box's edge to the page's margin)."""
    if not isinstance(container, _Cell):
        return CONTENT_WIDTH_MM
    tc_pr = container._tc.tcPr
    if tc_pr is None:
        return CONTENT_WIDTH_MM
    width = tc_pr.find(qn("w:tcW"))
    if width is None or width.get(qn("w:type")) != "dxa":
        return CONTENT_WIDTH_MM
    twips = int(width.get(qn("w:w")))
    margins = tc_pr.find(qn("w:tcMar"))
    for edge in ("left", "right"):
        node = margins.find(qn(f"w:{edge}")) if margins is not None else None
        # Word's default cell margin, where the cell sets none: 0.19 cm (108 twips).
        twips -= int(node.get(qn("w:w"))) if node is not None else 108
    return twips / 56.7


def _fix_widths(table: Any, widths_mm: list[float]) -> None:
    """Column widths Word and LibreOffice both honour: the grid, every cell, and a fixed layout."""
    tbl_pr = table._tbl.tblPr
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(int(sum(widths_mm) * 56.7)))
    width.set(qn("w:type"), "dxa")
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    tbl_pr.append(width)
    for old in tbl_pr.findall(qn("w:tblLayout")):  # python-docx's autofit setter writes one
        tbl_pr.remove(old)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    twips = [str(int(w * 56.7)) for w in widths_mm]
    for index, grid_col in enumerate(table._tbl.tblGrid.findall(qn("w:gridCol"))):
        grid_col.set(qn("w:w"), twips[index])
    # Our tables never merge cells, so a cell's place in its row is its column.
    for row in table._tbl.findall(qn("w:tr")):
        for index, tc in enumerate(row.findall(qn("w:tc"))):
            tc_pr = tc.get_or_add_tcPr()
            tc_w = tc_pr.find(qn("w:tcW"))
            if tc_w is None:
                tc_w = OxmlElement("w:tcW")
                tc_pr.insert(0, tc_w)
            tc_w.set(qn("w:w"), twips[index])
            tc_w.set(qn("w:type"), "dxa")


def _field(paragraph: DocxParagraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES, TOC) with the text shown until Word updates it."""

    def fld(kind: str) -> Any:
        run = OxmlElement("w:r")
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run.append(char)
        return run

    paragraph._p.append(fld("begin"))
    run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run.append(instr)
    paragraph._p.append(run)
    paragraph._p.append(fld("separate"))
    paragraph.add_run(shown)
    paragraph._p.append(fld("end"))


class _Writer:
    def __init__(self, document: Document) -> None:
        self.model = document
        self.theme: Theme = document.theme
        self.doc: DocxDocument = new_docx()
        _current_word_mode(self.doc)
        self.family = fonts.family(self.theme.font).display
        self.numbering_cache: dict[str, str] = {}
        self.bookmark_id = 0
        self.in_worksheet = False
        self.sheet_help: tuple[Block, ...] = ()  # the help box at the foot of the sheet's pages
        self.sheet_outline = 0
        self.in_letter = False  # writing the letter home, whose bold lines are not headings
        # The letter home as a file of its own: its pages are the document's, so Word can number
        # them "Page 1 of 2" (inside a pack, NUMPAGES would count the pack's).
        self.letter_alone = [type(b) for b in document.blocks] == [Letter]
        self.in_help = False  # writing the help box at the foot of a pupil's page
        self.sheet_words: str | None = None  # every worksheet header's words (_pack_sheet_words)
        # Word sets the pupils' plain zeros in Arial, on every Windows and Mac computer (and
        # metric-matched by Liberation Sans where it is not): carrying Lato in the file for a
        # digit doubled a pack's size.
        self.zero_family = "Arial"
        self.break_before = False  # the next body paragraph starts a new page
        self.after_heading = False  # the block being written follows a heading
        self.heading_level = 0  # the level of the last heading in the body, for minor headings
        self.next_block: Block | None = None  # the block after the one being written
        self.spacers: set[Any] = set()  # the empty paragraphs that give tables room after them
        self.width_basis = width_basis(document.blocks)
        # A short last section (see short_last_section) holds fewer characters in larger type.
        self.section_max = int(SECTION_MAX * (SECTION_BODY_PT / self.theme.body_size) ** 2)
        self.box_max = int(BOX_MAX * (SECTION_BODY_PT / self.theme.body_size) ** 2)
        self.footer_keys: dict[int, tuple[object, ...]] = {}  # each section's footer, by place
        self.contents_depth = 1
        self.headings: list[tuple[int, str, str]] = []  # (level, text, anchor) for the contents
        self.style_ids: dict[str, str] = {}
        self.abstract_ids: dict[str, str] = {}  # list style -> its abstract numbering
        # (list style, indent in twips) -> a copy of its numbering indented for large type
        self.wide_abstracts: dict[tuple[str, int], str] = {}
        self.wide_bullets: dict[tuple[str, int], str] = {}  # the same -> a numbering instance
        self.last_num_id: int | None = None
        self._setup()
        # The body's length just after a worksheet's closing section break: while it is unchanged,
        # that empty section becomes the next worksheet's, instead of a blank page between them.
        # It starts as the empty body's, so a document that opens with pages of their own (a
        # letter home alone) takes the first section for them: else its first page is blank.
        self.after_worksheet = len(self.doc.element.body)

    # -- styles and page set-up -----------------------------------------------------------------

    def _setup(self) -> None:
        self._style_sheet()
        self._page_setup()

    def _style_sheet(self) -> None:
        """The document's styles. They depend only on the theme and the language, so the style
        sheet made for one document is copied into the next with the same ones: making it took
        about 0.1 s a file, and a school's dozen Word files share one."""
        key = (self.theme, self.family, self.model.meta.language)
        root = self.doc.styles.element
        made = _STYLE_SHEETS.pop(key, None)
        if made is None:
            self._make_styles(self.doc.styles)
            made = copy.deepcopy(root)
        else:
            root[:] = list(copy.deepcopy(made))
        _STYLE_SHEETS[key] = made  # the most recently used last
        while len(_STYLE_SHEETS) > _STYLE_SHEETS_KEPT:
            del _STYLE_SHEETS[next(iter(_STYLE_SHEETS))]

    def _make_styles(self, styles: Any) -> None:
        theme = self.theme
        size = theme.body_size
        # Every style inherits from Normal; set the family and language once there.
        normal = styles["Normal"]
        _set_fonts(normal.element, self.family, body_theme=True)
        normal.font.size = Pt(size)
        normal.font.color.rgb = _rgb(theme.text)
        normal.paragraph_format.space_after = Pt(size * 0.55)
        # No paragraph leaves one line alone at the foot or head of a page (Word's own default,
        # which python-docx's template lacks).
        normal.paragraph_format.widow_control = True
        normal.paragraph_format.line_spacing = 1.2
        defaults = styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            # The document's default font too (python-docx's template has the theme's, Calibri):
            # a style a teacher makes from scratch starts in the pack's font.
            for rpr in defaults.iter(qn("w:rPr")):
                _set_rfonts(rpr, self.family, body_theme=True)
            for lang in defaults.iter(qn("w:lang")):
                lang.set(qn("w:val"), self.model.meta.language)
                lang.set(qn("w:eastAsia"), self.model.meta.language)
        heading_sizes = {1: 22, 2: 15, 3: 12.5, 4: size}
        for level, points in heading_sizes.items():
            style = styles[f"Heading {level}"]
            _inherit_fonts(style.element)
            style.font.size = Pt(points * size / 11 if level < 4 else points)
            style.font.bold = True
            style.font.italic = False
            style.font.color.rgb = _rgb(theme.heading if level <= 2 else theme.text)
            style.paragraph_format.space_before = Pt({1: 0, 2: 12, 3: 9, 4: 6}[level])
            style.paragraph_format.space_after = Pt({1: 8, 2: 5, 3: 4, 4: 3}[level])
            style.paragraph_format.keep_with_next = True
            _match_linked(styles, style)
        title = styles["Title"]
        _inherit_fonts(title.element)
        title.font.size = Pt(30 * size / 11)
        title.font.bold = True
        # The heading colour, so Title used anywhere in the body is seen; the cover's band sets
        # its own title in the band's text colour.
        title.font.color.rgb = _rgb(theme.heading)
        _match_linked(styles, title)
        self._remove_border(title)
        for name in (
            "List Bullet",
            "List Number",
            "List Bullet 2",
            "List Number 2",
            "List Continue",
        ):
            styles[name].paragraph_format.space_after = Pt(size * 0.3)

        def add(name: str, base: str = "Normal", kind: Any = WD_STYLE_TYPE.PARAGRAPH) -> Any:
            style = styles.add_style(name, kind)
            style.base_style = styles[base]
            style.quick_style = True
            return style

        callout = add(CALLOUT_STYLE)
        callout.paragraph_format.space_after = Pt(size * 0.4)
        callout_title = add(CALLOUT_TITLE_STYLE, CALLOUT_STYLE)
        callout_title.font.bold = True
        callout_title.paragraph_format.keep_with_next = True
        sheet = theme.worksheet_size
        sheet_text = add(SHEET_TEXT)
        sheet_text.font.size = Pt(sheet)
        sheet_text.paragraph_format.space_after = Pt(sheet * 0.5)
        sheet_heading = add(SHEET_HEADING, SHEET_TEXT)
        sheet_heading.font.bold = True
        sheet_heading.font.size = Pt(sheet * 1.15)
        sheet_heading.paragraph_format.space_before = Pt(sheet * 0.6)
        sheet_heading.paragraph_format.keep_with_next = True
        # Under its sheet's title in Word's navigation pane, as in the PDF's bookmarks.
        _outline_level(sheet_heading.element, SHEET_HEADING_OUTLINE)
        for level in (1, 2):  # Word's names for its contents entries, so an update keeps them
            entry = add(f"TOC {level}")
            entry.element.name_val = f"toc {level}"  # as Word names its own (shown "TOC 1")
            # Word's own style, not a custom one beside it; and a right tab with a dotted leader
            # for the page numbers an update writes.
            entry.element.attrib.pop(qn("w:customStyle"), None)
            entry.paragraph_format.tab_stops.add_tab_stop(
                Mm(CONTENT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
            )
            entry.paragraph_format.space_after = Pt(size * 0.15 if level == 2 else size * 0.25)
            entry.paragraph_format.left_indent = Mm(6 * (level - 1))
            entry.quick_style = False
        sheet_title = add(SHEET_TITLE, "Heading 1")
        # One level below the chapter "Pupil worksheets" (or "Student"), in Word's navigation pane.
        _outline_level(sheet_title.element, SHEET_TITLE_OUTLINE)
        sheet_title.font.size = Pt(max(sheet * 1.6, 24))
        cover_text = add(COVER_TEXT)
        cover_text.font.size = Pt(size * 1.3)
        cover_text.font.color.rgb = _rgb(theme.on_primary)
        small = add(SMALL)
        small.font.size = Pt(_PARAGRAPH_SIZE["small"](size))
        small.font.color.rgb = _rgb(theme.muted)
        lead = add(LEAD)
        lead.font.size = Pt(_PARAGRAPH_SIZE["lead"](size))
        aim = add(AIM)
        aim.font.italic = True
        aim.paragraph_format.keep_with_next = True
        table_text = add(TABLE_TEXT)
        table_text.font.size = Pt(table_text_size(size))
        table_text.paragraph_format.space_after = Pt(2)
        self._pack_table_style(styles)
        self._box_styles(styles)
        for name, base in ((SHEET_BULLET, "List Bullet"), (SHEET_NUMBER, "List Number")):
            listed = add(name, base)
            listed.font.size = Pt(sheet)  # the bullet or number too: Word sizes it by the style
            # The list's numbering, repeated on the style: Word takes it from the base style,
            # but not every word processor follows a style's base for its numbering.
            numbering = styles[base].element.pPr.find(qn("w:numPr"))
            listed.element.get_or_add_pPr().append(copy.deepcopy(numbering))
        sheet_table = add(SHEET_TABLE_TEXT, TABLE_TEXT)
        sheet_table.font.size = Pt(self._sheet_table_pt())
        sheet_table_heading = add(SHEET_TABLE_HEADING, SHEET_TABLE_TEXT)
        sheet_table_heading.font.bold = True
        sheet_table_heading.font.color.rgb = _rgb(theme.on_primary)
        card = add(CARD_TEXT, SHEET_TABLE_TEXT)
        card.font.size = Pt(self._sheet_table_pt() * CARD_TYPE)
        card.font.bold = True
        card.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        # Word's own Hyperlink style, in the brand's colour: links a teacher adds match the
        # pack's, and restyling links is one change.
        for name in ("Hyperlink", "FollowedHyperlink"):  # a clicked link keeps the colour too
            hyperlink = styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
            hyperlink.element.attrib.pop(qn("w:customStyle"), None)
            hyperlink.font.color.rgb = _rgb(theme.link)
            hyperlink.font.underline = True
        table_heading = add(TABLE_HEADING, TABLE_TEXT)
        table_heading.font.bold = True
        table_heading.font.color.rgb = _rgb(theme.on_primary)
        help_text = add(HELP_TEXT)
        help_text.font.size = Pt(help_box_size(size, theme.worksheet_size))
        help_text.paragraph_format.space_after = Pt(2)
        for name in ("Header", "Footer"):
            styles[name].font.size = Pt(furniture_size(size))  # as the PDF's
            # One right-aligned tab at the margin, for the logo and the page number (the
            # template's stops are for a narrower page).
            tabs = styles[name].paragraph_format.tab_stops
            tabs.clear_all()
            tabs.add_tab_stop(Mm(CONTENT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
            styles[name].font.color.rgb = _rgb(theme.muted)

    def _page_setup(self) -> None:
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(PAGE_HEIGHT_MM)
        section.left_margin = section.right_margin = Mm(18)
        section.top_margin, section.bottom_margin = Mm(TOP_MARGIN_MM), Mm(BOTTOM_MARGIN_MM)
        section.header_distance, section.footer_distance = Mm(10), Mm(8)
        # The cover carries no running header or footer: only a band at its foot, as the PDF's.
        section.different_first_page_header_footer = True
        self._furniture(section, worksheet_help=None)
        self._cover_foot(section.first_page_footer)
        self._drop_thumbnail()

    def _cover_foot(self, footer: Any) -> None:
        """The cover's foot: a brand-coloured band with the strapline and the web address."""
        paragraph = footer.paragraphs[0]
        cell = _footer_box(footer, paragraph, self.theme.primary)
        _cell_borders(cell)
        _cell_margins(cell, 120, 200, 120, 200)
        line = cell.paragraphs[0]
        self.set_style(line, "Footer")
        tabs = line.paragraph_format.tab_stops
        tabs.clear_all()
        tabs.add_tab_stop(Mm(CONTENT_WIDTH_MM) - Pt(20), WD_TAB_ALIGNMENT.RIGHT)
        strapline = line.add_run(clean(self.theme.strapline))
        strapline.bold = True
        line.add_run("\t" + clean(self.theme.website_label))
        for run in line.runs:
            run.font.color.rgb = _rgb(self.theme.on_primary)
            run.font.size = Pt(max(11.0, furniture_size(self.theme.body_size)))
        # Word needs a paragraph after a table; kept tiny so it adds no height.
        paragraph.paragraph_format.space_after = Pt(0)
        _mark_size(paragraph, 1)

    def _remove_border(self, style: Any) -> None:
        ppr = style.element.find(qn("w:pPr"))
        if ppr is not None:
            for border in ppr.findall(qn("w:pBdr")):
                ppr.remove(border)

    def _drop_thumbnail(self) -> None:
        # python-docx's template carries a thumbnail of an empty page: no preview beats a wrong one.
        rels = self.doc.part.package.rels
        for key, rel in list(rels.items()):
            if rel.reltype == RT.THUMBNAIL:
                del rels[key]

    def _furniture(
        self,
        section: Any,
        worksheet_help: tuple[Block, ...] | None,
        sheet_title: str = "",
        letter: bool = False,
    ) -> None:
        """Header and footer: campaign and page number; on worksheets, the help box too; on a
        letter's pages, only the school's logo and the footer's words (no pack name or number)."""
        meta = self.model.meta
        section.header.is_linked_to_previous = False
        text = clean(meta.footer if worksheet_help is None else meta.worksheet_footer)
        # A footer the same as the section's before it (the worksheets' help box, sheet after
        # sheet) is that one, linked, so a teacher edits one footer, not one on every sheet.
        key = (
            text,
            letter,
            tuple(plain_text(b.children) for b in worksheet_help or () if isinstance(b, Paragraph)),
        )
        # (By place: python-docx moves a section's properties to a new element when it adds
        # the next one.)
        place = next(i for i, s in enumerate(self.doc.sections) if s._sectPr is section._sectPr)
        linked = place > 0 and self.footer_keys.get(place - 1) == key
        self.footer_keys[place] = key
        section.footer.is_linked_to_previous = linked
        header = section.header.paragraphs[0]
        header.text = ""
        self.set_style(header, "Header")
        words = clean(meta.header if worksheet_help is None else meta.worksheet_header)
        if worksheet_help is not None:
            run = header.add_run(f"{meta.worksheet_label} · ")
            run.bold = True
            if sheet_title:  # on each of the sheet's pages, as in the PDF
                words = self._pack_sheet_words(meta.worksheet_label, clean(sheet_title), words)
                header.add_run(f"{clean(sheet_title)} · " if words else clean(sheet_title))
        if not letter and words:
            header.add_run(words)
        if self.theme.school_logo_ref:
            asset = self.model.asset(self.theme.school_logo_ref)
            header.add_run("\t")
            run = header.add_run()
            run.add_picture(io.BytesIO(asset.data), height=Mm(HEADER_LOGO_MM))
            for doc_pr in run._r.xpath(".//wp:docPr"):
                doc_pr.set("descr", clean(f"{meta.author} logo"))
        if linked:
            return
        footer = section.footer
        first = footer.paragraphs[0]
        first.text = ""
        if worksheet_help:
            self._help_box(footer, worksheet_help, before=first)
        self.set_style(first, "Footer")
        if worksheet_help:
            # Word puts the footer line straight under the table; without a gap it touches the box.
            first.paragraph_format.space_before = Pt(4)
        if " · " in text and self._too_wide_for_footer(text):
            # A long school name goes on a line of its own, so the page number keeps its place
            # at the right of the campaign's words (as in the PDF).
            school, campaign = text.split(" · ", 1)
            first.add_run(school).add_break()
            text = campaign
        if letter and not self.letter_alone:
            first.add_run(text)
            return
        words = first.add_run(text)
        if " · " not in text and self._too_wide_for_footer(text):
            # A long school name alone (a worksheet's footer) is set smaller, as the PDF sets
            # it: at full size it ran into the page number, which wrapped ("SchoolPage 87").
            words.font.size = Pt(self._footer_fit(text))
        first.add_run("\tPage ")
        _field(first, "PAGE", "1")
        first.add_run(" of ")  # as the PDF: a page copied on its own says how many there are
        _field(first, "NUMPAGES", "1")

    def _pack_sheet_words(self, label: str, title: str, words: str) -> str:
        """The pack's words for a worksheet's header line: the same on every sheet, as the
        PDF's bands are (one KS5 sheet's header alone left out the campaign's name), in the
        shorter form if any sheet's title needs it (see _sheet_header_words); none only on a
        sheet whose title needs the whole line."""
        if self.sheet_words is None:
            titles = [clean(b.title) for b in self.model.blocks if isinstance(b, Worksheet)]
            needs = {self._sheet_header_words(label, t, words) for t in titles}
            shorter = words.split(" · ", 1)[1] if " · " in words else words
            self.sheet_words = words if needs <= {words} else shorter
        own = self._sheet_header_words(label, title, self.sheet_words)
        return own and self.sheet_words

    def _sheet_header_words(self, label: str, title: str, words: str) -> str:
        """The pack's words for a worksheet's header line, shortened as the PDF's band shortens
        them (the pack's name without the campaign's, then none) when the sheet's title would
        otherwise wrap the line: wrapped in large print, it crowded the sheet's own title."""
        size = furniture_size(self.theme.body_size)
        room = CONTENT_WIDTH_MM
        if self.theme.school_logo_ref:  # the logo at the line's end, and its tab
            room -= HEADER_LOGO_MM / self.model.asset(self.theme.school_logo_ref).aspect + 6
        shorter = words.split(" · ", 1)[1] if " · " in words else words
        for candidate in (words, shorter):
            width = self._width_mm(f"{label} · ", "bold", size) + self._width_mm(
                f"{title} · {candidate}", "regular", size
            )
            if width * WIDTH_MARGIN <= room:
                return candidate
        return ""

    def _too_wide_for_footer(self, text: str, size: float | None = None) -> bool:
        size = furniture_size(self.theme.body_size) if size is None else size
        width = self._width_mm(text, "regular", size)
        return width * WIDTH_MARGIN > CONTENT_WIDTH_MM - 25  # less the page number

    def _footer_fit(self, text: str) -> float:
        """The size, in half points down to 2 pt under the footer's, at which ``text`` leaves
        the page number its room; at the smallest, a longer text wraps before the number."""
        size = furniture_size(self.theme.body_size)
        least = size - 2
        while size > least and self._too_wide_for_footer(text, size):
            size -= 0.5
        return size

    def _width_mm(self, text: str, style: str, size: float) -> float:
        """How wide text is in the theme's font, measured as the PDF measures it."""
        from reportlab.pdfbase import pdfmetrics

        fonts.register(self.theme.font)
        face = fonts.face_name(self.theme.font, style)
        return float(pdfmetrics.stringWidth(clean(text), face, size)) * 25.4 / 72

    def _help_box(self, footer: Any, blocks: tuple[Block, ...], before: DocxParagraph) -> None:
        cell = _footer_box(footer, before, self.theme.callout_fill("key"))
        # Word ends the page's text where a footer taller than the margin begins: without a
        # gap above the box, a full sheet's last line sat on it (the PDF keeps a gap).
        gap = footer.add_paragraph()
        self.set_style(gap, "Footer")
        spacing = gap.paragraph_format
        spacing.space_before = spacing.space_after = Pt(0)
        spacing.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        spacing.line_spacing = Pt(HELP_BOX_GAP_PT)
        cell._tc.getparent().getparent().addprevious(gap._p)
        _cell_borders(cell, left=(36, self.theme.accent))
        # 4 pt of padding, and none under the last line: the box is as tall as the gap above
        # it leaves room for, so the footer can sit as high as the teacher pages' (see
        # worksheet) without taking a line from the pupils' page.
        _cell_margins(cell, 80, 160, 80, 160)
        first = True
        self.in_help = True  # the box at a pupil page's foot is on the pupil's page too
        try:
            for block in blocks:
                if isinstance(block, Paragraph):
                    paragraph = cell.paragraphs[0] if first else self.paragraph(cell)
                    self.set_style(paragraph, HELP_TEXT)
                    self.inlines(paragraph, block.children)
                    first = False
        finally:
            self.in_help = False
        cell.paragraphs[-1].paragraph_format.space_after = Pt(0)

    # -- inline content -------------------------------------------------------------------------

    def inlines(
        self,
        paragraph: DocxParagraph,
        children: tuple[Inline, ...],
        bold: bool = False,
        italic: bool = False,
        target: Any = None,
    ) -> None:
        for child in children:
            match child:
                case Text(text=text):
                    for piece, zero in self._zero_pieces(text):
                        run = self._run(piece, bold, italic)
                        if zero:
                            rpr = run.find(qn("w:rPr"))
                            if rpr is None:
                                rpr = OxmlElement("w:rPr")
                                run.insert(0, rpr)
                            _set_rfonts(rpr, self.zero_family)
                        (target if target is not None else paragraph._p).append(run)
                case Strong(children=inner):
                    self.inlines(paragraph, inner, True, italic, target)
                case Emphasis(children=inner):
                    self.inlines(paragraph, inner, bold, True, target)
                case Link(url=url, children=inner):
                    link = OxmlElement("w:hyperlink")
                    if url.startswith("#"):
                        link.set(qn("w:anchor"), _bookmark_name(url[1:]))
                    else:
                        r_id = paragraph.part.relate_to(clean(url), RT.HYPERLINK, is_external=True)
                        link.set(qn("r:id"), r_id)
                    self.inlines(paragraph, inner, bold, italic, link)
                    for run in link.findall(qn("w:r")):
                        style = OxmlElement("w:rStyle")
                        style.set(qn("w:val"), "Hyperlink")
                        run.get_or_add_rPr().insert(0, style)  # rStyle comes first
                    (target if target is not None else paragraph._p).append(link)
                case LineBreak():
                    run = OxmlElement("w:r")
                    run.append(OxmlElement("w:br"))
                    (target if target is not None else paragraph._p).append(run)

    def _zero_pieces(self, text: str) -> list[tuple[str, bool]]:
        """``text`` in pieces, each marked if it is zeros to set in a family whose zero is plain:
        on the pupils' pages of a stage that asks for it (see ``Theme.sheet_plain_zeros``), as
        in the PDF. Otherwise the text whole."""
        plain = plain_zero_family(self.theme) is not None
        if not (plain and (self.in_worksheet or self.in_help) and "0" in text):
            return [(text, False)]
        return zero_runs(text)

    def _run(self, text: str, bold: bool, italic: bool) -> Any:
        run = OxmlElement("w:r")
        if bold or italic:
            rpr = OxmlElement("w:rPr")
            if bold:
                rpr.append(OxmlElement("w:b"))
            if italic:
                rpr.append(OxmlElement("w:i"))
            run.append(rpr)
        node = OxmlElement("w:t")
        node.set(qn("xml:space"), "preserve")
        node.text = clean(text)
        run.append(node)
        return run

    # -- blocks ---------------------------------------------------------------------------------

    def paragraph(self, container: Any, style: str | None = None) -> DocxParagraph:
        """A new paragraph at the end of ``container``, built directly as XML: python-docx's own
        way searches the parent's children on every call, which dominated rendering time."""
        if isinstance(container, DocxDocument):
            container = container._body
        element = container._element
        p = OxmlElement("w:p")
        if style is not None:
            ppr = OxmlElement("w:pPr")
            p_style = OxmlElement("w:pStyle")
            p_style.set(qn("w:val"), self._style_id(style))
            ppr.append(p_style)
            p.append(ppr)
        section = element.find(qn("w:sectPr")) if element.tag == qn("w:body") else None
        if section is not None:
            section.addprevious(p)
        else:
            element.append(p)
        paragraph = DocxParagraph(p, container)
        if self.break_before and element.tag == qn("w:body"):
            self.break_before = False
            paragraph.paragraph_format.page_break_before = True
        return paragraph

    def set_style(self, paragraph: DocxParagraph, name: str) -> None:
        # The same XML python-docx's ``style`` setter writes (pStyle first in pPr, pPr first in
        # the paragraph), without its search through the schema's child order on every call.
        p = paragraph._p
        ppr = p.find(_PPR)
        if ppr is None:
            ppr = OxmlElement("w:pPr")
            p.insert(0, ppr)
        p_style = ppr.find(_PSTYLE)
        if p_style is None:
            p_style = OxmlElement("w:pStyle")
            ppr.insert(0, p_style)
        p_style.set(_VAL, self._style_id(name))

    def _pack_table_style(self, styles: Any) -> None:
        """The tables' look as a Word table style: the header row in the brand colour, every
        other row striped, light rules between rows. Set cell by cell, a row a teacher added
        had no stripe, and a new colour meant editing every table; with the style, Table
        Design in Word changes them all."""
        style = styles.add_style(PACK_TABLE, WD_STYLE_TYPE.TABLE)
        style.base_style = styles["Normal Table"]
        style.quick_style = True
        element = style.element
        tbl_pr = OxmlElement("w:tblPr")
        band = OxmlElement("w:tblStyleRowBandSize")
        band.set(_VAL, "1")
        tbl_pr.append(band)
        tbl_pr.append(_borders("w:tblBorders", RULE, grid=False))
        tbl_pr.append(_margins("w:tblCellMar", 70, 100, 80, 100))
        element.append(tbl_pr)
        # Word counts the stripes from the first row under the header: the PDF stripes the
        # second, fourth … rows, Word's second band.
        for kind, fill in (("firstRow", self.theme.primary), ("band2Horz", STRIPE)):
            conditional = OxmlElement("w:tblStylePr")
            conditional.set(qn("w:type"), kind)
            tc_pr = OxmlElement("w:tcPr")
            _shade(tc_pr, fill)
            conditional.append(tc_pr)
            element.append(conditional)

    def _box_styles(self, styles: Any) -> None:
        """A table style for each kind of box ("Safeguarding Box", "Note Box" …): its fill and
        the coloured bar down its left side. Set cell by cell, a box's colour could only be
        changed box by box; with the style, changing "Safeguarding Box" in Word changes every
        safeguarding box in the pack."""
        for kind, fill in self.theme.callout_fills:
            style = styles.add_style(box_style(kind), WD_STYLE_TYPE.TABLE)
            style.base_style = styles["Normal Table"]
            element = style.element
            tbl_pr = OxmlElement("w:tblPr")
            borders = OxmlElement("w:tblBorders")
            bar = OxmlElement("w:left")
            bar.set(_VAL, "single")
            bar.set(qn("w:sz"), "36")
            bar.set(qn("w:color"), _hex(self._box_bar(kind)))
            borders.append(bar)
            tbl_pr.append(borders)
            element.append(tbl_pr)
            tc_pr = OxmlElement("w:tcPr")
            _shade(tc_pr, fill)
            element.append(tc_pr)

    def _box_bar(self, kind: str) -> str:
        return self.theme.accent if kind == "key" else self.theme.primary

    def _style_id(self, name: str) -> str:
        # python-docx finds a style by scanning every style each time; cache the ids instead.
        style_id = self.style_ids.get(name)
        if style_id is None:
            style_id = str(self.doc.styles[name].style_id)
            self.style_ids[name] = style_id
        return style_id

    def blocks(self, container: Any, blocks: tuple[Block, ...], list_level: int = 0) -> None:
        section_end, section_start = 0, 0
        for index, block in enumerate(blocks):
            if index == section_end and section_end:
                self._keep_together(container, section_start)
            if index > section_end and (end := short_last_section(blocks, index, self.section_max)):
                section_end, section_start = end, self._count(container)
            self.next_block = blocks[index + 1] if index + 1 < len(blocks) else None
            start = self._count(container)
            self.block(container, block, list_level)
            if leads_to_writing(blocks, index) and isinstance(block, Callout):
                # A box asking for the lines after it to be filled in goes on with them: every
                # row of it keeps with the next, and so does the spacer after it.
                self._keep_together(container, start, last=True)
            elif leads_to_writing(blocks, index):
                # A scenario and its question, or a letter's last line and its sign-off, go on
                # with the writing lines after them (as in the PDF).
                written = self._since(container, self._count(container) - 1)
                if written:
                    DocxParagraph(
                        written[-1], _parent(container)
                    ).paragraph_format.keep_with_next = True
            if has_closing_note(blocks, index):
                self._keep_table_with_next(container)

    @property
    def _text_size(self) -> float:
        """The body text's size where the writer is: larger on a worksheet."""
        return self.theme.worksheet_size if self.in_worksheet else self.theme.body_size

    def choices(self, paragraph: DocxParagraph, children: tuple[Inline, ...]) -> None:
        """A line of choices to circle; set in even columns by tab stops, as the PDF sets it,
        when they do not fit on one line."""
        options = [c for c in children if isinstance(c, Strong)]
        size = self._text_size
        widths = [self._width_mm(plain_text((o,)), "bold", size) for o in options]
        gap = self._width_mm(CHOICE_GAP, "regular", size)
        per_line = choice_columns(widths, CONTENT_WIDTH_MM, gap)
        layout = paragraph.paragraph_format
        if per_line == len(options):
            # On one line, each choice starts where the PDF's wide gap puts it: a tab, not a run
            # of eight no-break spaces (which Word's Accessibility Checker flags, and a screen
            # reader may read out as blanks).
            start = 0.0
            for width in widths[:-1]:
                start += width + gap
                layout.tab_stops.add_tab_stop(Mm(start))
            for index, option in enumerate(options):
                if index:
                    run = OxmlElement("w:r")
                    run.append(OxmlElement("w:tab"))
                    paragraph._p.append(run)
                self.inlines(paragraph, (option,))
            return
        for column in range(1, per_line):
            layout.tab_stops.add_tab_stop(Mm(CONTENT_WIDTH_MM * column / per_line))
        layout.line_spacing = 1.35  # room between the lines to circle a choice, as in the PDF
        for index, option in enumerate(options):
            if index:
                run = OxmlElement("w:r")
                run.append(OxmlElement("w:br" if index % per_line == 0 else "w:tab"))
                paragraph._p.append(run)
            self.inlines(paragraph, (option,))

    @staticmethod
    def _count(container: Any) -> int:
        """How many block elements are written so far into a container (the body's sectPr aside),
        counted without listing them: a body holds thousands."""
        element = _parent(container)._element
        last = element[-1] if len(element) else None
        return len(element) - (1 if last is not None and last.tag == qn("w:sectPr") else 0)

    @staticmethod
    def _since(container: Any, start: int) -> list[Any]:
        """The paragraphs written into a container since it held ``start`` elements."""
        tail = [e for e in _parent(container)._element[start:] if e.tag != qn("w:sectPr")]
        return [p for e in tail for p in e.iter(qn("w:p"))]

    def _keep_together(self, container: Any, start: int, *, last: bool = False) -> None:
        """Every paragraph written since `start` keeps with the next, so the section moves to
        the next page whole rather than leave its heading and first item behind (``last``: the
        final one too, keeping all of it with what follows)."""
        parent = _parent(container)
        written = self._since(container, start)
        for p in written if last else written[:-1]:
            DocxParagraph(p, parent).paragraph_format.keep_with_next = True

    def _keep_table_with_next(self, container: Any) -> None:
        """The table just written keeps its last row with the note after it (through the spacer
        between them), so the note never starts a page alone."""
        parent = _parent(container)
        tables = parent._element.findall(qn("w:tbl"))
        if not tables:
            return
        table = tables[-1]
        rows = table.findall(qn("w:tr"))
        paragraphs = list(rows[-1].iter(qn("w:p"))) if rows else []
        spacer = table.getnext()
        if spacer is not None and spacer.tag == qn("w:p"):
            paragraphs.append(spacer)
        for p in paragraphs:
            DocxParagraph(p, parent).paragraph_format.keep_with_next = True

    def block(self, container: Any, block: Block, list_level: int = 0) -> None:
        after_heading, self.after_heading = self.after_heading, False
        match block:
            case Heading(level=level, children=children, anchor=anchor):
                self.after_heading = True
                if not self.in_worksheet:
                    self.heading_level = min(level, 4)
                style = SHEET_HEADING if self.in_worksheet else f"Heading {min(level, 4)}"
                if self.in_worksheet:
                    self.sheet_outline = SHEET_HEADING_OUTLINE
                paragraph = self.paragraph(container, style)
                if level == 1 and not self.in_worksheet and self._follows_text(paragraph):
                    # Mid-page (a guide's chapters), a chapter needs room above it; the style
                    # has none, as most chapters start a page.
                    paragraph.paragraph_format.space_before = Pt(18)
                self._bookmark(paragraph, anchor)
                self.inlines(paragraph, children)
                if not self.in_worksheet and level <= self.contents_depth:
                    self.headings.append((level, plain_text(children), anchor))
            case Paragraph(children=children, style=kind):
                # A bold line of its own in the body (a question pupils may ask, before its
                # answer; a lesson's jobs in "Getting ready") is a minor heading, one level
                # below the heading it is under (Heading 3 under a Heading 2, else 4: a screen
                # reader's list of headings skips no level), so it is in Word's navigation pane
                # and restyled with the others, its bold the style's. Not in a box, a worksheet
                # or the letter, where it is a label; not under a chapter's own heading; and not
                # a sentence in bold ("If a child is in danger now, call 999."), which is
                # emphasis, not a heading.
                minor = (
                    kind == "body"
                    and not self.in_worksheet
                    and not self.in_letter
                    and isinstance(container, DocxDocument)
                    and self.heading_level >= 2
                    and is_run_in(children)
                    and not _is_sentence_or_label(plain_text(children))
                )
                name = {
                    "body": SHEET_TEXT if self.in_worksheet else "Normal",
                    "lead": LEAD,
                    "small": SMALL,
                }[kind]
                # An italic line of its own under a heading (an activity's purpose): a style
                # of its own, so a teacher restyles every activity's aim at once.
                aim = (
                    kind == "body"
                    and after_heading
                    and not self.in_worksheet
                    and isinstance(container, DocxDocument)
                    and is_all(children, Emphasis)
                )
                if minor:
                    name = f"Heading {min(self.heading_level + 1, 4)}"
                elif aim:
                    name = AIM
                paragraph = self.paragraph(container, name)
                if (
                    kind == "body"
                    and self.in_worksheet
                    and isinstance(container, DocxDocument)
                    and _is_question(children)
                ):
                    # A worksheet's bold question ("1. Which three rows worry you most?") keeps
                    # the sheet's look, but a screen reader and Word's navigation pane find it
                    # as a heading under the sheet's own, as KS1's questions written as
                    # headings are.
                    _outline_level(paragraph._p, self.sheet_outline + 1)
                wrapper = Strong if minor else Emphasis if aim else None
                shown = _unwrapped(children, wrapper) if wrapper else children
                if is_choice_line(children) and isinstance(container, DocxDocument):
                    self.choices(paragraph, children)
                else:
                    self.inlines(paragraph, shown)
                # A bold line on its own (a question before its answer), a short line under a
                # heading (an activity's purpose) before what it introduces, or a line leading
                # into a list ("… free advice from:"), ends no page alone. (Not a short line
                # before the next heading: chained on, whole sections went to the next page.)
                follows = self.next_block
                short_lead = (
                    after_heading
                    and len(plain_text(children)) <= 300
                    and not isinstance(follows, Heading | PageBreak)
                )
                if not (minor or aim) and (
                    short_lead or is_run_in(children) or introduces_list(children, follows)
                ):
                    # (A minor heading or an aim keeps with the next through its style.)
                    paragraph.paragraph_format.keep_with_next = True
            case ListBlock():
                follows = self.next_block
                closing = follows is None or isinstance(follows, Heading | PageBreak)
                self.list_block(container, block, list_level, closing=closing)
            case Table():
                self.table(container, block)
            case Callout():
                self.callout(container, block)
            case Image():
                paragraph = self.paragraph(container, SHEET_TEXT if self.in_worksheet else "Normal")
                self.picture(paragraph, block, block.width_mm)
            case ImageRow(images=images, labels=labels):
                self.image_row(container, images, labels)
            case WriteSpace():
                self.write_space(container, block)
            case PageBreak():
                self.page_break(container)
            case Contents(title=title, depth=depth):
                self.contents_depth = depth
                self.contents(container, title)
            case Cover():
                self.cover(container, block)
            case Signs(signs=signs):
                # One size for the set's words, as in the PDF: the size the longest allows.
                largest = min([SIGN_WORD_MAX_PT, *(self._sign_fit(sign) for sign in signs)])
                if container is self.doc:
                    # On pages of their own, as in the PDF: "page break before" adds no page
                    # where the signs would start one anyway.
                    self.break_before = True
                for sign in signs:
                    self.sign(container, sign, largest)
            case Worksheet():
                self.worksheet(block)
            case Letter():
                self.letter(block)
            case _:
                assert_never(block)

    def _bookmark(self, paragraph: DocxParagraph, name: str) -> None:
        self.bookmark_id += 1
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self.bookmark_id))
        start.set(qn("w:name"), _bookmark_name(name))
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self.bookmark_id))
        paragraph._p.append(start)
        paragraph._p.append(end)

    def page_break(self, container: Any) -> None:
        body = self.doc.element.body
        last = body[-2] if len(body) > 1 else None  # body[-1] is the section properties
        if last is None or self._is_page_break(last) or self._ends_section(last):
            return
        if container is self.doc:
            # The next paragraph starts the page ("page break before"), rather than a paragraph
            # holding a break: that paragraph, after a page filled to its foot, prints a blank
            # page in Word and LibreOffice.
            self.break_before = True
            if last in self.spacers and last.getprevious() is not None:
                # Nor does the space after a table come before a new page: after a table that
                # fills its page, that empty line had a page of its own.
                body.remove(last)
            return
        self.paragraph(container).add_run().add_break(WD_BREAK.PAGE)

    def _flush_break(self, container: Any) -> None:
        """Before a table, which cannot start a page itself: an empty paragraph does, a point
        high, so that what the page holds below it is what the PDF's page holds (a line of body
        text there had sent large print's second room sign on each page to a page of its own)."""
        if self.break_before and container is self.doc:
            paragraph = self.paragraph(container)
            fmt = paragraph.paragraph_format
            fmt.space_before = fmt.space_after = Pt(0)
            fmt.line_spacing = Pt(1)  # a length: Word's "exactly"
            _mark_size(paragraph, 1)  # the paragraph mark's size sets an empty line's height

    def _follows_text(self, paragraph: DocxParagraph) -> bool:
        """Whether a paragraph comes after something on the same page (no break before it)."""
        if paragraph.paragraph_format.page_break_before:
            return False
        before = paragraph._p.getprevious()
        return (
            before is not None
            and not (before.tag == qn("w:p") and self._is_page_break(before))
            and not (before.tag == qn("w:p") and self._ends_section(before))
        )

    def _is_page_break(self, element: Any) -> bool:
        return any(br.get(_TYPE) == "page" for br in element.iter(_BR))

    def _ends_section(self, element: Any) -> bool:
        ppr = element.find(_PPR)
        return ppr is not None and ppr.find(_SECTPR) is not None

    def list_block(
        self, container: Any, block: ListBlock, level: int, *, closing: bool = False
    ) -> None:
        depth = "" if level == 0 else " 2"
        style = ("List Number" if block.ordered else "List Bullet") + depth
        # On a pupil's page, a top-level list takes the worksheet's list style (its numbering
        # is the base style's, looked up by that name below).
        shown = style
        if self.in_worksheet and level == 0:
            shown = SHEET_NUMBER if block.ordered else SHEET_BULLET
        size = self._text_size
        # In large type the template's quarter-inch indent leaves no room between "2." and its
        # text: such a list gets a copy of its numbering indented with the type.
        wide = level == 0 and size * LIST_INDENT_EMS > LIST_INDENT_PT
        twips = round(size * LIST_INDENT_EMS * 20) if wide else None
        num_id = (
            self._restart_numbering(style, twips)
            if block.ordered
            else (self._wide_bullets(style, twips) if twips else None)
        )
        starts: list[int] = []  # where each item's paragraphs begin
        for item in block.items:
            first = True
            starts.append(self._count(container))
            for inner in item:
                if isinstance(inner, Paragraph) and first:
                    paragraph = self.paragraph(container, shown)
                    if num_id is not None:
                        self._use_numbering(paragraph, num_id, level)
                    self.inlines(paragraph, inner.children)
                    if self.in_worksheet and shown == style:  # a list inside a list item
                        for run in _runs(paragraph):
                            run.font.size = Pt(self.theme.worksheet_size)
                        # Word draws a list's number or bullet in the paragraph mark's size.
                        _mark_size(paragraph, self.theme.worksheet_size)
                    if twips:
                        # The numbering's indent, repeated on the paragraph for Word's ruler.
                        indent = Twips(twips)
                        paragraph.paragraph_format.left_indent = indent
                        paragraph.paragraph_format.first_line_indent = -indent
                elif isinstance(inner, ListBlock):
                    self.list_block(container, inner, min(level + 1, 1))
                elif isinstance(inner, Paragraph):
                    more = self.paragraph(container, "List Continue")
                    if twips:  # under the item's text, which large type moved right
                        more.paragraph_format.left_indent = Twips(twips)
                    self.inlines(more, inner.children)
                else:
                    self.block(container, inner, level)
                first = False
        # A short list stays whole, and so does one of short items that closes its section (a
        # lesson's "Where to get help": split two and two, a page copied alone lost 999); a
        # longer one never leaves its first or last item alone (all as in the PDF).
        stays_whole = len(starts) <= SHORT_LIST_ITEMS or (
            closing and self._short_items(block, size, CLOSING_LIST_ITEMS)
        )
        if len(starts) > 1:
            self._keep_together(container, starts[0] if stays_whole else starts[-2])
        if len(starts) > 3:
            parent = _parent(container)
            whole, rest = self._since(container, starts[0]), self._since(container, starts[1])
            for p in whole[: len(whole) - len(rest)]:  # the first item's paragraphs
                DocxParagraph(p, parent).paragraph_format.keep_with_next = True

    def _short_items(self, block: ListBlock, size: float, most: int) -> bool:
        """Whether a list is short enough to move on whole: at most ``most`` items (an item
        holding a list or a box is not short) of at most CLOSING_LIST_LINES lines in all, as the
        PDF sets them. (The PDF also holds each item to two lines, measured on the page; Word's
        wrapping is only estimated, and a lesson's "Where to get help" with one three-line item,
        Report Remove's, split two and three.)"""
        room = CONTENT_WIDTH_MM - LIST_INDENT_PT * 25.4 / 72
        gap = self._width_mm(" ", "regular", size)

        def width(word: str) -> float:
            return self._width_mm(word, "regular", size)

        if len(block.items) > most:
            return False
        lines = 0
        for item in block.items:
            paragraphs = [inner for inner in item if isinstance(inner, Paragraph)]
            if len(paragraphs) != len(item):
                return False
            text = " ".join(plain_text(p.children) for p in paragraphs)
            lines += _line_count(text, room, width, gap)
        return lines <= CLOSING_LIST_LINES

    def _abstract(self, style_name: str) -> str:
        """The abstract numbering a list style uses."""
        abstract = self.abstract_ids.get(style_name)
        if abstract is None:
            numbering = self.doc.part.numbering_part.element
            style = self.doc.styles[style_name]
            base_ids = style.element.xpath("./w:pPr/w:numPr/w:numId/@w:val")
            base = numbering.xpath(f'./w:num[@w:numId="{base_ids[0]}"]')[0]
            abstract = self.abstract_ids[style_name] = base.find(qn("w:abstractNumId")).get(
                qn("w:val")
            )
        return abstract

    def _wide_abstract(self, style_name: str, twips: int) -> str:
        """A copy of a list style's numbering whose number, tab and text sit at ``twips``.

        Indenting only the paragraphs left the number's tab at the style's quarter inch: the
        first line's text started there, and its wrapped lines further right.
        """
        found = self.wide_abstracts.get((style_name, twips))
        if found is not None:
            return found
        numbering = self.doc.part.numbering_part.element
        base_id = self._abstract(style_name)
        base = numbering.xpath(f'./w:abstractNum[@w:abstractNumId="{base_id}"]')[0]
        wide = copy.deepcopy(base)
        new_id = max(int(n) for n in numbering.xpath("./w:abstractNum/@w:abstractNumId")) + 1
        wide.set(qn("w:abstractNumId"), str(new_id))
        for nsid in wide.findall(qn("w:nsid")):  # each definition's own identifier
            nsid.set(qn("w:val"), f"{0x5C5E0000 + new_id:08X}")
        lvl = wide.find(qn("w:lvl"))
        for link in lvl.findall(qn("w:pStyle")):  # the style keeps its own numbering
            lvl.remove(link)
        ppr = lvl.find(qn("w:pPr"))
        for tab in ppr.iter(qn("w:tab")):
            tab.set(qn("w:pos"), str(twips))
        for ind in ppr.iter(qn("w:ind")):
            ind.set(qn("w:left"), str(twips))
            ind.set(qn("w:hanging"), str(twips))
        # Every abstract definition comes before the first numbering instance.
        numbering.find(qn("w:num")).addprevious(wide)
        self.wide_abstracts[(style_name, twips)] = str(new_id)
        return str(new_id)

    def _wide_bullets(self, style_name: str, twips: int) -> str:
        """A numbering instance for bullet lists indented for large type (one per indent)."""
        found = self.wide_bullets.get((style_name, twips))
        if found is None:
            found = self.wide_bullets[(style_name, twips)] = self._new_num(
                self._wide_abstract(style_name, twips), restart=False
            )
        return found

    def _restart_numbering(self, style_name: str, twips: int | None = None) -> str:
        """A new numbering instance, so every numbered list starts again at 1 (in large type,
        of the style's numbering indented for it)."""
        abstract = self._wide_abstract(style_name, twips) if twips else self._abstract(style_name)
        return self._new_num(abstract, restart=True)

    def _new_num(self, abstract: str, restart: bool) -> str:
        numbering = self.doc.part.numbering_part.element
        if self.last_num_id is None:  # then counted here, not searched for on every list
            self.last_num_id = max(int(n) for n in numbering.xpath("./w:num/@w:numId"))
        self.last_num_id += 1
        new_id = str(self.last_num_id)
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), new_id)
        abstract_ref = OxmlElement("w:abstractNumId")
        abstract_ref.set(qn("w:val"), abstract)
        num.append(abstract_ref)
        for lvl in range(2 if restart else 0):
            override = OxmlElement("w:lvlOverride")
            override.set(qn("w:ilvl"), str(lvl))
            start = OxmlElement("w:startOverride")
            start.set(qn("w:val"), "1")
            override.append(start)
            num.append(override)
        numbering.append(num)
        return new_id

    def _use_numbering(self, paragraph: DocxParagraph, num_id: str, level: int) -> None:
        ppr = paragraph._p.get_or_add_pPr()
        num_pr = OxmlElement("w:numPr")
        ilvl = OxmlElement("w:ilvl")
        ilvl.set(qn("w:val"), "0")
        num = OxmlElement("w:numId")
        num.set(qn("w:val"), num_id)
        num_pr.append(ilvl)
        num_pr.append(num)
        ppr.insert(1 if ppr.find(qn("w:pStyle")) is not None else 0, num_pr)

    def table(self, container: Any, table: Table) -> None:
        if table.cards:
            self.card_table(container, table)
            return
        table = stacked(table, self.theme.body_size)
        has_header = any(plain_text(c).strip() for c in table.header)
        rows = ([table.header] if has_header else []) + list(table.rows)
        columns = max((len(r) for r in rows), default=1)
        self._flush_break(container)
        docx_table = container.add_table(rows=len(rows), cols=columns)
        tbl_pr = docx_table._tbl.tblPr
        tbl_pr.style = self._style_id(PACK_TABLE)
        # Which of the style's parts apply: the header row's look if there is one, and the
        # stripes (python-docx's default turns on a first-column look the style does not have).
        look = tbl_pr.find(qn("w:tblLook"))
        if look is None:
            look = OxmlElement("w:tblLook")
            tbl_pr.append(look)
        # No stripes under a pupil's pencil (see the PDF's): a table to write in has its grid.
        writing = has_writing_cells(table)
        flags = {"firstRow": has_header, "lastRow": False, "firstColumn": False}
        flags |= {"lastColumn": False, "noHBand": writing, "noVBand": True}
        for name, on in flags.items():
            look.set(qn(f"w:{name}"), "1" if on else "0")
        bits = (0x0020 if has_header else 0) | (0x0200 if writing else 0) | 0x0400
        look.set(_VAL, f"{bits:04X}")
        if writing:
            # Empty cells to tick or write in get lines all round, so there is a box to use.
            # As dark as the writing lines (see the PDF's): a pale grid is lost to low vision.
            tbl_pr.append(_borders("w:tblBorders", self.theme.muted, grid=True, eighths=6))
        docx_table.alignment = WD_TABLE_ALIGNMENT.LEFT
        docx_table.autofit = False
        basis = self.width_basis.get(id(table), table)
        widths = self._fit_columns(column_widths(basis, columns), basis, columns)
        # A short table moves on whole, unless its type makes it tall: a large-print help
        # card's table, kept whole with its heading, left the heading alone on a page.
        # (A table marked whole, the key facts, stays so: it reads badly parted.)
        whole = table.whole or (
            is_short_table(table) and self._table_height(rows, widths) <= WHOLE_TABLE_PT
        )
        _fix_widths(docx_table, [CONTENT_WIDTH_MM * w for w in widths])
        cells = docx_table._cells  # python-docx recomputes this list on every cell() call
        for r_index, row in enumerate(rows):
            header_row = has_header and r_index == 0
            tr_pr = docx_table.rows[r_index]._tr.get_or_add_trPr()
            # A row never breaks across pages (a two-line tail alone on a page looked broken);
            # rows of these tables are a few lines, far shorter than a page.
            tr_pr.append(OxmlElement("w:cantSplit"))
            if header_row:
                repeat = OxmlElement("w:tblHeader")
                repeat.set(qn("w:val"), "true")
                tr_pr.append(repeat)
            for c_index in range(columns):
                cell = cells[r_index * columns + c_index]
                paragraph = cell.paragraphs[0]
                # A pupil's table is in worksheet type, as in the PDF.
                if self.in_worksheet:
                    kind = SHEET_TABLE_HEADING if header_row else SHEET_TABLE_TEXT
                else:
                    kind = TABLE_HEADING if header_row else TABLE_TEXT
                self.set_style(paragraph, kind)
                if c_index < len(row):
                    self.inlines(paragraph, row[c_index])
                # The last row never goes on alone: the one before it keeps with it (as the
                # PDF keeps them together), when there are rows enough to part elsewhere.
                # Nor does the header go on with a single row under it at a page's foot (a
                # KS4 vocabulary table left its heading, header and one word there): the
                # header and first row keep with the second, in a table long enough to part.
                if (
                    (r_index == len(rows) - 2 and len(table.rows) >= 3)
                    or (whole and r_index < len(rows) - 1)
                    or (has_header and r_index <= 1 and len(table.rows) >= 4)
                ):
                    # A short table (a lesson's key stage, length, aim) keeps its rows together.
                    paragraph.paragraph_format.keep_with_next = True
            if not header_row and any(not plain_text(c).strip() for c in row):
                # An empty cell is room for a pupil to write: give the row two lines' height,
                # of the worksheet's type on a worksheet (as the PDF does; at the teacher
                # pages' size, a sheet's answer row was about 1 cm high).
                tr_pr = docx_table.rows[r_index]._tr.get_or_add_trPr()
                height = OxmlElement("w:trHeight")
                # Or the row height the table asks for, in twentieths of a point.
                least = max(self._text_size * 20 * 2.6, table.row_height * 72 / 25.4 * 20)
                height.set(qn("w:val"), str(int(least)))
                height.set(qn("w:hRule"), "atLeast")
                tr_pr.append(height)
        self._spacer(container)

    def card_table(self, container: Any, table: Table) -> None:
        """Cards to copy and cut out, as the PDF lays them out: a few to a row, each in a
        dashed box, in large bold type, centred."""
        columns = table.cards
        has_title = any(plain_text(c).strip() for c in table.header)
        card_rows = [table.rows[i : i + columns] for i in range(0, len(table.rows), columns)]
        self._flush_break(container)
        docx_table = container.add_table(rows=len(card_rows) + has_title, cols=columns)
        docx_table._tbl.tblPr.style = self._style_id("Table Grid")
        _table_rules(docx_table, RULE)
        docx_table.alignment = WD_TABLE_ALIGNMENT.LEFT
        docx_table.autofit = False
        _fix_widths(docx_table, [CONTENT_WIDTH_MM / columns] * columns)
        cells = docx_table._cells
        # The card's width less the room inside its cutting line on each side.
        inner = CONTENT_WIDTH_MM / columns - 2 * CARD_PAD_PT * 25.4 / 72
        styled = self._sheet_table_pt() * CARD_TYPE  # Card Text's size
        # Outside a worksheet (the slips of "Messages for home"), from the body's table size, as
        # the PDF sets them: at a worksheet's, three KS1 slips took two pages in Word.
        base = self._table_pt()
        longest = longest_word(
            table.rows, lambda w: self._width_mm(w, "bold", 1.0) * WIDTH_MARGIN * 72 / 25.4
        )
        # At least the tables' size: the cards' type is that, made larger.
        size = min(
            card_type_size(base, self.theme.body_size, self.in_worksheet),
            card_fit(inner * 72 / 25.4, longest, base),
        )
        if has_title:
            title = cells[0].merge(cells[columns - 1]) if columns > 1 else cells[0]
            paragraph = title.paragraphs[0]
            self.set_style(paragraph, SHEET_TABLE_HEADING)  # as the other tables' headers
            self.inlines(paragraph, table.header[0])
            _shade(title._tc.get_or_add_tcPr(), self.theme.primary)
            tr_pr = docx_table.rows[0]._tr.get_or_add_trPr()
            repeat = OxmlElement("w:tblHeader")
            repeat.set(qn("w:val"), "true")
            tr_pr.append(repeat)
        for r_index, row in enumerate(card_rows, start=int(has_title)):
            _cut_row(docx_table.rows[r_index], CARD_HEIGHT_MM, "atLeast")
            for c_index in range(columns):
                cell = cells[r_index * columns + c_index]
                if c_index >= len(row):  # the empty places after the last card: no lines
                    _cell_borders(cell)
                    continue
                tc_pr = _cut_cell(cell, self.theme.text)
                # The PDF's room inside the cutting line, in twentieths of a point.
                side = CARD_PAD_PT * 20
                tc_pr.append(_margins("w:tcMar", 100, side, 100, side))
                align = OxmlElement("w:vAlign")
                align.set(qn("w:val"), "center")
                tc_pr.append(align)
                paragraph = cell.paragraphs[0]
                self.set_style(paragraph, CARD_TEXT)  # bold, centred, large
                card = row[c_index][0]
                plain = marks_bold(card)
                rule = self._width_mm("_", "regular" if plain else "bold", size) * WIDTH_MARGIN
                self.inlines(paragraph, fit_write_rules(card, int(inner / rule) - 1))
                if plain:
                    # As in the PDF: the words the card marks bold stand out from the rest.
                    for run in paragraph.runs:
                        if run.bold is None:
                            run.bold = False
                if size < styled:
                    # A set whose longest word would not fit a card in Card Text's size (large
                    # print's "embarrassed" broke as "embarrasse / d"): this set's type smaller,
                    # a link's words too.
                    for run in _runs(paragraph):
                        run.font.size = Pt(size)
        self._spacer(container)

    def _sign_fit(self, sign: tuple[Inline, ...]) -> float:
        """The size at which a sign's word fills the sign's width."""
        word, _ = sign_lines(sign)
        unit = self._width_mm(plain_text(word), "bold", 1.0) * WIDTH_MARGIN or 1.0
        return (CONTENT_WIDTH_MM - 2 * SIGN_PAD_MM) * 0.95 / unit

    def sign(self, container: Any, sign: tuple[Inline, ...], largest: float) -> None:
        """A sign for the room, as the PDF sets it: a dashed box half a page high, its word as
        large as the width allows, what it means below it."""
        word, rest = sign_lines(sign)
        self._flush_break(container)
        table = container.add_table(rows=1, cols=1)
        table._tbl.tblPr.style = self._style_id("Table Grid")
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        _fix_widths(table, [CONTENT_WIDTH_MM])
        # At least half a page, never exactly: Word and LibreOffice clip what an exact row
        # cannot hold, and a large-print sign's last line ("… someone gets hurt") was cut off
        # where the estimate below fell short of how they set the type.
        height = self._sign_height()
        _cut_row(table.rows[0], height, "atLeast")
        cell = table.cell(0, 0)
        tc_pr = _cut_cell(cell, self.theme.text)
        pad = int(SIGN_PAD_MM * 56.7)
        tc_pr.append(_margins("w:tcMar", pad, pad, pad, pad))
        align = OxmlElement("w:vAlign")
        align.set(qn("w:val"), "center")
        tc_pr.append(align)
        inner = CONTENT_WIDTH_MM - 2 * SIGN_PAD_MM
        size = min(largest, self._sign_fit(sign))
        meaning_size = min(SIGN_TEXT_PT * self.theme.worksheet_size / 14, size * 0.6)
        if rest:
            # As the PDF: smaller only if what the sign means would not fit below the word.
            space = self._width_mm(" ", "regular", meaning_size)

            def wide(w: str) -> float:
                return self._width_mm(w, "regular", meaning_size) * WIDTH_MARGIN

            lines = _line_count(plain_text(rest), inner, wide, space)
            room = (height - 2 * SIGN_PAD_MM) * 72 / 25.4
            while size > 1 and size * 1.35 + lines * meaning_size * 1.3 > room:
                size *= 0.9
                meaning_size = min(meaning_size, size * 0.6)
                lines = _line_count(plain_text(rest), inner, wide, space)
        first = cell.paragraphs[0]
        self.set_style(first, CARD_TEXT)
        self.inlines(first, word)
        for run in first.runs:
            run.font.size = Pt(size)
        first.paragraph_format.space_after = Pt(size * 0.2)
        if rest:
            paragraph = self.paragraph(cell, CARD_TEXT)
            self.inlines(paragraph, rest)
            for run in paragraph.runs:
                run.font.size = Pt(meaning_size)
                if run.bold is None:
                    run.bold = False
        gap = self.paragraph(container)
        self.spacers.add(gap._p)
        gap.paragraph_format.space_before = gap.paragraph_format.space_after = Pt(0)
        gap.paragraph_format.line_spacing = Mm(SIGN_GAP_MM)  # a length: Word's "exactly"

    def _sign_height(self) -> float:
        """A sign's height in mm: half of what a worksheet's page holds above its help box, as
        in the PDF, at most SIGN_HEIGHT_MM. Large print's taller help box left less than two
        110 mm signs need, and each went to a page of its own, though the sheet said "two to
        a page"."""
        footer_mm = WORKSHEET_FOOTER_MM + self._help_box_height() * 25.4 / 72
        body = PAGE_HEIGHT_MM - TOP_MARGIN_MM - max(BOTTOM_MARGIN_MM, footer_mm)
        return min(SIGN_HEIGHT_MM, (body - SIGN_GAP_MM) / 2 - SIGN_SPARE_MM)

    def _help_box_height(self) -> float:
        """A cautious estimate, in points, of a worksheet's footer above its distance from the
        page's edge: the help box, the gap above it and the footer line below it."""
        size = float(self.doc.styles[HELP_TEXT].font.size.pt)
        inner = CONTENT_WIDTH_MM - 2 * 160 / 56.7 - 36 / 8 * 25.4 / 72  # padding, side bar
        space = self._width_mm(" ", "regular", size)
        texts = [plain_text(b.children) for b in self.sheet_help if isinstance(b, Paragraph)]

        def wide(word: str) -> float:
            return self._width_mm(word, "bold", size) * WIDTH_MARGIN

        lines = sum(_line_count(text, inner, wide, space) for text in texts)
        box = lines * size * LINE_HEIGHT + 2.0 * max(len(texts) - 1, 0) + 2 * 4.0
        below = furniture_size(self.theme.body_size) * LINE_HEIGHT + 4.0
        return (box + HELP_BOX_GAP_PT + below) * HEIGHT_MARGIN

    def _table_height(self, rows: list[Any], widths: list[float]) -> float:
        """A cautious estimate of a table's height in points, its words wrapped in each
        column's width at the table's type size."""
        size = self._table_pt()
        total = 0.0
        for row in rows:
            tallest = max(
                (
                    self._lines(plain_text(cell), CONTENT_WIDTH_MM * share - 4, size)
                    for cell, share in zip(row, widths, strict=False)
                ),
                default=1,
            )
            total += tallest * size * 1.25 + 6  # the lines, and the cell's margins
        return total

    def _box_height(self, callout: Callout) -> float:
        """A cautious estimate of a callout's height in points: its title, and its paragraphs
        and list items wrapped in the box's width at the body size (anything else, a table or
        a writing space, counts as too tall to estimate)."""
        size = self.theme.body_size
        width = CONTENT_WIDTH_MM - 12  # less the box's padding and its coloured bar
        lines = 2.0  # the title and the box's padding
        ruled = 0.0  # points of writing lines, as write_space sets them
        for block in callout.blocks:
            if isinstance(block, WriteSpace) and block.kind == "lines":
                if block.size == 1 and block.label and self._fits_beside(block):
                    ruled += 24 + 10  # the labelled line's height and the gap after it
                else:
                    lines += 1.4 if block.label else 0.0
                    ruled += block.size * self._line_gap_pt() + 2  # and the spacer after
                continue
            if isinstance(block, Paragraph):
                texts = [(plain_text(block.children), width)]
            elif isinstance(block, ListBlock) and all(
                all(isinstance(b, Paragraph) for b in item) for item in block.items
            ):
                indent = LIST_INDENT_PT * 25.4 / 72
                texts = [
                    (
                        " ".join(plain_text(b.children) for b in item if isinstance(b, Paragraph)),
                        width - indent,
                    )
                    for item in block.items
                ]
            else:
                return float("inf")
            for text, room in texts:
                lines += self._lines(text, room, size) + 0.4  # and the space after
        return lines * size * 1.3 + ruled

    def _lines(self, text: str, room_mm: float, size: float) -> int:
        """How many lines ``text`` takes in the regular face at ``size``, wrapped in ``room_mm``
        as Word wraps it, each word measured with room to spare."""
        return _line_count(
            text,
            room_mm,
            lambda word: self._width_mm(word, "regular", size) * WIDTH_MARGIN,
            self._width_mm(" ", "regular", size),
        )

    def _table_pt(self) -> float:
        """A table's type where the writer is: a worksheet's, or the body's."""
        if self.in_worksheet:
            return self._sheet_table_pt()
        return table_text_size(self.theme.body_size)

    def _sheet_table_pt(self) -> float:
        """A worksheet table's type, as the PDF sets it: the body's table size, scaled up as the
        worksheet scales the body (20 pt in large print, where tables keep the body's size)."""
        theme = self.theme
        return table_text_size(theme.body_size) * theme.worksheet_size / theme.body_size

    def _line_gap_pt(self) -> float:
        """The gap between writing lines. Young children's and large-print sheets get the PDF's
        gap for their type (14 mm for KS1's 18 pt, where 26 pt left Year 1 handwriting 9 mm);
        others keep 26 pt, as Word cannot close lines up to finish a sheet on its page as the
        PDF does (the PDF's gap sent two KS2 sheets onto a second page)."""
        if not self.in_worksheet:
            return 20
        if self.theme.worksheet_size >= GROW_PT:
            return self.theme.worksheet_size * WRITE_GAP_EMS
        return 26

    def _fits_beside(self, space: WriteSpace) -> bool:
        """Whether a label is short enough to share its writing line, as the PDF decides."""
        size = self._text_size
        return self._width_mm(space.label, "regular", size) <= CONTENT_WIDTH_MM * LABEL_ON_LINE

    def _fit_columns(self, shares: list[float], table: Table, columns: int) -> list[float]:
        """Widen columns whose longest unbreakable word (a web address, a phone number) would
        otherwise be broken mid-word, measured in the table's own font and size."""
        size = self._text_size
        size = table_text_size(size)

        def measure(word: str, in_header: bool) -> float:
            return self._width_mm(word, "bold", size) * WIDTH_MARGIN

        # Word's default cell margins are 1.9 mm on each side.
        return fit_unbreakable(shares, table, columns, measure, CONTENT_WIDTH_MM, padding=4.5)

    def _spacer(self, container: Any) -> None:
        paragraph = self.paragraph(container)
        self.spacers.add(paragraph._p)
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph.paragraph_format.line_spacing = 0.6

    def callout(self, container: Any, callout: Callout) -> None:
        """A box: its title in a row of its own, marked as a header row, so that Word repeats
        the title at the top of the next page when the box goes on over a page (as the PDF
        does); its content in the row below."""
        self._flush_break(container)
        rows = 2 if callout.blocks else 1
        table = container.add_table(rows=rows, cols=1)
        _fix_widths(table, [CONTENT_WIDTH_MM])
        kinds = dict(self.theme.callout_fills)
        cells = [table.cell(row, 0) for row in range(rows)]
        if callout.kind in kinds:
            table._tbl.tblPr.style = self._style_id(box_style(callout.kind))
        # A box is a table only to be drawn as one: its caption tells a screen reader, which
        # announces a table, what it is ("Safeguarding box: Before the lesson").
        caption = OxmlElement("w:tblCaption")
        caption.set(_VAL, f"{callout.kind.title()} box: {clean(callout.title)}")
        table._tbl.tblPr.append(caption)
        for index, cell in enumerate(cells):
            if callout.kind not in kinds:  # a kind the brand gives no colour: white, as before
                _shade(cell._tc.get_or_add_tcPr(), self.theme.background)
                _cell_borders(cell, left=(36, self._box_bar(callout.kind)))
            top = 120 if index == 0 else 0
            bottom = 80 if index == rows - 1 else 0
            _cell_margins(cell, top, 200, bottom, 200)
        title = cells[0].paragraphs[0]
        self.set_style(title, CALLOUT_TITLE_STYLE)
        title.add_run(clean(callout.title))
        if rows == 1:
            self._spacer(container)
            return
        title_pr = table.rows[0]._tr.get_or_add_trPr()
        title_pr.append(OxmlElement("w:cantSplit"))
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        title_pr.append(repeat)
        # A short box moves on whole: a title repeated over two lines of a box reads worse
        # than the gap it saves. So does what the teacher reads aloud (a story in parts, the
        # questions to ask), up to about half a page, as in the PDF: it is read from the page
        # while teaching, and a page turned mid-story loses the class.
        whole = self.box_max * (READ_ALOUD_BOXES if callout.kind == "question" else 1)
        # Large type fills a quarter page sooner, but counting characters alone parted a short
        # box of several short lines (the DSL's name, phone, email and deputy) in large print:
        # a box measured, as the PDF measures it, at a quarter page or less stays whole too.
        # A box of lines to fill in (a lesson's entry in the assessment record) is filled in
        # as one: it moves on whole up to half a page, as a read-aloud box does.
        small = SMALL_BOX_PT * (READ_ALOUD_BOXES if is_form(callout) else 1)
        if text_size(callout) <= whole or self._box_height(callout) <= small:
            table.rows[1]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        body = cells[1]
        empty = body.paragraphs[0]._p  # the new cell's own empty paragraph, replaced below
        for block in callout.blocks:
            if isinstance(block, Paragraph):
                self.inlines(self.paragraph(body, CALLOUT_STYLE), block.children)
            else:
                self.block(body, block)
        if len(body._tc.xpath("./w:p | ./w:tbl")) > 1:
            body._tc.remove(empty)
        self._spacer(container)

    def picture(
        self, paragraph: DocxParagraph, image: Image, width_mm: float, data: bytes = b""
    ) -> None:
        """``image`` at ``width_mm``, drawn from ``data`` if given (a logo on its tile)."""
        asset = self.model.asset(image.ref)
        if not data and asset.kind == "drawing":
            # Transparent, so a picture on a coloured band (the cover's reversed logo, white
            # on the brand colour) shows the band, not a white box.
            data = artwork.png(asset.name, width_mm * 72 / 25.4, self._palette(), transparent=True)
        data = data or asset.data
        run = paragraph.add_run()
        run.add_picture(io.BytesIO(data), width=Mm(width_mm))
        # Alt text for screen readers: Word reads it from the drawing's docPr.
        for doc_pr in run._r.xpath(".//wp:docPr"):
            doc_pr.set("descr", clean(image.alt))
            doc_pr.set("title", clean(image.alt))

    def _palette(self) -> artwork.Palette:
        fonts.register(self.theme.font)
        return artwork.Palette(
            self.theme.primary,
            self.theme.accent,
            self.theme.text,
            self.theme.background,
            fonts.face_name(self.theme.font, "bold"),
        )

    def image_row(
        self,
        container: Any,
        images: tuple[Image, ...],
        labels: tuple[tuple[Inline, ...], ...] = (),
    ) -> None:
        self._flush_break(container)
        table = container.add_table(rows=2 if labels else 1, cols=len(images))
        cell_width = CONTENT_WIDTH_MM / len(images)
        _fix_widths(table, [cell_width] * len(images))
        row_cells = table._cells
        for index, image in enumerate(images):
            cell = row_cells[index]
            _cell_borders(cell)
            paragraph = cell.paragraphs[0]
            paragraph.alignment = 1  # centre
            # A picture never parts from the choice under it, as in the PDF.
            paragraph.paragraph_format.keep_with_next = bool(labels)
            # The space after the row is the spacer's: Normal's space after, below each row
            # as well, sent large print's third row of face cards to a page of its own.
            paragraph.paragraph_format.space_after = Pt(0)
            self.picture(paragraph, image, min(image.width_mm, cell_width - 6))
        for index, label in enumerate(labels):
            cell = row_cells[len(images) + index]
            _cell_borders(cell)
            paragraph = cell.paragraphs[0]
            self.set_style(paragraph, SHEET_TEXT if self.in_worksheet else "Normal")
            paragraph.alignment = 1  # centre, under its picture
            self.inlines(paragraph, label)
        self._spacer(container)

    def write_space(self, container: Any, space: WriteSpace) -> None:
        style = SHEET_TEXT if self.in_worksheet else "Normal"
        # The question or scenario just before a writing space stays on its page.
        parent = _parent(container)
        element = parent._element
        # In the body, the last child is the section properties.
        last = len(element) - (2 if element.tag == qn("w:body") else 1)
        before = element[last] if last >= 0 else None
        if before is not None and before.tag == qn("w:p") and not self._ends_section(before):
            DocxParagraph(before, parent).paragraph_format.keep_with_next = True
        if space.kind == "lines" and space.size == 1 and space.label and self._fits_beside(space):
            # "Name ______": the label sits on the line it asks to be filled in (as in the PDF,
            # when it leaves the line room), drawn by a tab whose leader runs to the margin.
            line = self.paragraph(container, style)
            line.add_run(clean(space.label) + " \t")
            # The line is as tall as the PDF's (a signature needs room too), with a gap below
            # it: with 6 pt, "Name ____" ran straight into the question after it.
            line.paragraph_format.line_spacing = Pt(26 if self.in_worksheet else 24)
            line.paragraph_format.space_after = Pt(10)
            # A run of such lines ("Signed", "Name and role") stays on one page, as in the PDF.
            after = self.next_block
            line.paragraph_format.keep_with_next = (
                is_single_line(after) and bool(after.label) and self._fits_beside(after)
            )
            line.paragraph_format.tab_stops.add_tab_stop(
                Mm(_room_mm(container)), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.LINES
            )
            return
        if space.kind == "lines":
            if space.label:
                label = self.paragraph(container, style)
                label.add_run(clean(space.label))
                label.paragraph_format.keep_with_next = True
            for index in range(space.size):
                line = self.paragraph(container, style)
                line.paragraph_format.line_spacing = Pt(self._line_gap_pt())
                line.paragraph_format.space_after = Pt(0)
                # A short writing area stays whole; a long one may run on like a ruled sheet.
                if space.size <= 8 and index < space.size - 1:
                    line.paragraph_format.keep_with_next = True
                ppr = line._p.get_or_add_pPr()
                borders = OxmlElement("w:pBdr")
                # Word draws paragraphs with the same borders as one box: its bottom border alone
                # would give two lines one rule; "between" rules each line.
                for side in ("bottom", "between"):
                    rule = OxmlElement(f"w:{side}")
                    rule.set(qn("w:val"), "single")
                    rule.set(qn("w:sz"), "6")
                    rule.set(qn("w:space"), "1")
                    rule.set(qn("w:color"), _hex(self.theme.muted))
                    borders.append(rule)
                ppr.append(borders)
            # A heading next brings its own space above it: the spacer's line as well ran a
            # sheet's closing "Remember" onto a page of its own in LibreOffice.
            if not isinstance(self.next_block, Heading):
                self._spacer(container)
            return
        self._flush_break(container)
        table = container.add_table(rows=1, cols=1)
        _fix_widths(table, [CONTENT_WIDTH_MM])
        cell = table.cell(0, 0)
        _cell_borders(
            cell,
            top=(10, self.theme.muted),
            left=(10, self.theme.muted),
            bottom=(10, self.theme.muted),
            right=(10, self.theme.muted),
        )
        tr_pr = table.rows[0]._tr.get_or_add_trPr()
        height = OxmlElement("w:trHeight")
        height.set(qn("w:val"), str(int(space.size * 56.7)))  # twentieths of a point per mm
        height.set(qn("w:hRule"), "exact")
        tr_pr.append(height)
        self.set_style(cell.paragraphs[0], style)
        if space.label:
            cell.paragraphs[0].add_run(clean(space.label))
        self._spacer(container)

    def contents(self, container: Any, title: str) -> None:
        heading = self.paragraph(container, "TOC Heading")
        _inherit_fonts(self.doc.styles["TOC Heading"].element)
        heading.add_run(clean(title))
        self._contents_paragraph = self.paragraph(container, "Normal")
        self.page_break(container)

    def _fill_contents(self) -> None:
        """The contents field, pre-filled with the headings so it reads well before an update:
        a paragraph per heading in Word's own contents styles (TOC 1, TOC 2), each a link to
        its heading, as Word writes them (without the page numbers only Word can know)."""
        paragraph = getattr(self, "_contents_paragraph", None)
        if paragraph is None:
            return
        levels = max(self.contents_depth, 1)
        # Worksheet titles go in at the level below ("Pupil worksheets", then each sheet), as in
        # the PDF, when Word rebuilds the contents.
        sheets = f' \\t "{SHEET_TITLE},{levels + 1}"'
        _field(paragraph, f'TOC \\o "1-{levels}"{sheets} \\h \\z \\u', "")
        runs = paragraph._p.findall(qn("w:r"))
        runs[-2].getparent().remove(runs[-2])  # the empty shown text
        end = paragraph._p.findall(qn("w:r"))[-1]
        end.getparent().remove(end)
        current = paragraph
        for index, (level, text, anchor) in enumerate(self.headings):
            if index:
                following = OxmlElement("w:p")
                current._p.addnext(following)
                current = DocxParagraph(following, current._parent)
            self.set_style(current, f"toc {min(level, 2)}")
            link = OxmlElement("w:hyperlink")
            link.set(qn("w:anchor"), _bookmark_name(anchor))
            link.append(self._run(text, False, False))
            current._p.append(link)
        # Only a word processor knows where its pages break, so the list arrives without page
        # numbers. A note says how to add them; it is part of the field's shown text, so the
        # update that adds the numbers removes it.
        following = OxmlElement("w:p")
        current._p.addnext(following)
        current = DocxParagraph(following, current._parent)
        self.set_style(current, SMALL)
        current.paragraph_format.space_before = Pt(12)
        current.add_run(
            "Page numbers appear when this list is updated: Word offers to update it when the file "
            "opens (or right-click the list and choose Update Field); in LibreOffice, choose "
            "Tools, Update, Update All."
        )
        current._p.append(end)
        # Word updates the field (page numbers) when the file opens. The schema fixes where the
        # element goes: before these, if the settings have them (Word rejects a file whose parts
        # are out of order).
        settings = self.doc.settings.element
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        later = next((child for child in settings if child.tag in _AFTER_UPDATE_FIELDS), None)
        if later is not None:
            later.addprevious(update)
        else:
            settings.append(update)

    def cover(self, container: Any, cover: Cover) -> None:
        spill: tuple[Block, ...] = ()
        if self.theme.body_size >= LARGE_PRINT_PT:
            # Large print keeps its size, as in the PDF: what the cover cannot hold at it (the
            # staff briefing's key points) opens the next page; the small print stays, and
            # gives up its own size first (Word's page is only estimated here).
            blocks = cover.blocks
            while len(blocks) > 2 and self._cover_scale(Cover(cover.band, blocks), 1) is None:
                spill = (blocks[-2], *spill)
                blocks = (*blocks[:-2], blocks[-1])
            # Not a sentence alone on the next page (the parents' guide's emergency line): the
            # key points' box goes with it, as in the staff briefing.
            while (
                spill
                and not any(isinstance(block, Callout) for block in spill)
                and any(isinstance(block, Callout) for block in blocks[:-1])
            ):
                spill = (blocks[-2], *spill)
                blocks = (*blocks[:-2], blocks[-1])
            cover = Cover(cover.band, blocks)
        self._cover(container, cover)
        if spill:
            self.blocks(container, spill)
            self.page_break(container)

    def _cover(self, container: Any, cover: Cover) -> None:
        self._flush_break(container)
        start = self._count(container)
        table = container.add_table(rows=1, cols=1)
        _fix_widths(table, [CONTENT_WIDTH_MM])
        cell = table.cell(0, 0)
        _shade(cell._tc.get_or_add_tcPr(), self.theme.primary)
        _cell_borders(cell)
        _cell_margins(cell, *[COVER_PAD_TWIPS] * 4)
        first = True
        for block in cover.band:
            target = cell.paragraphs[0] if first else None
            first = False
            match block:
                case Heading(children=children):
                    paragraph = target or self.paragraph(cell)
                    self.set_style(paragraph, "Title")
                    self.inlines(paragraph, children)
                    for run in _runs(paragraph):
                        run.font.color.rgb = _rgb(self.theme.on_primary)
                case Paragraph(children=children):
                    paragraph = target or self.paragraph(cell)
                    self.set_style(paragraph, COVER_TEXT)
                    self.inlines(paragraph, children)
                case Image():
                    paragraph = target or self.paragraph(cell)
                    self.picture(paragraph, block, block.width_mm)
                case ImageRow(images=images):
                    self._logo_row(target or self.paragraph(cell), images)
                case _:
                    self.block(cell, block)
        self._spacer(container)
        self.blocks(container, cover.blocks)
        # In large print every line read stays at the body's size, the small print too; if
        # the cover would not fit so, its small print may take its normal-print share, not
        # below the footer's size; a cover that still would not fit goes on to a second page
        # (the small print once shrank to 8 pt, smaller than in normal print). In normal print,
        # then only the body text is kept, and only if the cover still would not fit, all of
        # it shrinks. (Word's cover is measured cautiously: the PDF's holds more.)
        large = self.theme.body_size >= LARGE_PRINT_PT
        for floored in (3, 2) if large else (2, 1, 0):
            found = self._cover_scale(cover, floored)
            if found is not None:
                break
        scale = found or 0.6
        if scale < 1 or (large and floored < 3):
            # Word lays the page out itself: the cover's text is set smaller, by an estimate of
            # its height, so that it stays one page (large print spilled onto a second). A
            # large-print cover measured with its small print at the normal-print share is set
            # so even at full scale.
            for p in self._since(container, start):
                paragraph = DocxParagraph(p, container)
                small = paragraph.style is not None and paragraph.style.name == SMALL
                size = self._cover_size(_style_size(self.doc, paragraph), scale, floored, small)
                for run in _runs(paragraph):
                    run.font.size = Pt(round(size * 2) / 2)
        self.page_break(container)

    def _logo_row(self, paragraph: DocxParagraph, images: tuple[Image, ...]) -> None:
        """Logos side by side on the cover's band, as in the PDF: the campaign's at the left,
        each partner's (the school's) at the right on a tile of the paper's colour, as tall as
        the campaign's, so a logo drawn for white paper keeps its colours on the brand colour.
        One line, the tiles drawn into their pictures: a table nested in the band's cell took
        the cover's own header and footer away in LibreOffice."""
        first, *others = images
        height = first.width_mm * self.model.asset(first.ref).aspect
        self.picture(paragraph, first, first.width_mm)
        room = CONTENT_WIDTH_MM - 2 * COVER_PAD_MM
        tabs = paragraph.paragraph_format.tab_stops
        tabs.add_tab_stop(Mm(room), WD_TAB_ALIGNMENT.RIGHT)
        paragraph.add_run("\t")
        for index, image in enumerate(others):
            asset = self.model.asset(image.ref)
            logo = cover_tile_logo(height, asset.aspect, image.width_mm)
            data = asset.data
            if asset.kind == "drawing":  # one of the project's own pictures, as a partner's
                data = artwork.png(asset.name, logo[0] * 72 / 25.4, self._palette())
            tile_width = logo[0] + 2 * COVER_TILE_PAD_MM
            tile = _tile(data, logo, (tile_width, height), self.theme.background)
            if index:
                paragraph.add_run("  ")
            self.picture(paragraph, image, tile_width, tile)

    def _cover_size(
        self, natural: float, scale: float, floored: int = 2, small: bool = False
    ) -> float:
        """A cover text's size at ``scale``: in large print not below the body size (its reader
        needs that size everywhere; the title and the band give up more instead), the small
        print too with ``floored`` 3; with ``floored`` 2, the small print at its normal-print
        share of the body's size, not below the footer's; ``floored`` 0 for a cover that would
        not fit its page even so."""
        body = self.theme.body_size
        if not floored or body < LARGE_PRINT_PT:
            return natural * scale
        if small and floored < 3:
            natural = small_print_share(body)
        if natural >= body:
            return max(natural * scale, body)
        least = min(natural, furniture_size(body)) if floored >= 2 else 0.0
        return max(natural * scale, least)

    def _cover_scale(self, cover: Cover, floored: int) -> float | None:
        """The share of its size the cover's text must take for the cover to fit its page, by a
        cautious count of lines: its words measured in the theme's font with room to spare (more
        for a font Word may replace), wrapped as Word wraps them, and generous line spacing; None
        if no share down to 0.6 fits."""
        size = self.theme.body_size
        page = (297 - 22 - 20) * 72 / 25.4 - 30  # the body's height, in points, less a margin
        width_mm = CONTENT_WIDTH_MM - 2 * COVER_PAD_MM

        def height(text: str, points: float, spacing: float) -> float:
            lines = _line_count(
                text,
                width_mm,
                # Words measured in bold, the widest face.
                lambda word: self._width_mm(word, "bold", points) * WIDTH_MARGIN,
                self._width_mm(" ", "regular", points) * WIDTH_MARGIN,
            )
            return lines * points * 1.3 + spacing

        def below(blocks: tuple[Block, ...], scale: float) -> float:
            points = self._cover_size(size, scale, floored)
            found = 0.0
            for block in blocks:
                if isinstance(block, Image):
                    aspect = self.model.asset(block.ref).aspect
                    found += block.width_mm * aspect * 72 / 25.4 + 8
                elif isinstance(block, ListBlock):
                    found += sum(below(item, scale) for item in block.items)
                elif isinstance(block, Callout):
                    found += height(block.title, points, 2 * points) + below(block.blocks, scale)
                elif isinstance(block, Paragraph):
                    # Each at its own style's size: the small print, measured at the body's,
                    # once counted for a third of a large-print cover and shrank all of it.
                    own = self._cover_size(
                        _PARAGRAPH_SIZE[block.style](size), scale, floored, block.style == "small"
                    )
                    found += height(_text_of(block), own, own * 0.55)
                elif _text_of(block):
                    found += height(_text_of(block), points, points * 0.55)
            return found

        for scale in (1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6):
            total = 2 * COVER_PAD_TWIPS / 20 + 12  # the band's padding, and the space under it
            for block in cover.band:
                # A row of logos is as tall as its first, the others fitted to it.
                if isinstance(block, ImageRow):
                    block = block.images[0]
                if isinstance(block, Image):
                    total += block.width_mm * self.model.asset(block.ref).aspect * 72 / 25.4 + 8
                elif isinstance(block, Heading):
                    title = self._cover_size(30 * size / 11, scale, floored)
                    total += height(_text_of(block), title, 8)
                else:
                    total += height(
                        _text_of(block), self._cover_size(size * 1.3, scale, floored), 4
                    )

            total += below(cover.blocks, scale)
            if total <= page:
                return scale
        return None

    def _own_section(self) -> Any:
        """A section starting a new page, for pages with their own header and footer (a
        worksheet, the letter home)."""
        self.break_before = False  # the section break starts a new page already
        if len(self.doc.element.body) == self.after_worksheet:
            section = self.doc.sections[-1]  # the empty section the last one opened
        else:
            section = self.doc.add_section(WD_SECTION.NEW_PAGE)
            self._slim_break()
        section.different_first_page_header_footer = False
        return section

    def _end_own_section(self) -> None:
        """The section after such pages: a new page, with the teacher's pages' furniture."""
        after = self.doc.add_section(WD_SECTION.NEW_PAGE)
        self._slim_break()
        after.different_first_page_header_footer = False
        after.footer_distance = Mm(8)  # the teacher's pages' own
        self._furniture(after, worksheet_help=None)
        self.after_worksheet = len(self.doc.element.body)
        self.break_before = False  # so is what follows

    def worksheet(self, sheet: Worksheet) -> None:
        # Each worksheet is its own section: a new page, and a footer carrying where to get help.
        section = self._own_section()
        # The page number where printers print (see WORKSHEET_FOOTER_MM); the help box gives
        # back the gap above it (HELP_BOX_GAP_PT) in its padding (see _help_box), so a sheet's
        # pages hold as much as the PDF's.
        section.footer_distance = Mm(WORKSHEET_FOOTER_MM)
        self._furniture(section, worksheet_help=sheet.help or (), sheet_title=sheet.title)
        self.sheet_help = sheet.help or ()
        self.in_worksheet = True
        self.sheet_outline = SHEET_TITLE_OUTLINE  # the level a bold question goes under
        try:
            title = self.paragraph(self.doc, SHEET_TITLE)
            self._bookmark(title, sheet.anchor)
            title.add_run(clean(sheet.title))
            if self.contents_depth >= 1:
                self.headings.append((2, sheet.title, sheet.anchor))
            self.blocks(self.doc, sheet.blocks)
        finally:
            self.in_worksheet = False
        self._end_own_section()

    def letter(self, letter: Letter) -> None:
        # A section of its own, as a worksheet is: its pages go home without the pack's name
        # or page numbers.
        self._furniture(self._own_section(), worksheet_help=None, letter=True)
        body = self.doc.element.body
        first = len(body) - 1  # new paragraphs go in before the body's section properties
        self.in_letter = True
        try:
            self.blocks(self.doc, letter.blocks)
        finally:
            self.in_letter = False
        self._keep_closing(list(body)[first:-1])
        self._end_own_section()

    def _keep_closing(self, added: list[Any]) -> None:
        """A letter's last list (the services), the line leading into it and its sign-off
        kept on one page, as in the PDF: in large print Word put "Yours faithfully" and the
        lines to sign on a last page of their own."""
        paragraphs = [e for e in added if e.tag == qn("w:p")]
        if len(paragraphs) != len(added):
            return  # a table in the closing: leave Word to break it
        lists = [i for i, p in enumerate(paragraphs) if p.style and p.style.startswith("List")]
        if not lists:
            return
        start = lists[-1]
        while start > 0 and (paragraphs[start - 1].style or "").startswith("List"):
            start -= 1
        start = max(start - 1, 0)  # the line that introduces the list
        for p in paragraphs[start:-1]:
            DocxParagraph(p, self.doc).paragraph_format.keep_with_next = True

    def finish(self) -> bytes:
        self._fill_contents()
        self._drop_trailing_section()
        self._drop_template_leftovers()
        self._embed_fonts()
        self._brand_theme()
        self._part("/docProps/app.xml")._blob = APP_PROPERTIES
        self._unique_drawing_ids()
        self._proofing_settings()
        self._schema_order()
        meta = self.model.meta
        props = self.doc.core_properties
        props.title = _property(meta.title)
        props.subject = _property(meta.subject)
        props.author = _property(meta.author)
        props.keywords = _property(", ".join(meta.keywords))
        props.language = meta.language
        props.category = _property(meta.category)
        props.comments = _property(meta.subtitle)
        props.last_modified_by = "cse-lessonpack"
        props.version = meta.version
        props.revision = 1
        moment = dt.datetime.combine(meta.date, dt.time(0, 0))
        props.created = moment
        props.modified = moment
        # Never printed: Word's File > Info would show a print date that did not happen.
        printed = props._element.find(qn("cp:lastPrinted"))
        if printed is not None:
            props._element.remove(printed)
        raw = io.BytesIO()
        self.doc.save(raw)
        return _normalise_zip(raw.getvalue(), meta.date)

    def _drop_template_leftovers(self) -> None:
        """Leave out the parts python-docx's starting file brings that the pack does not use: a
        Word 2010 copy of that file's own styles (438 KB; not the pack's, which a Word that read
        it would show instead) and an empty bibliography store."""
        rels = self.doc.part.rels
        for rid in [r.rId for r in rels.values() if r.reltype in _LEFTOVER_RELATIONSHIPS]:
            rels.pop(rid)

    def _schema_order(self) -> None:
        """Put every property element in the order the WordprocessingML schema requires: Word
        refuses to open a file whose properties are out of order, where LibreOffice copes."""
        part = self.doc.part
        roots = [part.element, part.styles.element, part.numbering_part.element]
        for section in self.doc.sections:
            stories = (section.header, section.footer, section.first_page_footer)
            for story in stories:
                if not story.is_linked_to_previous:
                    roots.append(story._element)
        for root in roots:
            for element in root.iter(*SCHEMA_ORDER):
                order = SCHEMA_ORDER[element.tag]
                children = list(element)
                ranked = sorted(children, key=lambda c: order.get(c.tag, len(order)))
                if ranked != children:
                    for child in ranked:
                        element.append(child)  # moves it to the end, in the ranked order

    def _unique_drawing_ids(self) -> None:
        """Number every picture's drawing id once across the file: python-docx counts each
        header from 1 again, so a school's logo in every header shared the cover logo's id,
        which Word puts up with but validators and accessibility checkers flag."""
        parts = sorted(
            (p for p in self.doc.part.package.iter_parts() if hasattr(p, "_element")),
            key=lambda p: (p.partname != "/word/document.xml", p.partname),
        )
        number = 0
        for part in parts:
            for doc_pr in part._element.iter(qn("wp:docPr")):
                number += 1
                doc_pr.set("id", str(number))

    def _proofing_settings(self) -> None:
        """The template's settings marked the text as already spell-checked (so Word would not
        check it until edited) and gave its theme fonts the language en-US: the file's own
        language is used instead, and Word checks the text when it opens."""
        settings = self.doc.settings.element
        proof = settings.find(qn("w:proofState"))
        if proof is not None:
            settings.remove(proof)
        theme_lang = settings.find(qn("w:themeFontLang"))
        if theme_lang is not None:
            theme_lang.set(qn("w:val"), self.model.meta.language)

    def _part(self, name: str) -> Part:
        """One of the package's parts, by its name (a part python-docx reads but does not model,
        whose bytes are replaced as a whole)."""
        parts: Iterator[Part] = self.doc.part.package.iter_parts()
        return next(p for p in parts if p.partname == name)

    def _brand_theme(self) -> None:
        """Give the file's theme the pack's font and colours.

        python-docx's template carries Office's 2007 theme (Calibri, Cambria, blue 4F81BD): the
        styles a teacher may still pick from the gallery (Subtitle, Quote, Caption) and Word's
        Design tab drew on it, so they came out off-brand.
        """
        part = self._part("/word/theme/theme1.xml")
        xml = part.blob.decode("utf-8")
        family = xml_escape(self.family, {'"': "&quot;"})
        for scheme in ("majorFont", "minorFont"):
            xml = re.sub(rf'(<a:{scheme}>\s*<a:latin typeface=")[^"]*', rf"\g<1>{family}", xml)
        colours = {
            "dk2": self.theme.heading,
            "accent1": self.theme.primary,
            "accent2": self.theme.accent,
            "hlink": self.theme.link,
            "folHlink": self.theme.link,
        }
        for slot, value in colours.items():
            xml = re.sub(
                rf'(<a:{slot}>\s*<a:srgbClr val=")[0-9A-Fa-f]{{6}}', rf"\g<1>{_hex(value)}", xml
            )
        part._blob = xml.encode("utf-8")

    def _embed_fonts(self) -> None:
        """Carry the text font in the file, so the pack looks the same where it is not installed."""
        faces = _embeddable(self.theme.font)
        if not faces:
            return
        package = self.doc.part.package
        table = self._part("/word/fontTable.xml")
        root = parse_xml(table.blob)
        font = OxmlElement("w:font")
        font.set(qn("w:name"), self.family)
        for tag, value in (("w:charset", "00"), ("w:family", "swiss"), ("w:pitch", "variable")):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            font.append(child)
        for number, (style, font_key, data) in enumerate(faces, start=1):
            part = Part(PackURI(f"/word/fonts/font{number}.odttf"), OBFUSCATED_FONT, data, package)
            embed = OxmlElement(_EMBED_TAGS[style])
            embed.set(qn("r:id"), table.relate_to(part, RT.FONT))
            embed.set(qn("w:fontKey"), font_key)
            font.append(embed)
        root.append(font)
        table._blob = serialize_part_xml(root)
        # Word reads embedded fonts only when the settings say so; the element's place in the
        # settings is fixed by the schema: straight after the zoom.
        settings = self.doc.settings.element
        flag = OxmlElement("w:embedTrueTypeFonts")
        zoom = settings.find(qn("w:zoom"))
        if zoom is not None:
            zoom.addnext(flag)
        else:
            settings.insert(0, flag)

    def _slim_break(self) -> None:
        """The paragraph a section break adds takes no room: its properties move into the
        spacer before it, or it is set 1 pt high. At full height, after a drawing box that
        filled a worksheet's page, it started a page blank but for the furniture."""
        body = self.doc.element.body
        mark = body[-2]  # the paragraph holding the properties of the section just ended
        properties = mark.find(_PPR).find(_SECTPR)
        before = mark.getprevious()
        if before is not None and before in self.spacers and before.find(_PPR) is not None:
            before.find(_PPR).append(properties)  # _schema_order puts it in its place
            self.spacers.discard(before)
            body.remove(mark)
            return
        ppr = mark.find(_PPR)
        spacing = OxmlElement("w:spacing")
        for name, value in (("before", "0"), ("after", "0"), ("line", "20"), ("lineRule", "exact")):
            spacing.set(qn(f"w:{name}"), value)
        ppr.append(spacing)
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), "2")
        mark_rpr = OxmlElement("w:rPr")
        mark_rpr.append(size)
        ppr.append(mark_rpr)

    def _drop_trailing_section(self) -> None:
        """A document ending with a worksheet would otherwise end with an empty page."""
        body = self.doc.element.body
        last = body[-2] if len(body) > 1 else None
        if last is not None and self._ends_section(last) and not last.xpath(".//w:t"):
            sect_pr = last.xpath("./w:pPr/w:sectPr")[0]
            final = body[-1]
            body.remove(final)
            last.remove(last.find(qn("w:pPr")))
            body.replace(last, copy.deepcopy(sect_pr))


def _is_question(children: tuple[Inline, ...]) -> bool:
    """A worksheet's question: a bold line of its own ending "?", or a numbered bold lead, a
    question or an item's title, with a short instruction or nothing after it ("**3. Why is it
    not their fault?** Use the story.", "**1. Sort the steps.** Write …", "**2. Priya and
    Kim.**"): a sheet's numbered items are found in the navigation pane, not only those asked
    as questions; not a story that follows its title in the same paragraph, which filled the
    pane with whole stories."""
    # The Markdown reader puts an empty text before a paragraph's opening bold.
    shown = [c for c in children if not (isinstance(c, Text) and not c.text)]
    first = shown[0] if shown else None
    if isinstance(first, Strong) and _NUMBERED_LEAD.match(lead := plain_text((first,)).strip()):
        return lead.endswith("?") or len(plain_text(children).strip()) <= OUTLINE_ITEM_CHARS
    return is_run_in(children) and plain_text(children).rstrip().endswith("?")


_NUMBERED_LEAD: Final = re.compile(r"\d+\.\s+\S.*[.?]$")
OUTLINE_ITEM_CHARS: Final = 100  # a numbered item's paragraph this long or less is listed


def _is_sentence_or_label(text: str) -> bool:
    """A bold line that is a sentence ("… call 999.", 'Say "Stop."') or a label ("You will
    need:"): emphasis, not a heading."""
    return text.rstrip().rstrip("\"')\u201d\u2019").endswith((".", "!", ":"))


def box_style(kind: str) -> str:
    """The Word table style of a kind of box: "safeguarding" -> "Safeguarding Box"."""
    return f"{kind.title()} Box"


def _sequence(*names: str) -> dict[str, int]:
    return {qn(f"w:{name}"): index for index, name in enumerate(names)}


# The order of the children of each property element, from the WordprocessingML schema (ECMA-376
# part 1, wml.xsd): CT_PPr, CT_RPr (and a paragraph mark's rPr), CT_TcPr, CT_TblPr, CT_SectPr.
SCHEMA_ORDER: Final = {
    qn("w:pPr"): _sequence(
        "pStyle",
        "keepNext",
        "keepLines",
        "pageBreakBefore",
        "framePr",
        "widowControl",
        "numPr",
        "suppressLineNumbers",
        "pBdr",
        "shd",
        "tabs",
        "suppressAutoHyphens",
        "kinsoku",
        "wordWrap",
        "overflowPunct",
        "topLinePunct",
        "autoSpaceDE",
        "autoSpaceDN",
        "bidi",
        "adjustRightInd",
        "snapToGrid",
        "spacing",
        "ind",
        "contextualSpacing",
        "mirrorIndents",
        "suppressOverlap",
        "jc",
        "textDirection",
        "textAlignment",
        "textboxTightWrap",
        "outlineLvl",
        "divId",
        "cnfStyle",
        "rPr",
        "sectPr",
        "pPrChange",
    ),
    qn("w:rPr"): _sequence(
        "ins",
        "del",
        "moveFrom",
        "moveTo",
        "rStyle",
        "rFonts",
        "b",
        "bCs",
        "i",
        "iCs",
        "caps",
        "smallCaps",
        "strike",
        "dstrike",
        "outline",
        "shadow",
        "emboss",
        "imprint",
        "noProof",
        "snapToGrid",
        "vanish",
        "webHidden",
        "color",
        "spacing",
        "w",
        "kern",
        "position",
        "sz",
        "szCs",
        "highlight",
        "u",
        "effect",
        "bdr",
        "shd",
        "fitText",
        "vertAlign",
        "rtl",
        "cs",
        "em",
        "lang",
        "eastAsianLayout",
        "specVanish",
        "oMath",
        "rPrChange",
    ),
    qn("w:tcPr"): _sequence(
        "cnfStyle",
        "tcW",
        "gridSpan",
        "hMerge",
        "vMerge",
        "tcBorders",
        "shd",
        "noWrap",
        "tcMar",
        "textDirection",
        "tcFitText",
        "vAlign",
        "hideMark",
        "headers",
        "cellIns",
        "cellDel",
        "cellMerge",
        "tcPrChange",
    ),
    qn("w:tblPr"): _sequence(
        "tblStyle",
        "tblpPr",
        "tblOverlap",
        "bidiVisual",
        "tblStyleRowBandSize",
        "tblStyleColBandSize",
        "tblW",
        "jc",
        "tblCellSpacing",
        "tblInd",
        "tblBorders",
        "shd",
        "tblLayout",
        "tblCellMar",
        "tblLook",
        "tblCaption",
        "tblDescription",
        "tblPrChange",
    ),
    qn("w:sectPr"): _sequence(
        "headerReference",
        "footerReference",
        "footnotePr",
        "endnotePr",
        "type",
        "pgSz",
        "pgMar",
        "paperSrc",
        "pgBorders",
        "lnNumType",
        "pgNumType",
        "cols",
        "formProt",
        "vAlign",
        "noEndnote",
        "titlePg",
        "textDirection",
        "bidi",
        "rtlGutter",
        "docGrid",
        "printerSettings",
        "sectPrChange",
    ),
}


# Settings that come after w:updateFields in the WordprocessingML schema's sequence.
_AFTER_UPDATE_FIELDS: Final = frozenset(
    qn(f"w:{name}")
    for name in (
        "hdrShapeDefaults",
        "footnotePr",
        "endnotePr",
        "compat",
        "docVars",
        "rsids",
        "attachedSchema",
        "themeFontLang",
        "clrSchemeMapping",
        "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures",
        "forceUpgrade",
        "captions",
        "readModeInkLockDown",
        "smartTagType",
        "schemaLibrary",
        "shapeDefaults",
        "doNotEmbedSmartTags",
        "decimalSymbol",
        "listSeparator",
    )
) | {"{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr"}


def _match_linked(styles: Any, style: Any) -> None:
    """Give a paragraph style's linked character style ("Heading 1 Char") its look: Word applies
    it when the style is given to part of a paragraph, and the template's was off-brand blue."""
    linked = style.element.find(qn("w:link"))
    char = styles.element.get_by_id(linked.get(_VAL)) if linked is not None else None
    if char is None:
        return
    char_style = styles[char.name_val]
    char_style.font.color.rgb = style.font.color.rgb
    char_style.font.size = style.font.size
    char_style.font.bold = style.font.bold
    char_style.font.italic = style.font.italic


def _line_count(text: str, room_mm: float, width_mm: Callable[[str], float], gap_mm: float) -> int:
    """How many lines ``text`` takes wrapped as Word wraps it, word by word, in ``room_mm``."""
    lines, line = 1, 0.0
    for word in text.split():
        wide = width_mm(word)
        if line and line + gap_mm + wide > room_mm:
            lines, line = lines + 1, wide
        else:
            line += (gap_mm if line else 0.0) + wide
    return lines


def _cut_row(row: Any, height_mm: float, rule: str) -> None:
    """A row of things to cut out (cards, signs): kept on one page, ``height_mm`` tall
    (``rule``: "atLeast" or "exact")."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    height = OxmlElement("w:trHeight")
    height.set(qn("w:val"), str(int(height_mm * 56.7)))
    height.set(qn("w:hRule"), rule)
    tr_pr.append(height)


def _cut_cell(cell: _Cell, colour: str) -> Any:
    """A dashed cutting line round the cell, dark enough to copy; its properties, to add to."""
    _cell_borders(cell, **dict.fromkeys(CARD_EDGES, (8, colour)))
    tc_pr = cell._tc.get_or_add_tcPr()
    for border in tc_pr.iter(qn("w:top"), qn("w:left"), qn("w:bottom"), qn("w:right")):
        border.set(qn("w:val"), "dashed")
    return tc_pr


def _footer_box(footer: Any, before: DocxParagraph, fill: str) -> _Cell:
    """A full-width, one-cell shaded table in a footer, above ``before``: the cell to fill."""
    table = footer.add_table(1, 1, Mm(CONTENT_WIDTH_MM))
    _fix_widths(table, [CONTENT_WIDTH_MM])
    before._p.addprevious(table._tbl)
    cell: _Cell = table.cell(0, 0)
    _shade(cell._tc.get_or_add_tcPr(), fill)
    return cell


def _outline_level(element: Any, level: int) -> None:
    """Where a style's paragraphs, or one paragraph (its ``w:style`` or ``w:p`` element), sit in
    Word's navigation pane (0 is a chapter)."""
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(level))
    element.get_or_add_pPr().append(outline)


def _mark_size(paragraph: DocxParagraph, size: float) -> None:
    """Set the paragraph mark's size, which Word uses for the paragraph's number or bullet."""
    ppr = paragraph._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)  # rPr comes after the other paragraph properties (sectPr aside)
    for tag in ("w:sz", "w:szCs"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), str(round(size * 2)))
        rpr.append(element)


# The extended properties python-docx copies from its template claim "Microsoft Macintosh Word"
# 14, one page and no words, which Windows Explorer and SharePoint show. Word counts the pages and
# words itself when it saves; until then the file names only the program that made it.
APP_PROPERTIES: Final = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Application>cse-lessonpack</Application><DocSecurity>0</DocSecurity>"
    b"<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    b"<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def _normalise_zip(data: bytes, date: dt.date) -> bytes:
    """Re-write the package with sorted entries and fixed times: equal input, equal bytes."""
    stamp = (max(date.year, 1980), date.month, date.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = sorted(source.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, source.read(name), compresslevel=6)
    return out.getvalue()


def render_docx(document: Document) -> bytes:
    """The document as DOCX bytes: the same document always gives the same bytes."""
    writer = _Writer(document)
    writer.blocks(writer.doc, document.blocks)
    return writer.finish()
