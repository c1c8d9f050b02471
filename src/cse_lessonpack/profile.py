"""The brand and a school's profile: loaded, merged over the campaign defaults and checked."""

from __future__ import annotations

import difflib
import io
import itertools
import math
import re
import shlex
import struct
import tomllib
import unicodedata
import warnings
from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal, NamedTuple, cast, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from . import colour, fonts
from .errors import ContentError, Problem, ProfileError, display_path
from .markdown import PHONE
from .model import TABLE_STRIPE, KeyStage, Theme, cover_tile_logo
from .schema import Line, one_line
from .sourcefile import LoadedYaml, Location, SourceText, explain, parse_yaml, read_text

if TYPE_CHECKING:
    from PIL.Image import Image as Picture

MAX_LOGO_BYTES = 10_000_000
MAX_LOGO_PIXELS = 40_000_000  # a logo this big is a mistake or a decompression bomb
LOGO_MAX_SIDE = 1200  # logos are re-encoded at most this many pixels wide or high
# What to do with a logo over either limit: the packs use none bigger than LOGO_MAX_SIDE.
SMALLER_LOGO: Final = (
    f"save a smaller copy, at most {LOGO_MAX_SIDE} pixels wide and high (the packs never use "
    "a logo bigger than that)"
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _hex_colour(written: str, info: ValidationInfo) -> str:
    value = written.strip()  # "#4B2A7B " as pasted, with a space after it
    if re.fullmatch(r"[0-9A-Fa-f]{6}", value):
        value = f"#{value}"  # a spreadsheet cell often drops the # (f4b400)
    if not colour.is_hex(value):
        # The accent carries black text: a dark purple, the primary's example, is refused there.
        accent = (info.field_name or "").startswith("accent")
        example = "#F4B400 (a warm yellow)" if accent else "#4B2A7B (a dark purple)"
        raise ValueError(
            f"expected a colour written #RRGGBB, such as {example}, got {written!r}"
            + _colour_named(value, info.field_name or "")
        )
    return value.upper()


def _colour_named(value: str, key: str) -> str:
    """For a colour given by its name ("purple") or as rgb(75, 42, 123): the same colour written
    #RRGGBB (Pillow's table of the web's colour names), and whether it can be used as ``key``."""
    from PIL import ImageColor

    try:
        red, green, blue = ImageColor.getrgb(value.replace(" ", "").casefold())[:3]
    except ValueError:
        return ""
    written = f"#{red:02X}{green:02X}{blue:02X}"
    # The primary carries white text and the accent black (see build_theme).
    carries = {"primary": ("pale", "white", "darker"), "accent": ("dark", "black", "lighter")}
    found = next((v for k, v in carries.items() if key.startswith(k)), None)
    ink = colour.WHITE if found and found[1] == "white" else colour.BLACK
    if found and colour.contrast(written, ink) < colour.AA_TEXT:
        too, text, instead = found
        return (
            f" ({value} is {written}, too {too} for {text} text on it: choose a {instead} colour)"
        )
    if found:  # the README promises whether a named colour can carry its text, either way
        return f" ({value} is written {written}, which carries {found[1]} text)"
    return f" ({value} is written {written})"


HexColour = Annotated[str, AfterValidator(_hex_colour)]
Percent = Annotated[float, Field(ge=0, le=100)]


def _composed(value: str) -> str:
    """Text as one character per letter: "Cafe" typed with a separate accent mark (as some
    Macs paste it) joined into "é", and marks the packs cannot place refused. reportlab draws
    each character in turn, so a mark left over after composing prints apart from its letter
    (an accent after the "e", the vowel signs of Devanagari out of place)."""
    value = unicodedata.normalize("NFC", value)
    # Marks on letters only: one after a symbol (an emoji's variation selector) is for the
    # font check (``_printable``), whose message names the symbol too.
    marks = sorted(
        {
            c
            for before, c in itertools.pairwise(value)
            if unicodedata.category(c).startswith("M")
            and unicodedata.category(before).startswith(("L", "M"))
        }
    )
    if marks:
        named = ", ".join(
            f"U+{ord(c):04X} {unicodedata.name(c, 'a combining mark')}" for c in marks
        )
        raise ValueError(
            f"{value!r} has marks that join the letter before them ({named}), which the packs "
            "cannot place: type each letter with its accent as one character, or write the "
            "name in letters the packs can show"
        )
    return value


SchoolText = Annotated[
    str, Field(max_length=200), AfterValidator(one_line), AfterValidator(_composed)
]


def _no_formula(value: str) -> str:
    # Text that a spreadsheet would run as a formula is refused rather than silently changed;
    # "-2+3+cmd|…" is one too, so a "-" before a digit is no exception.
    if value[:1] in {"=", "+", "-", "@"}:
        raise ValueError(
            f"must not start with {value[0]!r} (a spreadsheet formula), got {value!r}; "
            f"remove the leading {value[0]}"
        )
    return value


def as_typed(text: str) -> str:
    """Text quoted as the user typed it (a Windows path keeps single backslashes, where repr
    doubles them), with control and invisible characters written as \\xNN or \\uNNNN so that
    nothing reaches the terminal unseen."""
    shown = "".join(
        (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}") if fonts.unseen(c) else c
        for c in text
    )
    return f'"{shown}"'


FONT_CONTEXT = "font"  # the validation context's key for the family the packs are set in
# The context's key saying the values were typed in a profile file, not read from a spreadsheet
# (whose cells lose a phone number's first 0, so its messages say how to keep it).
TYPED_CONTEXT = "typed"


class StandIn(NamedTuple):
    example: str  # what the starter or the batch template holds
    wanted: str  # what belongs there instead
    optional: bool = False  # the key may be left out, and the message says how


# What the starter profile and the batch template's example row hold in place of what only a
# school knows. One list for both: a profile or a row still holding one is refused, so no pack or
# poster goes out naming a made-up school, DSL, deputy, number or address.
STAND_INS: dict[tuple[str, str], StandIn] = {
    ("school", "name"): StandIn("Your school's name", "your school's name"),
    ("safeguarding", "dsl_name"): StandIn(
        "Your DSL's name", "your Designated Safeguarding Lead's name"
    ),
    ("safeguarding", "dsl_location"): StandIn(
        "Where pupils find your DSL", "where pupils find them, such as the Pastoral Office"
    ),
    # Commented out in the starter; uncommented as they are, they would be printed as the DSL's.
    ("safeguarding", "dsl_phone"): StandIn("01782 000000", "the DSL's own number", optional=True),
    ("safeguarding", "dsl_email"): StandIn(
        "dsl@school.example", "the DSL's own address", optional=True
    ),
    ("safeguarding", "deputy_dsl"): StandIn(
        "Your deputy DSL's name",
        "your deputy DSL's name (or their names: Mr R Shah or Mrs K Hill)",
        optional=True,
    ),
}
# How a user leaves an optional key out, as the stand-in messages say it.
PROFILE_LEAVE_OUT = "delete the line"
ROW_LEAVE_OUT = "leave it empty"


def _printable(value: str, info: ValidationInfo) -> str:
    """Refuse text the packs would print wrongly: as U+FFFD, invisibly or backwards."""
    context = info.context if isinstance(info.context, dict) else {}
    family = context.get(FONT_CONTEXT)
    if not isinstance(family, str):
        # A batch row's cells are checked here without a font; the check runs when the row
        # becomes a profile (``tailoring_from_data``), whose messages name the row's columns.
        return value
    found = fonts.unprintable(value, (family,))
    if found:
        raise ValueError(f"{value!r} has {fonts.explain_unprintable(found)}")
    return value


Printed = Annotated[SchoolText, AfterValidator(_printable)]
"""Text printed in the packs: one line, in characters the chosen font can show."""
Name = Annotated[SchoolText, AfterValidator(_no_formula), AfterValidator(_printable)]


def _school_name(value: str) -> str:
    if not any(c.isalnum() for c in value):
        raise ValueError(f"expected a school's name, with letters in it, got {value!r}")
    return value


SchoolName = Annotated[Name, AfterValidator(_school_name)]


# An extension after the number, as schools write one: "ext 2345", "ext. 2345", "Ext: 2345",
# "x2345", "(extension 2345)". It is printed as "ext 2345" and never dialled.
_EXTENSION = re.compile(
    r"[ ,;]*\(?\s*(?:ext(?:ension|n)?\.?\s*:?|x)\s*(\d{1,6})\s*\)?\s*$", re.IGNORECASE
)


APOSTROPHES = re.compile("['\u2019]")


def school_name_key(name: str) -> str:
    """A school's name as two spellings of the same school share it: in any case or spacing,
    with a straight or a curly apostrophe (Word turns one into the other)."""
    return APOSTROPHES.sub("'", " ".join(name.split())).casefold()


def _near_file(target: Path) -> str | None:
    """A file beside a missing one whose name differs only in case or by a slip ("Logo.PNG" for
    logo.png, which a school's own computer may not tell apart but a server does)."""
    names = _names_beside(target)
    same = [n for n in names if n.casefold() == target.name.casefold()]
    close = same or difflib.get_close_matches(target.name, names, n=1, cutoff=0.8)
    return close[0] if close else None


_IMAGE_SUFFIXES: Final = (".png", ".jpg", ".jpeg")


def _with_suffix_beside(target: Path) -> str | None:
    """A file beside a missing one that is named as it was given with an ending added: "logo"
    for logo.png, or "crest.png" for crest.png.png, as Windows hides a file's last ending. A
    PNG or JPEG first."""
    given = target.name.casefold()
    found = [n for n in _names_beside(target) if Path(n).stem.casefold() == given]
    found.sort(key=lambda n: (Path(n).suffix.casefold() not in _IMAGE_SUFFIXES, n))
    return found[0] if found else None


def _names_beside(target: Path) -> list[str]:
    """The names of the files in the folder a path names a file in (none if it cannot be read)."""
    try:
        return sorted(p.name for p in target.parent.iterdir() if p.is_file())
    except OSError:
        return []


def dialled(phone: str) -> str:
    """The number to dial, without an extension."""
    return phone.split(" ext ", 1)[0]


def _split_extension(written: str) -> tuple[str, str | None]:
    """A phone number as written, and its extension's digits if it has one ("ext. 214")."""
    extension = _EXTENSION.search(written)
    return (written[: extension.start()], extension[1]) if extension else (written, None)


def _phone(written: str, info: ValidationInfo) -> str:
    # A space pasted from a word processor (a non-breaking one, say) is a space.
    number, extension = _split_extension(re.sub(r"\s", " ", written))
    whose = "the DSL's" if (info.field_name or "").startswith("dsl") else "the service's"
    typed = isinstance(info.context, dict) and bool(info.context.get(TYPED_CONTEXT))
    number = _number(number, written, whose, typed)
    return f"{number} ext {extension}" if extension else number


# The UK's country code, as a number copied from a letterhead or signature starts: "+44 1632
# 960222", "+44 (0)1632 960222" (brackets already gone), "0044 1632 960222".
_UK_CODE = re.compile(r"^(?:\+|00)\s*44\s*(?:0\s*)?")


def _national(value: str) -> str:
    """A UK number in its international form as dialled in the UK (0 for +44); others as given."""
    found = _UK_CODE.match(value)
    return "0" + value[found.end() :] if found else value


# A hyphen, a full stop, or a dash that looks like a hyphen: Word's en dash (U+2013), an em dash,
# a non-breaking hyphen or a minus sign. Between digits each only groups them.
_WORD_DASHES: Final = "\u2010-\u2015\u2212"
_DASHES = re.compile(f"[-.{_WORD_DASHES}]")


def _number(value: str, written: str, whose: str = "the DSL's", typed: bool = False) -> str:
    """``value`` as a UK number is printed; ``typed``: from a profile, not a spreadsheet."""
    if re.fullmatch(r"\s*\d(?:\.\d+)?[eE]\+?\d+\s*", value):
        # Excel shows a long number it has taken for a quantity as 4.41782E+11.
        raise ValueError(
            f"expected a phone number, got {written!r}: the spreadsheet has turned it into a "
            "number in scientific notation; format the column as text and type the number again"
        )
    # Written as people write them in a spreadsheet: "(01782) 234 567", "01782-123456", or
    # with the en dash Word makes of a hyphen ("01782–123456"): each is read as a space.
    value = re.sub(r" +", " ", _DASHES.sub(" ", re.sub(r"[()]", "", value))).strip()
    digits = value.replace(" ", "")
    if digits in {"999", "112"}:
        raise ValueError(
            f"expected {whose} own number, such as 01782 123456, got {written!r}: that is the "
            "emergency number"
        )
    if re.fullmatch(r"[0-9]{1,8}", digits) and not digits.startswith(("0", "116")):
        # "960456": the local number alone, as the school writes it for callers nearby.
        raise ValueError(
            f"expected a UK phone number such as 01782 123456, got {written!r}: it needs its "
            "area code in front (UK numbers start with 0 and have 10 or 11 digits)"
        )
    if re.fullmatch(r"0[1-79][0-9 ]*", value) and len(digits) < 10:
        # "0163 296": digits lost in the typing. Only a freephone or special number (0800 1111)
        # is this short (and 00 starts another country's); a wrong number printed in a pack is
        # worse than one refused.
        raise ValueError(
            f"expected a UK phone number such as 01782 123456, got {written!r}: it has "
            f"{len(digits)} digits, and a UK number has 10 or 11; check it"
        )
    if not re.fullmatch(r"\+?[0-9][0-9 ]{5,18}[0-9]", value):
        mixed = re.search(r"\d[Oo]|[Oo]\d", value)  # "96O456", not the o of "reception"
        hint = " (a letter O where a zero should be?)" if mixed else ""
        raise ValueError(
            "expected a phone number: digits, with spaces, brackets or hyphens if you like, "
            f"and an extension after it if need be, such as 01782 123456 or 01782 123456 ext 2345, "
            f"got {written!r}{hint}"
        )
    # Printed as dialled in the UK, the form the packs use and the read-back check knows.
    value = _national(value)
    if value.startswith(("+", "00")):
        # The read-back check (PHONE) knows numbers as dialled in the UK; another
        # country's number would be printed but then not recognised as the school's own.
        raise ValueError(
            "expected a UK number, written as dialled in the UK such as 01782 123456 (or as "
            f"+44 1782 123456), got {written!r}"
        )
    digits = value.replace(" ", "")
    if digits.startswith("0") and len(digits) > 11:
        # No UK number is longer (the read-back check's pattern allows it; the phone does not).
        raise ValueError(
            f"expected a UK phone number such as 01782 123456, got {written!r}: it has "
            f"{len(digits)} digits, and a UK number has at most 11 (is one too many?)"
        )
    if not PHONE.fullmatch(value):
        if len(digits) in (9, 10) and digits[0] in "123578":
            # A spreadsheet stores "01782 …" as a number and drops its first 0.
            why = (
                "is it missing?"
                if typed
                else "a spreadsheet drops it from a cell it takes for a number; format the "
                "column as text"
            )
            raise ValueError(f"a UK number starts with 0 ({why}): write 0{value}")
        if digits.startswith("44") and len(digits) in (11, 12) and digits[2] in "123578":
            # "+44 1782 …" typed into a spreadsheet cell it takes for a number loses its "+".
            why = (
                "is its + missing?"
                if typed
                else "a spreadsheet drops the + from a cell it takes for a number; format the "
                "column as text"
            )
            raise ValueError(
                f"expected a UK phone number such as 01782 123456, got {written!r}: written from "
                f"abroad, a UK number starts +44 ({why}): write 0{digits[2:]}"
            )
        # Most UK numbers have 11 digits: a number one short or one over is a typing slip,
        # which a message about spacing would send the user looking for in the wrong place.
        if digits.startswith("0") and len(digits) == 10 and digits[1] in "1237":
            raise ValueError(
                f"expected a UK phone number such as 01782 123456, got {written!r}: it has "
                "10 digits, and most UK numbers have 11 (is one missing?)"
            )
        raise ValueError(
            "expected a UK phone number such as 01782 123456 or 0800 1111 "
            f"(spaces only between groups of digits), got {written!r}"
        )
    return value


Phone = Annotated[str, AfterValidator(_phone)]


# Outlook's and Excel's hyperlinks copy as "mailto:dsl@…"; printed as it is, the packs would say
# "Email: mailto:…" and the download page link to mailto:mailto:.
_MAILTO = re.compile(r"^mailto:\s*", re.IGNORECASE)


def _email(written: str) -> str:
    value = _MAILTO.sub("", written.strip(), count=1)
    expected = f"expected an email address such as dsl@school.example, got {written!r}"
    dash = re.search(f"[{_WORD_DASHES}]", value)
    if dash:  # "dsl–safeguarding@…": Word's en dash for the hyphen typed, which no mail takes
        raise ValueError(
            f"{expected}: it has a dash ({dash[0]}) pasted from a word processor; type a "
            "hyphen (-) in its place"
        )
    if not re.fullmatch(r"[^@\s<>\"'`]+@[^@\s<>\"'`]+\.[A-Za-z]{2,}", value):
        raise ValueError(expected)
    # A school's address uses letters, digits and . _ % + -: others ("x?cc=someone@…",
    # "javascript:…@…") would change what a mailto: link does, or where its copies go.
    odd = re.search(r"[^\w.%+-]", value.partition("@")[0]) or re.search(
        r"[^\w.-]", value.partition("@")[2]
    )
    if odd:
        raise ValueError(
            f"{expected}: it has {odd[0]!r}, which a school's email address does not (letters, "
            "digits and . _ % + - before the @; letters, digits, dots and hyphens after it)"
        )
    local, _, domain = value.partition("@")
    # "jj@school..example" or ".jj@…": no mail server takes an empty part between dots.
    if "" in domain.split(".") or local.startswith(".") or local.endswith(".") or ".." in local:
        raise ValueError(f"{expected} (a dot at the start or end, or two dots together)")
    return value


Email = Annotated[str, AfterValidator(_email), AfterValidator(_printable)]


# --- brand (templates/brand.yaml) --------------------------------------------------------------


class BrandColours(_Strict):
    primary: HexColour
    accent: HexColour
    text: HexColour
    muted: HexColour
    background: HexColour
    callouts: dict[Literal["note", "safeguarding", "tip", "question", "key"], HexColour]


class Brand(_Strict):
    campaign: Line
    strapline: Line
    website: Line
    website_label: Line
    partners: Line
    colours: BrandColours
    font: Line
    body_size: float = Field(ge=8, le=14)
    worksheet_size: float = Field(ge=12, le=24)
    large_print_body_size: float = Field(ge=16, le=24)
    # Ink values (percent) a print run uses for these colours instead of a formula's.
    print_cmyk: dict[HexColour, tuple[Percent, Percent, Percent, Percent]] = {}


# --- school profile (TOML) ---------------------------------------------------------------------


class SchoolSection(_Strict):
    name: SchoolName
    logo: SchoolText | None = None


class SafeguardingSection(_Strict):
    dsl_name: Name
    dsl_role: Name = "Designated Safeguarding Lead"
    dsl_location: Name | None = None
    dsl_phone: Phone | None = None
    dsl_email: Email | None = None
    # Who stands in when the DSL is away: one name, or several as written ("Mr R Shah or Mrs K
    # Hill"). It needs dsl_name, as the table's other keys do.
    deputy_dsl: Name | None = None


class LocalContact(_Strict):
    name: Name
    phone: Phone
    hours: Printed | None = None


class BrandSection(_Strict):
    primary: HexColour | None = None
    accent: HexColour | None = None
    font: SchoolText | None = None
    # Strict: TOML has true and false, so "yes" or 1 is a mistake to point out, not to guess at.
    # (A batch row's "yes" and "no" are turned into booleans before they get here.)
    large_print: StrictBool = False

    @field_validator("font")
    @classmethod
    def _known_font(cls, value: str | None) -> str | None:
        if value is not None:
            return fonts.family(fonts.key_for(value)).key  # or the list of bundled fonts
        return value


def stage_words(text: str) -> str:
    """Stages as people write them, in the form the packs use: "Key Stage 3" and "KS 3" are ks3,
    dashes of any length are hyphens."""
    text = text.strip().lower().replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\b(?:key\s*stage|ks)\s*([0-9])\b", r"ks\1", text)


# School years, as teachers often give them instead of key stages, and the stage each is in.
_YEAR_WORD = r"(?:years?|yrs?|y)"
_YEARS = re.compile(
    rf"\b{_YEAR_WORD}\s*([0-9]{{1,2}}(?:\s*(?:-|to|and|&|/|,)\s*{_YEAR_WORD}?\s*[0-9]{{1,2}})*)\b"
)
_YEAR_STAGE = {
    **dict.fromkeys((1, 2), KeyStage.KS1),
    **dict.fromkeys((3, 4, 5, 6), KeyStage.KS2),
    **dict.fromkeys((7, 8, 9), KeyStage.KS3),
    **dict.fromkeys((10, 11), KeyStage.KS4),
    **dict.fromkeys((12, 13), KeyStage.KS5),
}


# The years before Year 1, which have no pack of their own (EYFS: the Early Years Foundation Stage).
_EARLY_YEARS = re.compile(
    r"\b(?:reception|nursery|eyfs|early years(?: foundation stage)?|foundation stage|year r)\b",
    re.IGNORECASE,
)


def year_hint(text: str) -> str | None:
    """What school years written in a stages value are as key stages ("Years 7–9 are ks3", or
    that Reception comes before ks1), or None when it names no school year."""
    found = _YEARS.search(stage_words(text))
    if found is None:
        early = _EARLY_YEARS.search(text)
        if early is None:
            return None
        return f"{early[0]} comes before ks1, where the packs start (Years 1 and 2)"
    numbers = [int(n) for n in re.findall(r"[0-9]+", found[1])]
    first, last = min(numbers), max(numbers)
    if first < 1 or last > 13:
        return None
    stages = sorted({_YEAR_STAGE[y] for y in range(first, last + 1)}, key=list(KeyStage).index)
    names = [s.value for s in stages]
    listed = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]
    years = f"Year {first} is" if first == last else f"Years {first}\u2013{last} are"
    return f"{years} {listed}"


def stages_in(text: str) -> list[str]:
    """A stages cell's stages, as written in a spreadsheet: "ks3 ks4", "KS3, KS4", "KS3 & KS4",
    "ks3 and ks4", a range "KS3-KS5" or "KS3–KS5" (ks3, ks4 and ks5). Anything else is left as
    a word of its own, for the stage check to quote."""

    def expand(found: re.Match[str]) -> str:
        first, last = sorted((int(found[1]), int(found[2])))
        return " ".join(f"ks{n}" for n in range(first, last + 1))

    text = re.sub(r"\bks([1-5])\s*(?:-|to)\s*(?:ks)?([1-5])\b", expand, stage_words(text))
    parts = [part for part in re.split(r"(?:[\s,;/&+]|\band\b)+", text) if part]
    # "Key Stage 3 and 4": a bare number after a stage is the next stage.
    return [
        f"ks{part}"
        if re.fullmatch(r"[1-5]", part) and any(p.startswith("ks") for p in parts[:i])
        else part
        for i, part in enumerate(parts)
    ]


class Phase(NamedTuple):
    """A school's phase, as people give it for its stages ("Secondary"), and its key stages."""

    who: str  # the words before its stages: "a primary school's are"
    stages: tuple[str, ...] = ()  # none: every stage
    extra: str = ""  # a stage some such schools have too: "ks5"
    extra_when: str = ""  # and which schools: "with a sixth form"


_EVERY_STAGE: Final = Phase("all five")
PHASES: Final = {
    "all": _EVERY_STAGE,
    "all stages": _EVERY_STAGE,
    "all key stages": _EVERY_STAGE,
    "primary": Phase("a primary school's are", ("ks1", "ks2")),
    "secondary": Phase("a secondary school's are", ("ks3", "ks4"), "ks5", "with a sixth form"),
    "sixth form": Phase("a sixth form is", ("ks5",)),
    "6th form": Phase("a sixth form is", ("ks5",)),
    "post 16": Phase("post-16 is", ("ks5",)),
}


def _phase(value: str) -> Phase | None:
    """The phase a stages value names ("Secondary", "Post-16"), or None."""
    return PHASES.get(" ".join(value.strip().lower().replace("-", " ").split()))


def _stage_numbers(value: str) -> list[str] | None:
    """The stages a value gives as numbers alone ("3, 4" is ks3 and ks4), or None."""
    parts = stages_in(value)
    if parts and all(re.fullmatch(r"[1-5]", p) for p in parts):
        return [f"ks{p}" for p in parts]
    return None


def stages_hint(value: str) -> str | None:
    """What to write for a spreadsheet's stages cell given as a phase ("Secondary", "All") or
    as numbers alone ("3, 4"), or None."""
    phase = _phase(value)
    if phase is not None and not phase.stages:
        return "leave the cell empty for all five"
    if phase is not None:
        extra = f", and {phase.extra} {phase.extra_when}" if phase.extra else ""
        return f"{phase.who} {' and '.join(phase.stages)}{extra}"
    numbers = _stage_numbers(value)
    return "write " + " ".join(numbers) if numbers else None


def _stages_line(stages: Sequence[str]) -> str:
    """A profile's stages line, ready to copy: stages = ["ks3", "ks4"]."""
    return "stages = [" + _quoted(stages) + "]"


def _quoted(stages: Sequence[str]) -> str:
    """Stages as a profile's list holds them: "ks3", "ks4"."""
    return ", ".join(f'"{stage}"' for stage in stages)


def _phase_hint(value: str, whole: bool) -> str | None:
    """What to write in a profile for a stage given as a phase ("Secondary", "All"), or None:
    the whole stages line when the phase is all the list holds (``whole``), else the items."""
    phase = _phase(value)
    if phase is None:
        return None
    if not phase.stages:  # every stage, whatever else the list holds
        return f"for all five, write {_stages_line([s.value for s in KeyStage])}"
    said = f"{phase.who} {' and '.join(phase.stages)}: write "
    if whole:
        said += _stages_line(phase.stages)
        extra = f", or {_stages_line((*phase.stages, phase.extra))}"
    else:
        said += _quoted(phase.stages)
        extra = f', and "{phase.extra}"'
    return said + (f"{extra} {phase.extra_when}" if phase.extra else "")


def _stage(value: object) -> object:
    """ "KS3", as the packs print it, is read as ks3 (as a spreadsheet's stages cell is); a stage
    that is none of them is left as typed, so its error quotes "KS9", not "ks9"."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
        raise ValueError(f'expected a key stage, got {value} (write "ks{value}", in quotes)')
    if not isinstance(value, str):
        return value
    found = stage_words(value)
    if found in {s.value for s in KeyStage}:
        return found
    numbers = _stage_numbers(value)
    written = f"write {_quoted(numbers)}" if numbers else None
    # "Year 7" is a school year and "Secondary" a phase, not a stage: say which stages they are.
    hint = year_hint(value) or _phase_hint(value, whole=False) or written
    if hint:
        raise ValueError(f"expected a key stage, got {value!r} ({hint})")
    return value


def _numbers_alone(value: list[object]) -> list[str] | None:
    """The stages a list gives as numbers alone ([3, 4] or ["3", "4"]), or None."""
    parts: list[str] = []
    for item in value:
        if isinstance(item, int) and not isinstance(item, bool):
            parts.append(str(item))
        elif isinstance(item, str):
            parts += stages_in(item)
        else:
            return None
    return _stage_numbers(" ".join(parts)) if parts else None


def _stage_items(value: object) -> object:
    """A list's items that each hold several stages ("KS3-KS5", "ks3, ks4"), as a spreadsheet's
    stages cell may, read as those stages; any other item is left as typed for its own check."""
    if not isinstance(value, list):
        return value
    numbers = _numbers_alone(value)
    if numbers:  # one message for the line, not one for each number
        raise ValueError(
            f'expected key stages such as "ks3", got numbers alone (write {_stages_line(numbers)})'
        )
    # stages = ["Secondary"]: the line to write in its place.
    phase = (
        _phase_hint(value[0], whole=True) if len(value) == 1 and isinstance(value[0], str) else None
    )
    if phase:
        raise ValueError(f"expected key stages, got {value[0]!r} ({phase})")
    known = {s.value for s in KeyStage}
    read = [stages_in(item) if isinstance(item, str) else [] for item in value]
    several = [len(parts) > 1 and set(parts) <= known for parts in read]
    if all(ok or stage_words(str(item)) in known for item, ok in zip(value, several, strict=True)):
        return [
            stage
            for item, parts, ok in zip(value, read, several, strict=True)
            for stage in (parts if ok else [item])
        ]
    # Another item is wrong: its error must name it by its place in the list as typed, so a
    # list of stages stays one item (it is not what is wrong).
    return [parts[0] if ok else item for item, parts, ok in zip(value, read, several, strict=True)]


class PackSection(_Strict):
    stages: Annotated[
        list[Annotated[KeyStage, BeforeValidator(_stage)]], BeforeValidator(_stage_items)
    ] = Field(default_factory=lambda: list(KeyStage), min_length=1)
    lesson_minutes: StrictInt | None = Field(default=None, ge=20, le=120)  # "50" or true refused
    exclude_lessons: list[SchoolText] = []


class ProfileFile(_Strict):
    school: SchoolSection
    safeguarding: SafeguardingSection | None = None
    local_contacts: list[LocalContact] = Field(default_factory=list, max_length=12)
    brand: BrandSection = BrandSection()
    pack: PackSection = PackSection()


# --- the merged result -------------------------------------------------------------------------


# Words a place to find someone can start with: "at reception", "on the first floor".
PLACE_WORDS: Final = frozenset(
    {"in", "at", "on", "by", "near", "next", "beside", "inside", "outside", "opposite"}
    | {"behind", "upstairs", "downstairs", "off"}
)


@dataclass(frozen=True, slots=True)
class Dsl:
    name: str
    role: str
    location: str | None
    phone: str | None
    email: str | None
    deputy: str | None = None  # the deputy DSL (or deputies), printed beside the DSL

    @property
    def deputies(self) -> bool:
        """Whether ``deputy`` names more than one ("Mr R Shah or Mrs K Hill")."""
        return bool(re.search(r"[,&/;]|\b(?:or|and)\b", self.deputy or ""))

    @property
    def deputy_label(self) -> str:
        """What ``deputy`` is headed where it is printed: "Deputy", or "Deputies"."""
        return "Deputies" if self.deputies else "Deputy"

    @property
    def place(self) -> str:
        """Where to find them, to follow "Talk to Ms Patel": "in the Pastoral Office", or the
        location as written when it starts with its own word for where ("at reception", once
        printed "in At reception"); empty without a location."""
        where = (self.location or "").rstrip(". ")
        words = where.split(maxsplit=2)
        if not words:
            return ""
        first = words[0].lower()
        # "In" and "at" always lead; the others only before a lower-case word ("on the first
        # floor"), as "Inside Out Centre" and "Upstairs Hub" are rooms' names.
        if first in {"in", "at"} or (first in PLACE_WORDS and words[1:2] and words[1][0].islower()):
            return first + where[len(words[0]) :]
        return f"in {where}"


@dataclass(frozen=True, slots=True)
class Contact:
    name: str
    phone: str
    hours: str | None


@dataclass(frozen=True, slots=True)
class Logo:
    png: bytes
    aspect: float  # height / width
    source: str = ""  # the file it was read from, as a user would type it
    original: tuple[int, int] = (0, 0)  # the file's width and height, before any shrinking

    @property
    def pixels(self) -> int:
        """Its width in pixels, from the PNG header (IHDR)."""
        return int.from_bytes(self.png[16:20], "big")


@dataclass(frozen=True, slots=True)
class Tailoring:
    """What a school changes: who they are, who to talk to, how it looks, what is built."""

    school_name: str | None
    logo: Logo | None
    dsl: Dsl | None
    local_contacts: tuple[Contact, ...]
    theme: Theme
    brand: Brand
    stages: tuple[KeyStage, ...]
    lesson_minutes: int | None
    exclude_lessons: tuple[str, ...]
    source: str  # where the profile came from, for messages and the manifest
    # The line of each key in the profile file, for messages about it: ("pack", "lesson_minutes").
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict, compare=False)


def load_brand(templates: Path) -> Brand:
    path = templates / "brand.yaml"
    try:
        loaded = parse_yaml(read_text(path))
    except ContentError as exc:  # the shared reader's problems, reported as brand problems
        raise ProfileError(exc.problems) from None
    try:
        return Brand.model_validate(loaded.data)
    except ValidationError as exc:
        raise ProfileError(_problems(exc, path, loaded.lines)) from None


def default_tailoring(templates: Path) -> Tailoring:
    """The campaign's own packs: no school, every stage, the campaign brand."""
    brand = load_brand(templates)
    return Tailoring(
        school_name=None,
        logo=None,
        dsl=None,
        local_contacts=(),
        theme=build_theme(brand, BrandSection(), path=templates / "brand.yaml"),
        brand=brand,
        stages=tuple(KeyStage),
        lesson_minutes=None,
        exclude_lessons=(),
        source="campaign defaults",
    )


def build_theme(
    brand: Brand,
    section: BrandSection,
    *,
    path: Path,
    has_logo: bool = False,
    lines: dict[tuple[str | int, ...], int] | None = None,
) -> Theme:
    """Merge a school's colours and type over the brand, refusing colours people cannot read."""
    problems: list[Problem] = []
    lines = lines or {}
    primary = section.primary or brand.colours.primary
    accent = section.accent or brand.colours.accent
    # The brand colour carries white text (the cover, table headings, worksheet headers) and the
    # accent carries black text (highlights); each must be readable with the text it carries.
    checks = (
        ("primary", primary, colour.WHITE, "white", "darker"),
        ("accent", accent, colour.BLACK, "black", "lighter"),
    )
    for key, value, ink, ink_name, advice in checks:
        ratio = colour.contrast(value, ink)
        if ratio < colour.AA_TEXT:
            problems.append(
                Problem(
                    display_path(path),
                    lines.get(("brand", key)),
                    f"[brand] {key}: {value} with {ink_name} text on it is only {ratio:.1f}:1; "
                    f"WCAG AA needs 4.5:1 (choose a {advice} colour)",
                )
            )
    text = brand.colours.text
    fills = dict(brand.colours.callouts)
    # The question boxes (the school's "talk to" box on posters) and key boxes are tints of the
    # brand's two colours: a school's own colours tint them too, so they match its packs.
    if section.primary:
        fills["question"] = colour.tint(primary, 0.9)
    if section.accent:
        fills["key"] = colour.tint(accent, 0.85)
    for kind, fill in fills.items():
        if colour.contrast(text, fill) < colour.AA_TEXT:
            problems.append(
                Problem(
                    display_path(path), None, f"callout '{kind}' fill {fill} is too dark for text"
                )
            )
    if problems:
        raise ProfileError(problems)
    # Headings use the brand colour only where it reads well on white paper.
    heading = (
        primary if colour.contrast(primary, brand.colours.background) >= colour.AA_TEXT else text
    )
    # Links sit on boxes and striped rows too: a mid blue that carries white text at 4.6:1 is
    # only 4.1:1 on a note box's tint, so there they take the text colour, still underlined.
    grounds = (brand.colours.background, TABLE_STRIPE, *fills.values())
    link = primary if min(colour.contrast(primary, g) for g in grounds) >= colour.AA_TEXT else text
    body = brand.large_print_body_size if section.large_print else brand.body_size
    sheet = max(brand.worksheet_size, body + 4)
    return Theme(
        primary=primary,
        accent=accent,
        text=text,
        muted=brand.colours.muted,
        background=brand.colours.background,
        on_primary=colour.WHITE,
        on_accent=colour.BLACK,
        heading=heading,
        link=link,
        callout_fills=tuple(sorted(fills.items())),
        font=section.font or brand.font,
        body_size=body,
        worksheet_size=sheet,
        campaign=brand.campaign,
        strapline=brand.strapline,
        website=brand.website,
        website_label=brand.website_label,
        logo_ref="asset:campaign-logo",
        school_logo_ref="asset:school-logo" if has_logo else "",
        print_cmyk=tuple(sorted(brand.print_cmyk.items())),
    )


def load_profile(
    path: Path, templates: Path, check: Callable[[Tailoring], None] | None = None
) -> Tailoring:
    """Read a school's TOML profile and merge it over the campaign defaults (``check``: see
    ``tailoring_from_data``)."""
    source = _profile_text(path)
    try:
        data = tomllib.loads(source.text)
    except RecursionError:
        # tomllib reads nested arrays and inline tables recursively; a profile nests nothing, so
        # a file that exhausts the stack is a mistake (or an attack), not a profile.
        raise ProfileError.one(
            path,
            _deepest_line(source.text),
            "invalid TOML: values are nested too deeply (a profile has no lists inside lists)",
        ) from None
    except tomllib.TOMLDecodeError as exc:
        line = _toml_line(str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        other = _other_format(path, source.text)
        if other:  # a line's hint would only lead on through a file in the wrong language
            raise ProfileError.one(path, None, other) from None
        lookalike = _lookalike_space(source.text, line)
        if lookalike:  # TOML's words ("Expected '='") point at a character nobody can see
            raise ProfileError.one(path, line, f"invalid TOML: {lookalike}") from None
        unclosed = _unclosed_quote(source.text, line)
        if unclosed:  # tomllib says "Illegal character '\n'", which helps nobody here
            raise ProfileError.one(path, line, f"invalid TOML: {unclosed}") from None
        if message.startswith("Cannot declare"):  # tomllib names the section as a tuple
            declared = _declared_twice(source.text, line)
            if declared:
                raise ProfileError.one(path, line, f"invalid TOML: {declared}") from None
        if message.startswith("Unclosed array"):  # blamed on the line after the list
            start = _unclosed_list(source.text, line)
            if start:
                raise ProfileError.one(path, start[0], f"invalid TOML: {start[1]}") from None
        twice = _given_twice(source.text, line) if message.startswith("Cannot ") else ""
        hint = twice or _toml_hint(source.text, line)
        raise ProfileError.one(path, line, f"invalid TOML: {message}{hint}") from None
    if not data:  # nothing, or only comments: "missing required key 'school'" says too little
        said = "is empty" if not source.text.strip() else "has nothing in it but comments"
        raise ProfileError.one(
            path,
            None,
            f"the profile {said}: run `cse-lessonpack init` to make one, or write at least "
            '[school] and, on the line below it, name = "your school\'s name"',
        )
    lines = _toml_key_lines(source.text)
    try:
        return tailoring_from_data(data, path, lines, templates, check, leave_out=PROFILE_LEAVE_OUT)
    except ProfileError as exc:
        raw = _assignment(source.text, lines.get(("school", "logo")))
        raise ProfileError(_escaped_logo(exc.problems, data, raw[1] if raw else "")) from None


# What a file given as a profile is instead, by how its bytes start.
# What a file given in place of a text file often is, by its first bytes (profiles, spreadsheets).
NOT_TEXT_KINDS: Final = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"%PDF", "a PDF"),
)
_NOT_TEXT: Final = (*NOT_TEXT_KINDS, (b"PK\x03\x04", "a Word document or other zipped file"))
_UTF16: Final = (b"\xff\xfe", b"\xfe\xff")
_IN_NOTEPAD: Final = "(in Notepad: File > Save as, Encoding: UTF-8)"
_SAVE_AS_UTF8: Final = f"save it as UTF-8 {_IN_NOTEPAD}"


def _profile_text(path: Path) -> SourceText:
    """A profile's text; when it cannot be read, what was given instead of a profile (a logo, a
    folder, a name Windows saved with .txt on the end) and what to give."""
    # A zipped Word document may read as text (its first bytes are letters and nulls), which
    # TOML would then complain of ("Expected '='"): what it is comes first.
    instead = _not_text(path)
    if instead:
        raise ProfileError.one(path, None, instead)
    try:
        return read_text(path)
    except ContentError as exc:
        problems = list(exc.problems)
    instead = _folder_given(path) or _txt_beside(path)
    if instead:
        raise ProfileError.one(path, None, instead)
    if _head(path).startswith(_UTF16):  # Notepad's "Unicode": the shared reader names no fix
        problems = [replace(p, message=f"{p.message}: {_SAVE_AS_UTF8}") for p in problems]
    else:  # Notepad's "ANSI" (Windows-1252): the shared reader says to save as UTF-8, not how
        problems = [
            replace(p, message=f"{p.message} {_IN_NOTEPAD}")
            if p.message.endswith("save the file as UTF-8")
            else p
            for p in problems
        ]
    raise ProfileError(problems)


def _head(path: Path, size: int = 8) -> bytes:
    """A regular file's first bytes, enough to tell what it is; empty for anything else."""
    if not path.is_file():  # a pipe or device: reading could wait for ever
        return b""
    try:
        with path.open("rb") as file:
            return file.read(size)
    except OSError:
        return b""


def _as_given(path: Path) -> str:
    """A path as it is typed after --school, quoted when it has spaces."""
    return shlex.quote(display_path(path))


def _profiles_in(folder: Path) -> list[Path]:
    """The .toml files in a folder: the profiles a user may have meant."""
    try:
        return sorted(p for p in folder.iterdir() if p.suffix.casefold() == ".toml" and p.is_file())
    except OSError:
        return []


def _folder_given(path: Path) -> str | None:
    """For a folder given as the profile: the profile files in it, as --school takes them."""
    if not path.is_dir():
        return None
    found = [_as_given(p) for p in _profiles_in(path)]
    saved = next(iter(sorted(path.glob("*.toml.txt"))), None)
    if not found and saved is not None:
        renamed = _as_given(saved.with_suffix(""))
        return f"a folder, not a school profile: {_saved_as_txt(saved)} and give --school {renamed}"
    if not found:
        return (
            "a folder, with no school profile (.toml file) in it: give the profile file that "
            "`cse-lessonpack init` wrote, such as --school school.toml"
        )
    if len(found) == 1:
        return f"a folder, not a school profile: give the profile file in it, --school {found[0]}"
    shown = ", ".join(found[:3]) + (", …" if len(found) > 3 else "")
    return (
        f"a folder, not a school profile: give one of the profile files in it ({shown}), "
        f"such as --school {found[0]}"
    )


def _txt_beside(path: Path) -> str | None:
    """For a profile not found, saved as "school.toml.txt" by an editor on Windows (which hides
    the .txt, so the file shows as school.toml)."""
    saved = path.with_name(path.name + ".txt")
    if path.exists() or not saved.is_file():
        return None
    return f"no such file, but {saved.name} is beside it: {_saved_as_txt(saved)}"


def _saved_as_txt(saved: Path) -> str:
    """What to do with a profile saved as "school.toml.txt"."""
    return (
        f"the profile was saved as {saved.name}, with .txt on the end, which Windows hides (to "
        f"see it, turn on File name extensions in File Explorer's View menu): rename it "
        f"{saved.stem}"
    )


def _not_text(path: Path) -> str | None:
    """For an image, a PDF or a Word document given as the profile: what it is, and what to
    give instead."""
    head = _head(path, 1000)  # enough for a spreadsheet's first row
    first = head.split(b"\n", 1)[0].lstrip(b"\xef\xbb\xbf").lower()
    if b"school_name" in first and (b"," in first or b";" in first or b"\t" in first):
        # A batch's spreadsheet: TOML would say only "Expected '=' after a key".
        return (
            "is a spreadsheet of schools (its first row names the columns), not a school "
            f"profile: build every school in it with `cse-lessonpack batch {_as_given(path)}`"
        )
    kind = next((name for start, name in _NOT_TEXT if head.startswith(start)), None)
    if kind is None:
        return None
    near = _profiles_in(path.parent)
    example = _as_given(near[0]) if near else "school.toml"
    message = (
        f"{kind}, not a school profile: give the profile, the .toml file that "
        f"`cse-lessonpack init` wrote, such as --school {example}"
    )
    if kind.endswith("image"):  # most likely the school's logo, which the profile names
        message += f' (a logo is named in the profile: logo = "{path.name}" under [school])'
    else:  # the profile saved from Word, or printed to a PDF
        message += " (edit the profile in Notepad or TextEdit, which keep it as plain text)"
    return message


def _split_comment(raw: str) -> tuple[str, str]:
    """A TOML line's text before its comment, and that text with its quoted parts left out."""
    bare: list[str] = []
    quote, escaped = "", False
    for index, char in enumerate(raw):
        if quote:
            if escaped:
                escaped = False
            elif char == "\\" and quote == '"':
                escaped = True
            elif char == quote:
                quote = ""
        elif char == "#":
            return raw[:index], "".join(bare)
        elif char in "\"'":
            quote = char
        else:
            bare.append(char)
    return raw, "".join(bare)


# Characters a word processor pastes that look like a space (or like nothing), which TOML does
# not take for one between a key, its = and its value.
_LOOKALIKES: Final = {
    "\u00a0": "non-breaking space",
    "\u202f": "narrow non-breaking space",
    "\u200b": "zero-width space",
}


def _lookalike_space(text: str, line: int | None) -> str:
    """What to do about a line that TOML refused for a look-alike space outside its quotes."""
    code, bare = _split_comment(_line_text(text, line) or "")
    found = next((c for c in bare if c in _LOOKALIKES), None)
    if found is None:
        return ""
    fixed = code
    for char in _LOOKALIKES:
        fixed = fixed.replace(char, "" if char == "\u200b" else " ")
    key, equals, value = fixed.partition("=")
    fixed = f"{key.strip()} = {value.strip()}" if equals else fixed.strip()
    where = "the spaces around =" if "=" in bare else "the line"
    return (
        f"an invisible {_LOOKALIKES[found]}, pasted from a word processor: retype {where} "
        f"(write {_shown_text(fixed)})"
    )


def _is_toml_value(value: str) -> bool:
    """Whether text is a TOML value as it stands: a number, true, "text", a [list]."""
    try:
        tomllib.loads(f"x = {value}")
    except tomllib.TOMLDecodeError:
        return False
    return True


def _other_format(path: Path, text: str) -> str:
    """For a profile written as JSON or YAML (another tool's settings, or a guess at the
    format), that it is, and how to start a profile in TOML; "" for a TOML file."""
    code = [
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    suffix = path.suffix.casefold()
    if suffix == ".json" or (code and code[0].lstrip().startswith("{")):
        said = "JSON"
    elif suffix in {".yaml", ".yml"} or (
        # "school:" on a line of its own, and no key given with "=": YAML's way of writing it.
        any(re.fullmatch(r"\s*[A-Za-z_]+\s*:\s*", line) for line in code)
        and not any(re.match(r"\s*[\w\"'. -]+=", line) for line in code)
    ):
        said = "YAML (key: value)"
    else:
        return ""
    return (
        f"invalid TOML: this is written as {said}, and a profile is TOML: [school] on a line "
        'of its own, then name = "Oakfield Academy" below it. Run `cse-lessonpack init '
        "school.toml` for a starter profile and copy your values into it"
    )


def _colon_hint(raw: str) -> str:
    """For ``key: value`` (as in YAML or an email): the line written with =."""
    found = re.fullmatch(r"\s*([A-Za-z][A-Za-z0-9_]*)\s*:\s*(.*)", raw)
    if found is None:
        return ""
    key, value = found[1], found[2].strip()
    if key in _TABLES and not _split_comment(value)[0].strip():  # "school:", a section in YAML
        return _header_hint(f"[{key}")
    if not value.startswith("#"):  # "primary: #4B2A7B" is a colour, not a comment
        value = _split_comment(value)[0].strip()
    if not _is_toml_value(value):
        value = '"' + value.strip("\"'" + "".join(CURLY_QUOTES)) + '"'
    return f" (write {key} = {_shown_text(value)}: an equals sign, not a colon)"


def _header_hint(raw: str) -> str:
    """For a section's line with a bracket missing ("[pack"), or [local_contacts] in single
    brackets: the line as it is written right."""
    code = _split_comment(raw)[0]
    found = re.fullmatch(r"\s*(\[{0,2})\s*([A-Za-z0-9_.]+)\s*(\]{0,2})\s*", code)
    if found is None:
        return ""
    opened, name, closed = found.groups()
    if not opened and (not closed or name not in _TABLES):  # "brand]", but not any bare word
        return ""
    # Each contact is one of a list of tables, written in double brackets; the others in single.
    brackets = 2 if name == "local_contacts" else 1
    if (opened, closed) == ("[" * brackets, "]" * brackets):
        return ""  # written right: the mistake is another (a section given twice, say)
    if brackets == 2:
        return _CONTACTS_HINT
    return f" (write [{name}], with a bracket at each end)"


def _backslash_hint(written: str) -> str:
    """What to write for a Windows path, in the user's own file name: in double quotes a
    backslash starts an escape, and a whole path from C: is not relative to the profile."""
    path = written.strip().strip("\"'")
    name = re.split(r"[\\/]", path)[-1] or "crest.png"
    if re.match(r"^(?:[A-Za-z]:|[\\/])", path):
        return (
            "a backslash in double quotes starts an escape, and a path from the drive is not "
            f'read: copy {name} into the profile\'s folder and write logo = "{name}"'
        )
    forward = path.replace("\\", "/")
    return (
        "in double quotes a backslash starts an escape: write the path with forward slashes, "
        f'logo = "{forward}"'
    )


def _escaped_logo(
    problems: tuple[Problem, ...], data: dict[str, Any], written: str
) -> list[Problem]:
    """The problems, with a logo path that TOML read as escapes explained as a Windows path
    (``written``: the value as the profile's line has it).

    "logos\\brookhill.png" in double quotes holds a backspace (\\b) and "images\\new.png" a
    line break (\\n): the checks then speak of characters the user never typed."""
    school = data.get("school")
    logo = school.get("logo") if isinstance(school, dict) else None
    if not (isinstance(logo, str) and re.search(r"[\b\t\n\f\r]", logo)):
        return list(problems)
    return [
        Problem(p.path, p.line, f"[school] logo: {_backslash_hint(written)}")
        if p.message.startswith("[school] logo:")
        else p
        for p in problems
    ]


def _given_twice(text: str, line: int | None) -> str:
    """For tomllib's "Cannot overwrite a value": the key the line gives again, and where it was
    given first, in the same table."""
    found = _assignment(text, line)
    if found is None or line is None:
        return ""
    key = found[0]
    lines = text.splitlines()
    start = next((n for n in range(line - 1, 0, -1) if lines[n - 1].strip().startswith("[")), 0)
    for number in range(start + 1, line):
        earlier = _assignment(text, number)
        if earlier and earlier[0] == key and not lines[number - 1].lstrip().startswith("#"):
            return f" ({key} is given twice, on lines {number} and {line}: delete one)"
    return ""


def _declared_twice(text: str, line: int | None) -> str:
    """For tomllib's "Cannot declare ('school',) twice": the section, and both its lines."""
    name = _section_named(_line_text(text, line) or "")
    if name is None or line is None:
        return ""
    before = text.splitlines()[: line - 1]
    first = next((n for n, raw in enumerate(before, start=1) if _section_named(raw) == name), None)
    if first is None:
        return ""
    return (
        f"[{name}] appears twice (lines {first} and {line}): keep one, with all its keys under it"
    )


def _section_named(raw: str) -> str | None:
    """The section a line opens, written ``[name]`` (a comment after it allowed), or None."""
    found = re.fullmatch(r"\s*\[\s*([A-Za-z0-9_.]+)\s*\]\s*", _split_comment(raw)[0])
    return found[1] if found else None


def _unclosed_list(text: str, line: int | None) -> tuple[int, str] | None:
    """For tomllib's "Unclosed array", blamed on the line after the list (``line``; None for the
    document's end): the line the list starts on, and what to write."""
    lines = text.splitlines()
    after = line if line is not None and line <= len(lines) else len(lines) + 1
    for number in range(after - 1, 0, -1):
        found = _assignment(text, number)
        if found is None or not found[1].startswith("["):
            continue
        bare = "".join(_split_comment(raw)[1] for raw in lines[number - 1 : after - 1])
        if bare.count("[") <= bare.count("]"):
            return None  # the nearest list is closed: the mistake is another
        said = "the list that starts on this line needs a ] at its end"
        key, value = found
        code = _split_comment(value)[0].rstrip().rstrip(",")
        if number == after - 1 and code.count("[") == 1:  # the whole list is on its line
            said += f" (write {key} = {_shown_text(code)}])"
        return number, said
    return None


def _deepest_line(text: str) -> int | None:
    """The line where brackets and braces are nested deepest, counting roughly (quoted text and
    comments are skipped within each line), to point at a file nested too deeply."""
    depth = deepest = 0
    found = None
    for number, line in enumerate(text.splitlines(), start=1):
        line = re.sub(r"\"(?:[^\"\\]|\\.)*\"|'[^']*'", "", line).split("#", 1)[0]
        for char in line:
            depth += 1 if char in "[{" else -1 if char in "]}" else 0
            if depth > deepest:
                deepest, found = depth, number
    return found


def _line_text(text: str, line: int | None) -> str | None:
    """A profile's line by its number (TOML's, from 1), or None for no such line."""
    lines = text.splitlines()
    return lines[line - 1] if line is not None and 0 < line <= len(lines) else None


def _assignment(text: str, line: int | None) -> tuple[str, str] | None:
    """The key and the value written on a line of a profile (``key = value``), if it is one."""
    key, equals, value = (_line_text(text, line) or "").partition("=")
    return (key.strip(), value.strip()) if equals else None


# How much of a line's text a hint repeats, so that it can be copied back: a long school name
# whole, not a line of any length.
SHOWN_MAX: Final = 100


def _shown_text(text: str) -> str:
    """A line's text as a hint repeats it: whole, unless longer than ``SHOWN_MAX``."""
    return text if len(text) <= SHOWN_MAX else text[:SHOWN_MAX] + "…"


def _unclosed_quote(text: str, line: int | None) -> str:
    """What to write when the line's text has no closing double quote, in the line's own words."""
    found = _assignment(text, line)
    if found is None or not found[1].startswith('"'):
        return ""
    key, value = found
    if value.replace('\\"', "").split("#")[0].count('"') != 1:
        return ""
    # Only the key's name and the start of the text: the line may hold anything at all. With
    # the quote open, a "#" is part of the text (every colour starts with one), not a comment.
    typed = value[1:].strip()
    if typed[-1:] in CURLY_QUOTES:  # Word turned the closing quote into a curly one
        shown = _shown_text(typed[:-1])
        return f'the closing quote is a curly one (write {key} = "{shown}" with straight quotes)'
    shown = _shown_text(typed)
    return f'the closing double quote is missing (write {key} = "{shown}")'


CURLY_QUOTES: Final = ("\u201c", "\u201d", "\u2018", "\u2019", "\u201e")
STAGES_HINT: Final = ' (write a list: stages = ["ks3", "ks4"])'


def _stages_as_list(written: object) -> str:
    """For stages given as one value, not a list ("KS1, KS2", "Primary", 3): the list of the
    stages it names, ready to copy; ``STAGES_HINT``'s example when it names none for sure."""
    if isinstance(written, bool) or not isinstance(written, (str, int)):
        return STAGES_HINT
    text = str(written)
    phase = _phase_hint(text, whole=True)
    if phase:  # "Primary": its stages
        return f" ({phase})"
    years = year_hint(text)
    if years and years.startswith("Year"):  # "Years 1-6": "Years 1–6 are ks1 and ks2"
        return f" ({years}: write {_stages_line(re.findall(r'ks[1-5]', years))})"
    parts = _stage_numbers(text) or stages_in(text)
    if parts and set(parts) <= {s.value for s in KeyStage}:
        return f" (write a list: {_stages_line(list(dict.fromkeys(parts)))})"
    return STAGES_HINT


# Each local contact is a table of a list, in double brackets: [local_contacts] is one table.
_CONTACTS_HINT: Final = (
    " (write [[local_contacts]], with two brackets at each end, above each contact)"
)


# Numbers as words, as a lesson's length may be written: "fifty", "forty-five", "an hour".
_UNIT_WORDS: Final = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
_TEN_WORDS: Final = "twenty thirty forty fifty sixty seventy eighty ninety"
_UNITS: Final = {word: n for n, word in enumerate(_UNIT_WORDS.split())} | {"a": 1, "an": 1}
_TENS: Final = {word: 10 * n for n, word in enumerate(_TEN_WORDS.split(), 2)}
_HOURS: Final = r"(?:h|hrs?|hours?)"


def _minutes_hint(value: str) -> str:
    """For an unquoted lesson length with its unit or in words ("55 minutes", "1h", "fifty"):
    the line written as a number of minutes."""
    hours = re.fullmatch(rf"(\d+(?:\.\d+)?)\s*{_HOURS}\.?", value, re.IGNORECASE)
    if hours:  # "1h", "1.5 hours": the key's name says minutes
        return f" (write the length in minutes: lesson_minutes = {round(float(hours[1]) * 60)})"
    clock = re.fullmatch(r"(\d):([0-5]\d)", value)
    if clock:  # "1:00", an hour as a clock shows it
        length = int(clock[1]) * 60 + int(clock[2])
        return f" (write the length in minutes: lesson_minutes = {length})"
    span = re.fullmatch(r"(\d+)\s*(?:-|\u2013|to)\s*(\d+)(?:\s*[A-Za-z]+)?", value)
    if span:  # "45-50": lessons of different lengths; the packs must fit the shortest
        shortest = min(int(span[1]), int(span[2]))
        return f" (give one length, the shortest lesson's: lesson_minutes = {shortest})"
    minutes = re.match(r"(\d+)\s*[A-Za-z]", value)
    if minutes:  # "55 minutes": the key's name says the unit
        return f" (write the number alone: lesson_minutes = {minutes[1]})"
    if not re.fullmatch(r"[A-Za-z][A-Za-z -]*", value):
        return ""
    words = re.split(r"[\s-]+", value.casefold())
    hour = words[-1] in {"hour", "hours"}
    words = [w for w in words if w not in {"and", "minutes", "mins", "hour", "hours"}]
    known = all(w in _UNITS or w in _TENS for w in words) and words
    number = sum(_UNITS.get(w, 0) + _TENS.get(w, 0) for w in words) * (60 if hour else 1)
    return f" (write the minutes in digits: lesson_minutes = {number if known else 50})"


def _spaced_key_hint(text: str, line: int | None, key: str, value: str) -> str:
    """For a key written with spaces ("DSL email", "Designated Safeguarding Lead"): the profile's
    own key for it under its section, or where to find the keys."""
    section = next(
        (
            found[1]
            for raw in reversed(text.splitlines()[: (line or 1) - 1])
            if (found := re.match(r"\s*\[+\s*([A-Za-z0-9_]+)", raw))
        ),
        None,
    )
    known = _close_key((section, key), _toml_key_lines(text)) if section else None
    if known is None:
        return " (a key has no spaces: see `cse-lessonpack init` for the keys a profile has)"
    if known != "_".join(key.casefold().split()):  # "Designated Safeguarding Lead"
        return f" (write {known} = {_shown_text(value)}: the profile's key for it, without spaces)"
    return f" (keys are written with underscores, not spaces: {known} = {_shown_text(value)})"


def _toml_hint(text: str, line: int | None) -> str:
    """Plain advice for the mistakes people make most often in a profile's text values."""
    raw = _line_text(text, line) or ""
    shape = _header_hint(raw) or _colon_hint(raw)
    if shape:
        return shape
    found = _assignment(text, line)
    if found is None:
        return ""
    key, value = found
    if " " in key and key[:1] not in "\"'":  # "DSL email": a mail-merge header, typed as a key
        return _spaced_key_hint(text, line, key, value)
    code = _split_comment(value)[0].strip()
    if code[-1:] in {",", ";"} and _is_toml_value(code[:-1].strip()):
        # A list's habit, or a programmer's: TOML ends a value with the line.
        return (
            f" (delete the {code[-1]} at the end of the line: write "
            f"{key} = {_shown_text(code[:-1].strip())})"
        )
    if key == "large_print":
        return " (write true or false, without quotes: large_print = true)"
    if key in {"primary", "accent"} or value.startswith("#"):
        # Unquoted, a # starts a comment, and 4b2a7b is no TOML value at all.
        return f' (put a colour in double quotes: {key} = "#4B2A7B")'
    if key == "stages":
        if any(q in value for q in CURLY_QUOTES):  # a list already, with a word processor's quotes
            fixed = _shown_text(
                re.sub("[\u201c\u201d\u201e\u2018\u2019]", '"', value.split("#")[0])
            )
            return f" (use straight double quotes, not curly ones: stages = {fixed})"
        return _stages_as_list(value.split("#")[0].strip().strip("[]'\""))
    if key == "logo" and value.startswith('"') and "\\" in value:
        # A Windows path: in double quotes TOML reads a backslash as the start of an escape.
        return f" ({_backslash_hint(value.split('#')[0])})"
    if key == "lesson_minutes":
        hint = _minutes_hint(value.split("#")[0].strip())
        if hint:
            return hint
    if key.endswith("phone") and value[:1] in "0123456789+(":
        return f' (put a phone number in double quotes: {key} = "01782 000000")'

    if value.startswith("'") and value.count("'") > 2:
        return (
            " (text with an apostrophe goes in double quotes: "
            "name = \"St Mary's\", not name = 'St Mary's')"
        )
    if value[:1] in CURLY_QUOTES:
        # Pasted from a word processor, which turns " into “ and ”.
        # One end may be straight already ("“Mrs K Whitmore""): the advice has one quote each end.
        text = _shown_text(value.strip().strip("".join(CURLY_QUOTES) + '"'))
        return f' (use straight double quotes, not curly ones: {key} = "{text}")'
    if value and value[0] not in "\"'[{0123456789+-#" and value not in {"true", "false"}:
        text = _shown_text(value.split("#")[0].strip())  # unquoted, a "#" starts a comment
        return f' (put text in double quotes: {key} = "{text}")'
    return ""


def tailoring_from_data(
    data: dict[str, Any],
    path: Path,
    lines: dict[tuple[str | int, ...], int],
    templates: Path,
    check: Callable[[Tailoring], None] | None = None,
    leave_out: str | None = None,
) -> Tailoring:
    """Validate profile data (from TOML or a batch row) and merge it over the brand.

    Every problem is reported in one run, so a coordinator fixes them all at once: the values'
    own mistakes, the logo, the colours' contrast and, with ``check``, the problems a profile has
    only against the lessons (its lesson length, say). Values still as the starter or the batch
    template has them are refused (see ``STAND_INS``); the optional keys' only when ``leave_out``
    says how the user leaves such a key out (``PROFILE_LEAVE_OUT``, ``ROW_LEAVE_OUT``).
    """
    brand = load_brand(templates)
    try:
        profile = ProfileFile.model_validate(
            data,
            context={
                FONT_CONTEXT: _chosen_font(data, brand),
                TYPED_CONTEXT: leave_out != ROW_LEAVE_OUT,
            },
        )
    except ValidationError as exc:
        found = _problems(exc, path, lines, leave_out) + _stand_ins(data, path, lines, leave_out)
        raise ProfileError(found + _other_problems(data, exc, path, lines, brand)) from None
    problems = _stand_ins(data, path, lines, leave_out)
    logo = None
    if profile.school.logo:
        try:
            logo = _load_logo(path, profile.school.logo, lines)
        except ProfileError as exc:
            problems += exc.problems
    try:
        theme = build_theme(brand, profile.brand, path=path, has_logo=logo is not None, lines=lines)
    except ProfileError as exc:
        problems += exc.problems
        theme = build_theme(brand, BrandSection(), path=path, has_logo=logo is not None)
    safeguarding = profile.safeguarding
    dsl = (
        Dsl(
            safeguarding.dsl_name,
            safeguarding.dsl_role,
            safeguarding.dsl_location,
            safeguarding.dsl_phone,
            safeguarding.dsl_email,
            safeguarding.deputy_dsl,
        )
        if safeguarding
        else None
    )
    tailoring = Tailoring(
        school_name=profile.school.name,
        logo=logo,
        dsl=dsl,
        local_contacts=tuple(Contact(c.name, c.phone, c.hours) for c in profile.local_contacts),
        theme=theme,
        brand=brand,
        stages=tuple(sorted(set(profile.pack.stages), key=list(KeyStage).index)),
        lesson_minutes=profile.pack.lesson_minutes,
        exclude_lessons=tuple(profile.pack.exclude_lessons),
        source=display_path(path),
        lines=lines,
    )
    if check is not None:
        try:
            check(tailoring)
        except ProfileError as exc:
            problems += exc.problems
    if problems:
        raise ProfileError(problems)
    return tailoring


def _squeezed(text: str, key: str = "") -> str:
    """Text as compared with a stand-in: a phone number by its digits alone ("(01782) 000-000"
    is the example number too), other text without spaces or case."""
    if key.endswith("phone"):
        # "+44 1782 000000" is the example number too, and so is "01782 000000 ext. 214": the
        # extension added to the example leaves the made-up number to be dialled.
        number, _ = _split_extension(text)
        return re.sub(r"[^0-9]", "", _national(re.sub(r"[()]", "", number).strip()))
    if key.endswith("email"):
        text = _MAILTO.sub("", text.strip(), count=1)
    # Word, Outlook and a Mac type the starter's "Your school's name" with a curly apostrophe.
    return APOSTROPHES.sub("'", "".join(text.split())).casefold()


def _stand_ins(
    data: dict[str, Any],
    path: Path,
    lines: dict[tuple[str | int, ...], int],
    leave_out: str | None,
) -> list[Problem]:
    """Values still as the starter has them: each named, with what belongs there."""
    found = []
    for (table, key), (example, wanted, optional) in STAND_INS.items():
        if optional and leave_out is None:
            continue  # data made in code, not typed by a user: see tailoring_from_data
        section = data.get(table)
        value = section.get(key) if isinstance(section, dict) else None
        if isinstance(value, str) and _squeezed(value, key) == _squeezed(example, key):
            instead = f"{wanted}, or {leave_out}" if optional else wanted
            found.append(
                Problem(
                    display_path(path),
                    lines.get((table, key)),
                    f'[{table}] {key}: still the example "{example}"; put in {instead}',
                )
            )
    return found


def _other_problems(
    data: dict[str, Any],
    exc: ValidationError,
    path: Path,
    lines: dict[tuple[str | int, ...], int],
    brand: Brand,
) -> list[Problem]:
    """When some values are wrong, the logo and the colours are still checked if their own
    values are right, so that one run names those problems too."""
    bad = {tuple(str(part) for part in error["loc"][:2]) for error in exc.errors()}
    found: list[Problem] = []
    school = data.get("school")
    logo = school.get("logo") if isinstance(school, dict) else None
    if isinstance(logo, str) and logo and ("school", "logo") not in bad:
        try:
            _load_logo(path, logo, lines)
        except ProfileError as problem:
            found += problem.problems
    section = data.get("brand", {})
    if isinstance(section, dict) and ("brand",) not in bad:
        # The colours are checked without the brand's wrong values (an unknown font, say), so
        # a run names a colour's contrast problem alongside them.
        right = {k: v for k, v in section.items() if ("brand", str(k)) not in bad}
        try:
            checked = BrandSection.model_validate(
                right, context={FONT_CONTEXT: _chosen_font(data, brand)}
            )
            build_theme(brand, checked, path=path, lines=lines)
        except ValidationError:
            pass  # reported already, through the whole profile's validation
        except ProfileError as problem:
            found += problem.problems
    return found


def _chosen_font(data: dict[str, Any], brand: Brand) -> str:
    """The family the packs will be set in, read before validation so that every printed value
    can be checked against it; an unknown font (reported as such) is checked as the default."""
    section = data.get("brand")
    font = section.get("font") if isinstance(section, dict) else None
    key = fonts.key_for(font) if isinstance(font, str) else None
    if key in fonts.FAMILIES:
        return key
    return brand.font if brand.font in fonts.FAMILIES else next(iter(fonts.FAMILIES))


def _load_logo(profile_path: Path, logo: str, lines: dict[tuple[str | int, ...], int]) -> Logo:
    line = lines.get(("school", "logo"))

    def fail(message: str) -> ProfileError:
        return ProfileError.one(profile_path, line, f"[school] logo: {message}")

    # A batch row's logo is found beside its spreadsheet, a profile's beside the profile.
    sheet = profile_path.suffix.lower() == ".csv"
    home = "the spreadsheet's folder" if sheet else "the profile's folder"
    typed = as_typed(logo)  # a Windows path as typed, not with repr's doubled backslashes
    if len(logo) > 2 and logo[0] in "\"'\u201c\u2018" and logo[-1] in "\"'\u201d\u2019":
        logo = logo[1:-1]  # a path in quotes, as a file manager's "Copy as path" gives it
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]+:", logo):  # file:///…, https://…
        raise fail(
            f"give the logo file's path relative to {home}, not an address, got {typed}: copy "
            "the logo next to it and give its file name, e.g. logo.png"
        )
    if Path(logo).is_absolute() or logo.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", logo):
        beside = "the spreadsheet" if sheet else "the profile"
        raise fail(
            f"give a path relative to {home}, got {typed}: copy the logo next to {beside} and "
            "give its file name, e.g. logo.png, or logos/logo.png for a logos folder beside it"
        )
    # A path typed on Windows ("logos\\logo.png") names the same file here.
    relative = Path(logo.replace("\\", "/"))
    folder = profile_path.parent.resolve()
    try:
        target = (folder / relative).resolve()
    except (RuntimeError, OSError):  # a symbolic link that leads back to itself
        raise fail(f"{typed} is a symbolic link that loops; expected an image file") from None
    if not target.is_relative_to(folder):
        beside = "the spreadsheet" if sheet else "the profile"
        raise fail(
            f"the logo must be in {home} or below it, got {typed}: copy the logo next to "
            f"{beside} and give its file name, e.g. logo.png"
        )
    if not target.exists():
        near = _near_file(target)
        longer = None if near else _with_suffix_beside(target)
        meant = f"; did you mean {near}?" if near else ""
        if longer:
            ending = longer[len(target.name) :]
            meant = (
                f"; did you mean {longer}? (Windows may hide the {ending} at the end of a file's "
                "name: write the name with it)"
            )
        raise fail(
            f"file not found: {display_path(target)} (a logo's path is read from {home}){meant}"
        )
    if target.is_dir():
        raise fail(f"{display_path(target)} is a folder, not a file; expected a PNG or JPEG image")
    if not target.is_file():  # a pipe, socket or device: reading it could block or never end
        raise fail(
            f"{display_path(target)} is not a regular file (a pipe or device); "
            "expected a PNG or JPEG image"
        )
    try:
        data = target.read_bytes()
    except OSError as exc:
        raise fail(f"{display_path(target)} cannot be read ({exc.strerror})") from None
    if not data:
        raise fail(f"{display_path(target)} is empty")
    if len(data) > MAX_LOGO_BYTES:
        raise fail(
            f"{display_path(target)} is {len(data):,} bytes; expected at most 10 MB: "
            + SMALLER_LOGO
        )
    if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff")):
        if target.suffix.casefold() == ".svg" or b"<svg" in data[:4096]:
            # A school's crest often comes as a drawing, which the packs cannot place.
            png = relative.with_suffix(".png").as_posix()
            raise fail(
                f"{display_path(target)} is an SVG drawing, not a PNG or JPEG image: export it "
                f"as PNG from your drawing program and give that file instead, such as {png}"
            )
        raise fail(f"{display_path(target)} is not a PNG or JPEG image")
    return _normalise_logo(data, fail, display_path(target))


def _image_size(data: bytes) -> tuple[int, int] | None:
    """A PNG's or JPEG's width and height from its header, without Pillow's own size limit (which
    warns or fails above 89 megapixels, before our 40-megapixel limit could say what is wrong)."""
    from PIL import JpegImagePlugin, PngImagePlugin

    plugin: type[PngImagePlugin.PngImageFile] | type[JpegImagePlugin.JpegImageFile] = (
        PngImagePlugin.PngImageFile
        if data.startswith(b"\x89PNG")
        else JpegImagePlugin.JpegImageFile
    )
    try:
        # The plugin's class reads only the header; ``Image.open`` would add the bomb check.
        # Its warnings ("Corrupt EXIF data") are Pillow's to itself, not a message for users.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with plugin(io.BytesIO(data)) as header:
                width, height = header.size
    except (OSError, SyntaxError, ValueError, IndexError, KeyError, struct.error):
        return None  # unreadable: reported when the image is opened below
    return width, height


def _upright(image: Picture) -> Picture:
    """The image turned as its EXIF Orientation tag says (the same image when it has none)."""
    from PIL import ImageOps

    try:
        return ImageOps.exif_transpose(image)
    except (SyntaxError, ValueError, TypeError, KeyError, IndexError, OSError, struct.error):
        return image  # a damaged EXIF block: the pixels as stored, as before it was read


def _normalise_logo(data: bytes, fail: Any, shown: str) -> Logo:
    from PIL import Image, UnidentifiedImageError

    size = _image_size(data)
    if size is not None and size[0] * size[1] > MAX_LOGO_PIXELS:
        raise fail(
            f"{shown} is {size[0]}×{size[1]} pixels; expected at most 40 megapixels: "
            + SMALLER_LOGO
        )
    try:
        with warnings.catch_warnings():
            # Pillow's own warnings ("Corrupt EXIF data") printed apart from any message naming
            # the logo; the decompression bomb's, an error here, is the one that matters.
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.width * probe.height > MAX_LOGO_PIXELS:
                    raise fail(
                        f"{shown} is {probe.width}×{probe.height} pixels; "
                        f"expected at most 40 megapixels: {SMALLER_LOGO}"
                    )
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                # A phone's photo is stored sideways with an EXIF Orientation tag saying how to
                # turn it; every output uses these pixels, so they are turned upright here.
                converted = _upright(image).convert("RGBA")
                original = converted.size
    except ProfileError:
        raise
    except (
        UnidentifiedImageError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise fail(f"{shown} cannot be read as an image ({exc.__class__.__name__})") from None
    except (OSError, SyntaxError):
        # Pillow's words for a file that stops early or is corrupt inside ("Truncated File Read",
        # "broken PNG file"): the header was read, so it is an image, but not a whole one.
        raise fail(f"{shown} is truncated or damaged; save or export the image again") from None
    converted.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
    out = io.BytesIO()
    # Re-encoding drops metadata and makes the embedded bytes depend only on the pixels.
    converted.save(out, format="PNG", optimize=True)
    return Logo(out.getvalue(), converted.height / converted.width, shown, original)


_TOML_LINE = re.compile(r"at line (\d+)")


def _toml_line(message: str) -> int | None:
    found = _TOML_LINE.search(message)
    return int(found.group(1)) if found else None


# A key at the start of a line, bare or in quotes ("DSL email" = …), before its =.
_KEY: Final = re.compile(r"""^(?:([A-Za-z0-9_-]+)|"([^"\\]*)"|'([^']*)')\s*=""")


def _toml_key_lines(text: str) -> dict[tuple[str | int, ...], int]:
    """The line of every ``key =`` under its ``[table]``, good enough to point at a mistake."""
    lines: dict[tuple[str | int, ...], int] = {}
    table: tuple[str | int, ...] = ()
    counts: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if array := re.match(r"^\[\[\s*([A-Za-z0-9_]+)\s*\]\]", line):
            name = array.group(1)
            index = counts.get(name, 0)
            counts[name] = index + 1
            table = (name, index)
            lines.setdefault((name,), number)
            lines[table] = number
        elif section := re.match(r"^\[\s*([A-Za-z0-9_.]+)\s*\]", line):
            table = tuple(section.group(1).split("."))
            lines[table] = number
        elif key := _KEY.match(line):
            # "DSL email" = …: a quoted key is a key too, named on its own line.
            lines[(*table, next(k for k in key.groups() if k is not None))] = number
    return lines


def toml_key(loc: tuple[str | int, ...]) -> str:
    """A location as a profile's author sees it: ``[pack] stages (item 2)``."""
    if not loc:
        return ""
    head, *rest = loc
    if not rest:
        return str(head)
    if isinstance(rest[0], int):  # an array of tables, such as [[local_contacts]]
        where, keys = f"[[{head}]] (number {rest[0] + 1})", rest[1:]
    else:
        where, keys = f"[{head}]", rest
    key = ""
    for part in keys:
        # Items counted from 1, as people count them, not from 0 as TOML's indexes are.
        key += (
            f" (item {part + 1})" if isinstance(part, int) else (f".{part}" if key else str(part))
        )
    return f"{where} {key}".strip()


def _quote_hint(loc: Location, number: int) -> str:
    """How to write as text a value typed as a bare number (TOML reads it as a number)."""
    key = str(loc[-1]) if loc else ""
    if key.endswith("phone"):
        digits = str(number)
        # A bare 01782… is not valid TOML at all; a number without its 0 lost it in the typing.
        fixed = f"0{digits}" if len(digits) in (9, 10) else digits
        return f' (a phone number goes in double quotes, with its first 0: {key} = "{fixed}")'
    return f' (put it in double quotes: {key} = "{number}")'


def _problems(
    exc: ValidationError,
    path: Path,
    lines: dict[tuple[str | int, ...], int],
    leave_out: str | None = None,
) -> list[Problem]:
    loaded = LoadedYaml(None, dict(lines), SourceText(path, "", first_line=0))
    errors = exc.errors(include_url=False)
    # A required key typed wrongly ("dsl_nmae") is both unknown and missing: the "did you mean"
    # says all there is to say, so the missing key is not reported as well.
    meant = {
        (*item["loc"][:-1], guess)
        for item in errors
        if item["type"] == "extra_forbidden" and (guess := _close_key(item["loc"], lines))
    }
    problems = []
    for item in errors:
        if item["type"] == "missing" and tuple(item["loc"]) in meant:
            continue
        loc, message = explain(
            item, "unknown key (see `cse-lessonpack init` for the keys a profile has)"
        )
        if item["type"] == "extra_forbidden":
            message = _did_you_mean(loc, lines) or message
        elif item["type"] in {"dict_type", "model_type", "model_attributes_type"} and len(loc) == 1:
            # `school = "Ash"`: a section written as a key. Say how a section is written.
            message += f" (a section: write [{loc[0]}] on a line of its own, its keys below it)"
        elif item["type"] == "list_type" and loc[-1] == "stages":
            message += _stages_as_list(item["input"])
        elif item["type"] == "string_type" and type(item["input"]) is int:
            message += _quote_hint(loc, item["input"])
        elif item["type"] == "list_type" and loc == ("local_contacts",):
            # [local_contacts] in single brackets: one table, where a list of them is wanted.
            message += _CONTACTS_HINT
        elif _blank(item["input"]) and leave_out and _optional(loc):
            message += f" ({leave_out} if the school has none)"  # logo = "" for no logo
        if item["type"] == "missing":
            table = (f"[{loc[0]}]" if len(loc) == 2 else toml_key(loc[:-1])) if len(loc) > 1 else ""
            message = f"missing required key '{loc[-1]}'" + (f" in {table}" if table else "")
            problems.append(Problem(display_path(path), lines.get(loc[:-1]) or None, message))
            continue
        line = loaded.line_of(loc) or None
        problems.append(Problem(display_path(path), line, f"{toml_key(loc)}: {message}"))
    return problems


_TABLES: dict[str, type[BaseModel]] = {
    "school": SchoolSection,
    "safeguarding": SafeguardingSection,
    "local_contacts": LocalContact,
    "brand": BrandSection,
    "pack": PackSection,
}


def _blank(value: object) -> bool:
    """Whether a value is text with nothing in it but spaces."""
    return isinstance(value, str) and not value.strip()


def _optional(loc: tuple[str | int, ...]) -> bool:
    """Whether the key at ``loc`` (table, key) may be left out of a profile."""
    table = _TABLES.get(str(loc[0]))
    field = table.model_fields.get(str(loc[-1])) if table else None
    return field is not None and not field.is_required()


# Keys people write that a spelling check cannot match to the profile's own ("dsl" is too short
# to be close to dsl_name, "colour" is no spelling of primary), by table, and the key each means.
# batch.py has its own for a spreadsheet's columns.
_MEANT: Final = {
    ("school", "school_name"): "name",
    ("school", "school"): "name",
    ("school", "school_logo"): "logo",
    ("school", "logo_file"): "logo",
    ("safeguarding", "dsl"): "dsl_name",
    ("safeguarding", "designated_safeguarding_lead"): "dsl_name",
    ("safeguarding", "safeguarding_lead"): "dsl_name",
    ("safeguarding", "dsl_tel"): "dsl_phone",
    ("safeguarding", "dsl_number"): "dsl_phone",
    ("brand", "colour"): "primary",
    ("brand", "color"): "primary",
    ("brand", "colour_primary"): "primary",
    ("brand", "color_primary"): "primary",
    ("brand", "primary_colour"): "primary",
    ("brand", "primary_color"): "primary",
    ("brand", "accent_colour"): "accent",
    ("brand", "accent_color"): "accent",
    ("pack", "lesson_length"): "lesson_minutes",
    ("pack", "key_stage"): "stages",
    ("pack", "ks"): "stages",
    ("local_contacts", "tel"): "phone",
    ("local_contacts", "telephone"): "phone",
    ("local_contacts", "number"): "phone",
}


def _close_key(loc: tuple[str | int, ...], given: Container[tuple[str | int, ...]]) -> str | None:
    """The known key (or section) an unknown one is most likely a typing mistake for; ``given``
    holds the keys the profile has, as _toml_key_lines gives them."""
    table = _TABLES.get(str(loc[0])) if len(loc) > 1 else ProfileFile
    if table is None:
        return None
    key = _key_words(str(loc[-1]))
    meant = _MEANT.get((str(loc[0]), key))
    # "colour" beside a primary is no slip for it: renamed, primary would be given twice.
    if meant and len(loc) > 1 and (*loc[:-1], meant) not in given:
        return meant
    if key in table.model_fields:  # "DSL email", [SCHOOL]: the key, written another way
        return key
    close = difflib.get_close_matches(key, list(table.model_fields), n=1, cutoff=0.75)
    return close[0] if close else None


def _section_line(name: str) -> str:
    """A section's line as a profile writes it: [[local_contacts]], a list of tables, in double
    brackets (each contact is one), every other section in single ones."""
    listed = get_origin(ProfileFile.model_fields[name].annotation) is list
    return f"[[{name}]]" if listed else f"[{name}]"


def _key_words(key: str) -> str:
    """A key as the profile writes its keys: "DSL email" and "dsl-email" are dsl_email."""
    return re.sub(r"[\s-]+", "_", key.strip()).casefold()


def _did_you_mean(
    loc: tuple[str | int, ...], given: Container[tuple[str | int, ...]]
) -> str | None:
    """An unknown key close to a known one, named as the likely typing mistake."""
    table = _TABLES.get(str(loc[0])) if len(loc) > 1 else ProfileFile
    if table is None:
        return None
    key = _key_words(str(loc[-1]))
    close = _close_key(loc, given)
    if close and len(loc) == 1:  # "[safegaurding]": a section's name, not a key's
        return f"unknown section; did you mean {_section_line(close)}?"
    if close:
        return f"unknown key; did you mean {close}?"
    # "phone" under [safeguarding] is the DSL's: dsl_phone, not a local contact's phone.
    own = [field for field in table.model_fields if field.endswith(f"_{key}")]
    if len(own) == 1:
        return f"unknown key; did you mean {own[0]}?"
    # A key written under the wrong table: TOML puts every key after a [table] line in that
    # table, so dsl_email added at the end of the file lands in the last [[local_contacts]].
    home = next((t for t, m in _TABLES.items() if key in m.model_fields and t != loc[0]), None)
    if home is None:
        return None
    line = _section_line(home)
    return (
        f"unknown key here; {key} belongs under {line}: move it there (every key after a "
        "[section] line belongs to that section)"
    )


# The covers print a school's logo on a tile beside the campaign's (partials/cover.md.j2 and
# guide.md.j2, whose widths a test compares with these): a tile as tall as the campaign's logo
# (80 mm wide, a third as tall: artwork.aspect("logo")), the school's logo at most 60 mm wide.
COVER_LOGO_MM: Final = (80 / 3, 60)  # the tile's height, and the logo's widest
HEADER_LOGO_MM: Final = (7, 40)  # the running header's logo: at most this tall and this wide
SHARP_PPI: Final = 150  # fewer pixels an inch than this, printed, and a logo looks blocky
# A logo shorter than this on the covers has words too small to read (and in the page headers,
# at most 7 mm tall, smaller still): a banner wider than 5:1.
LEGIBLE_LOGO_MM: Final = 12
NARROW_LOGO_MM: Final = 8  # a logo narrower than this on the covers is a sliver standing up
VISIBLE_CONTRAST: Final = 3.0  # WCAG's least contrast for graphics, against the white it sits on
VISIBLE_SHARE: Final = 0.02  # a logo with fewer of its pixels at that contrast barely shows


_OUT_OF_HOURS = re.compile(
    r"\b(?:out[ -]of[ -]hours|evenings?|nights?|overnight|weekends?|24[ -]?h(?:ou)?rs?|24/7|"
    r"any ?time|always open|emergency duty)\b",
    re.IGNORECASE,
)


def answers_out_of_hours(contacts: Sequence[Contact]) -> bool:
    """Whether any of a school's local contacts says it answers at night or at weekends: its
    contacts replace the campaign's, whose list ends with each area's out-of-hours team."""
    return any(_OUT_OF_HOURS.search(f"{c.name} {c.hours or ''}") for c in contacts)


def local_contacts_close(contacts: Sequence[Contact]) -> bool:
    """Whether a school gave local contacts and none of them answers out of hours: they replace
    the campaign's, whose list ends with each area's out-of-hours team, so the help pages then
    say whom to call at night, and the build notes it."""
    return bool(contacts) and not answers_out_of_hours(contacts)


def out_of_hours_note(contacts: Sequence[Contact], in_a_row: bool = False) -> str | None:
    """What to say when none of a school's local contacts answers out of hours (see
    ``local_contacts_close``), for a profile, or for a spreadsheet's row (which has one)."""
    if not local_contacts_close(contacts):
        return None
    if in_a_row:
        replaced = (
            "the row's contacts replace the campaign's, whose list ends with each area's "
            "emergency duty team"
        )
        if len(contacts) == 1:
            return (
                f"its local contact does not say it answers out of hours, and {replaced}: give "
                "the area's out-of-hours team in the local_contact_2_name, local_contact_2_phone "
                "and local_contact_2_hours columns (`batch --template` writes them)"
            )
        return (
            f"neither local contact says it answers out of hours, and {replaced}: make one of "
            "them the area's out-of-hours team, or build the school from a profile (see "
            "`cse-lessonpack init`), which lists up to 12"
        )
    return (
        "none of the profile's local contacts says it answers out of hours: add your "
        "area's emergency duty team (the starter profile from `init` lists Stoke-on-Trent's "
        "and Staffordshire's), with hours such as \"Outside office hours: overnight, at weekends "
        'and on bank holidays"'
    )


def unused_logo_note(profile: Path, tailoring: Tailoring) -> str | None:
    """A profile with no logo beside a picture that looks like one: the starter has its logo
    line commented out, and a school that copied its logo in got packs without it, unsaid."""
    if tailoring.logo is not None or not profile.parent.is_dir():
        return None
    images = sorted(
        p.name
        for p in profile.parent.iterdir()
        if p.suffix.casefold() in {".png", ".jpg", ".jpeg"} and p.is_file()
    )
    if not images:
        return None
    shown = ", ".join(images[:3]) + (", …" if len(images) > 3 else "")
    verb = "is" if len(images) == 1 else "are"
    return (
        f"{profile.name} sets no logo, though {shown} {verb} in its folder: to print the "
        f'school\'s logo, write logo = "{images[0]}" under [school] (without the # before it)'
    )


# An accent paler than this against white paper (a pastel; the campaign's amber is 2.0:1) leaves
# the rules under headings, the boxes' side bars and the posters' bullets hard to see.
PALE_ACCENT: Final = 1.35


def accent_note(tailoring: Tailoring) -> str | None:
    """A note for an accent colour that will barely show on white paper: not an error, as no
    words are set in it, but the design fades."""
    accent = tailoring.theme.accent
    ratio = colour.contrast(accent, "#FFFFFF")
    if ratio >= PALE_ACCENT:
        return None
    return (
        f"[brand] accent {accent} is very pale on white paper ({ratio:.1f}:1): the rules under "
        "headings, the boxes' side bars and the posters' bullets will barely show; a stronger "
        "shade of it shows better"
    )


def _counted_pixels(count: int) -> str:
    """A count of pixels in words: "1 pixel", "2 pixels"."""
    return f"{count} pixel{'' if count == 1 else 's'}"


def logo_notes(logo: Logo) -> list[str]:
    """What a user should know about a logo that will print badly: too few pixels for the
    covers, so wide that it prints a sliver, or so pale that it barely shows on white. Not
    errors: the packs are still right."""
    width = logo.pixels
    notes = []
    if _visible_share(logo) < VISIBLE_SHARE:
        notes.append(
            f"the logo {logo.source} is almost all white or pale: on its white tile on the "
            "covers, in the page headers and on the posters it will barely show; use the "
            "school's logo made for white paper, not a white (reversed) version"
        )
    tile_mm, widest_mm = COVER_LOGO_MM
    printed, tall = cover_tile_logo(tile_mm, logo.aspect, widest_mm)  # on the covers, in mm
    ppi = width / (printed / 25.4)
    if ppi < SHARP_PPI:
        wanted = math.ceil(SHARP_PPI * printed / 25.4)
        notes.append(
            f"the logo {logo.source} is {_counted_pixels(width)} wide: printed {printed:.0f} mm "
            f"wide on the covers, that is about {_counted_pixels(round(ppi))} an inch, and it "
            "will look blocky; a "
            f"logo at least {wanted} pixels wide prints sharply"
        )
    if tall < LEGIBLE_LOGO_MM:
        header_tall, header_wide = HEADER_LOGO_MM
        in_header = min(header_tall, header_wide * logo.aspect)
        notes.append(
            f"the logo {logo.source} is {1 / logo.aspect:.0f} times as wide as it is tall: it "
            f"prints {_mm(tall)} tall on the covers and {_mm(in_header)} in the page "
            "headers, too small for any words in it to be read; a squarer version (the crest "
            "alone) reads better, and the school's name is printed beside it anyway"
        )
    if printed < NARROW_LOGO_MM:
        notes.append(
            f"the logo {logo.source} is {logo.aspect:.0f} times as tall as it is wide: it "
            f"prints {_mm(printed)} wide on the covers and narrower in the page headers, too "
            "narrow to be made out; a squarer version reads better"
        )
    return notes


def _mm(length: float) -> str:
    """'10 mm', or '0.4 mm' for a length that whole millimetres would call 0."""
    return f"{length:.0f} mm" if length >= 1 else f"{length:.1f} mm"


def _visible_share(logo: Logo) -> float:
    """The share of the logo's pixels, laid on white as every page and tile lays it, that
    stand out from the white at ``VISIBLE_CONTRAST`` or more."""
    from PIL import Image, ImageChops

    with Image.open(io.BytesIO(logo.png)) as image:
        rgba = image.convert("RGBA")
    rgba.thumbnail((256, 256))  # plenty to judge by, and quick for a batch's many rows
    flat = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    flat.alpha_composite(rgba)
    # Only the logo itself, not the white margin round it: a dark wordmark on a wide white
    # canvas once counted as "pale".
    solid = flat.convert("RGB")  # an RGBA picture's box would be found from its alpha alone
    box = ImageChops.difference(solid, Image.new("RGB", solid.size, "white")).getbbox()
    if box is None:
        return 0.0  # nothing but white
    flat = solid.crop(box)
    # Each colour an RGB image holds, with its count (typed loosely by Pillow).
    counts: list[tuple[int, tuple[int, int, int]]] = cast(
        Any, flat.getcolors(flat.width * flat.height) or []
    )
    # Against white (luminance 1): the ratio is 1.05 / (L + 0.05).
    seen = sum(
        n
        for n, (r, g, b) in counts
        if 1.05 / (colour.luminance(f"#{r:02X}{g:02X}{b:02X}") + 0.05) >= VISIBLE_CONTRAST
    )
    return seen / (flat.width * flat.height)


def _pixels(logo: Logo) -> str:
    from PIL import Image

    with Image.open(io.BytesIO(logo.png)) as image:
        used = f"{image.width} × {image.height} pixels"
    # A large logo is shrunk to LOGO_MAX_SIDE: say so, or "1200 × 150" reads as a wrong file.
    if logo.original not in {(0, 0), (image.width, image.height)}:
        width, height = logo.original
        return f"{width} × {height} pixels, used at {used}"
    return used


def _sheet_sizes(theme: Theme, sizes: Mapping[str, float] | None) -> str:
    """'13 pt', or each size with its stages: '18 pt (ks1), 13 pt (ks3, ks4)'."""
    if not sizes:
        return f"{theme.worksheet_size:g} pt"
    stages_by_size: dict[float, list[str]] = {}
    for stage, size in sizes.items():
        stages_by_size.setdefault(size, []).append(stage)
    if len(stages_by_size) == 1:
        return f"{next(iter(stages_by_size)):g} pt"
    return ", ".join(f"{size:g} pt ({', '.join(st)})" for size, st in stages_by_size.items())


def describe(
    tailoring: Tailoring, sheet_sizes: Mapping[str, float] | None = None
) -> list[tuple[str, str]]:
    """The merged profile as rows of setting and value; ``sheet_sizes`` gives each chosen
    stage's worksheet type size, which the stage can set apart from the brand's."""
    """The merged profile as (setting, value) rows, for `config show`."""
    theme, dsl = tailoring.theme, tailoring.dsl

    def ratio(a: str, b: str) -> str:
        return f"{colour.contrast(a, b):.1f}:1"

    return [
        ("school.name", tailoring.school_name or "(none: the campaign's own packs)"),
        (
            "school.logo",
            f"{tailoring.logo.source} ({_pixels(tailoring.logo)})" if tailoring.logo else "(none)",
        ),
        (
            "safeguarding.dsl",
            ", ".join(v for v in (dsl.name, dsl.role, dsl.location) if v)
            if dsl
            else "(none: the packs leave a space to write the DSL in)",
        ),
        (
            "safeguarding.contact",
            ", ".join(v for v in (dsl.phone, dsl.email) if v) or "(no phone or email given)"
            if dsl
            else "(none)",
        ),
        (
            "safeguarding.deputy_dsl",
            (dsl.deputy or "(none: the packs say to ask for a deputy)") if dsl else "(none)",
        ),
        (
            "local_contacts",
            "; ".join(
                f"{c.name} {c.phone}" + (f" ({c.hours})" if c.hours else "")
                for c in tailoring.local_contacts
            )
            or "(the campaign area's numbers)",
        ),
        (
            "brand.primary",
            f"{theme.primary} (white text on it: {ratio(theme.primary, theme.on_primary)})",
        ),
        (
            "brand.accent",
            f"{theme.accent} (black text on it: {ratio(theme.accent, theme.on_accent)})",
        ),
        (
            "brand.headings",
            f"{theme.heading} on {theme.background} ({ratio(theme.heading, theme.background)})",
        ),
        ("brand.font", f"{theme.font} ({fonts.family(theme.font).display})"),
        (
            "brand.large_print",
            ("yes" if theme.body_size >= tailoring.brand.large_print_body_size else "no")
            + f": body text {theme.body_size:g} pt, worksheets {_sheet_sizes(theme, sheet_sizes)}",
        ),
        ("pack.stages", ", ".join(s.value for s in tailoring.stages)),
        (
            "pack.lesson_minutes",
            str(tailoring.lesson_minutes)
            if tailoring.lesson_minutes
            else "(each lesson's own length)",
        ),
        ("pack.exclude_lessons", ", ".join(tailoring.exclude_lessons) or "(none)"),
    ]
