"""Batch runs: tailored packs for many schools from one spreadsheet, one folder and zip each."""

from __future__ import annotations

import contextlib
import csv
import ctypes
import dataclasses
import difflib
import functools
import gc
import hashlib
import io
import json
import multiprocessing
import os
import re
import shutil
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from . import __version__, fonts, wordfonts
from .build import (
    FORMATS,
    MANIFEST,
    Context,
    check_folder,
    describe,
    listed_files,
    os_error_message,
    plan_manifest,
    plan_tasks,
    publish,
    read_json,
    remove_empty_parents,
    run_task,
    safe_target,
    school_info,
    write_atomic,
    write_atomic_with,
)
from .compose import check_tailoring
from .content import Library, fingerprint, load_library
from .errors import (
    OutputError,
    Problem,
    ProfileError,
    RenderError,
    SpreadsheetError,
    display_path,
)
from .markdown import slugify
from .model import KeyStage
from .posters import (
    DEFAULT_PRINTS,
    PrintRun,
    audiences_for,
    available_audiences,
    check_posters,
    check_school_fits,
)
from .profile import (
    APOSTROPHES,
    NOT_TEXT_KINDS,
    ROW_LEAVE_OUT,
    STAND_INS,
    Email,
    HexColour,
    Name,
    Phone,
    SchoolName,
    SchoolText,
    Tailoring,
    accent_note,
    logo_notes,
    out_of_hours_note,
    school_name_key,
    stages_hint,
    stages_in,
    tailoring_from_data,
    year_hint,
)
from .site import ASSETS as SITE_ASSETS
from .site import INDEX as SITE_INDEX
from .site import build_site, remove_page
from .sourcefile import explain

COLUMNS = (
    "school_name",
    "logo",
    "dsl_name",
    "dsl_role",
    "dsl_location",
    "dsl_phone",
    "dsl_email",
    "local_contact_name",
    "local_contact_phone",
    "local_contact_hours",
    "primary_colour",
    "accent_colour",
    "font",
    "large_print",
    "stages",
    "lesson_minutes",
)
# Columns added since spreadsheets were first made: an empty cell in one does not count among a
# school's inputs, so an older spreadsheet's rows hash as they did. ``batch --template`` writes
# them too.
# A second local contact: a row's one contact replaced the campaign's list, which pairs each
# area's office-hours number with its out-of-hours team, so a school in the area lost one.
OPTIONAL_COLUMNS = (
    "deputy_dsl_name",
    "local_contact_2_name",
    "local_contact_2_phone",
    "local_contact_2_hours",
)
# The only column a spreadsheet must have; any other left out is read as empty in every row (the
# defaults), as BatchRow needs only a school's name.
REQUIRED_COLUMNS = ("school_name",)
# The school's own details are stand-ins (profile.STAND_INS, which profiles are checked against
# too), refused until replaced, so the example row is never built as a school; the rest show how
# each cell is written.
EXAMPLE_ROW = (
    STAND_INS[("school", "name")].example,
    "",  # a logo is a file beside the spreadsheet
    STAND_INS[("safeguarding", "dsl_name")].example,
    "Designated Safeguarding Lead",
    STAND_INS[("safeguarding", "dsl_location")].example,
    STAND_INS[("safeguarding", "dsl_phone")].example,
    STAND_INS[("safeguarding", "dsl_email")].example,
    "Stoke-on-Trent Children's Advice and Support",  # lessons/helplines.yaml's, as a school
    "01782 235100",  # in the campaign's area would give them
    "Office hours",
    "#4B2A7B",  # the campaign's own colours, as written here
    "#F4B400",
    "atkinson-hyperlegible",
    "no",
    "ks3 ks4",
    "50",
    STAND_INS[("safeguarding", "deputy_dsl")].example,
    "Stoke-on-Trent Emergency Duty Team",
    "01782 234234",
    "Outside office hours: overnight, at weekends and on bank holidays",
)
MAX_ROWS = 1000  # a larger campaign is split into several files, each a manageable run
MAX_CELL = 2000  # characters; no real school name or address comes near this
MAX_SHEET_BYTES = 20_000_000  # a full batch's sheet is well under 1 MB
MANIFEST_CSV = "batch-manifest.csv"
MANIFEST_JSON = "batch-manifest.json"

Progress = Callable[[str, int, int], None]


class BatchRow(BaseModel):
    """One spreadsheet row, checked column by column (empty cells mean "use the default")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    school_name: SchoolName
    logo: SchoolText | None = None
    dsl_name: Name | None = None
    dsl_role: Name | None = None
    dsl_location: Name | None = None
    dsl_phone: Phone | None = None
    dsl_email: Email | None = None
    deputy_dsl_name: Name | None = None
    local_contact_name: Name | None = None
    local_contact_phone: Phone | None = None
    local_contact_hours: SchoolText | None = None
    local_contact_2_name: Name | None = None
    local_contact_2_phone: Phone | None = None
    local_contact_2_hours: SchoolText | None = None
    primary_colour: HexColour | None = None
    accent_colour: HexColour | None = None
    font: SchoolText | None = None
    large_print: bool = False
    stages: Annotated[list[KeyStage], Field(min_length=1)] = list(KeyStage)
    lesson_minutes: int | None = Field(default=None, ge=20, le=120)

    @field_validator("large_print", mode="before")
    @classmethod
    def _yes_no(cls, value: object) -> object:
        words = {
            "yes": True,
            "y": True,
            "true": True,
            "1": True,
            "no": False,
            "n": False,
            "false": False,
            "0": False,
        }
        if isinstance(value, str):
            found = words.get(value.strip().lower())
            if found is None:
                raise ValueError(f"expected yes or no, got {value!r}")
            return found
        return value

    @field_validator("stages", mode="before")
    @classmethod
    def _stage_list(cls, value: object) -> object:
        if isinstance(value, str):
            # School years, a phase ("Secondary") or numbers alone: say what to write.
            hint = year_hint(value) or stages_hint(value)
            if hint:
                raise ValueError(f"expected key stages such as ks3 ks4, got {value!r} ({hint})")
            return stages_in(value)
        return value

    def profile(self) -> dict[str, Any]:
        """The same data as a school profile (TOML) would hold."""
        data: dict[str, Any] = {"school": {"name": self.school_name}}
        if self.logo:
            data["school"]["logo"] = self.logo
        if self.dsl_name:
            data["safeguarding"] = {
                k: v
                for k, v in {
                    "dsl_name": self.dsl_name,
                    "dsl_role": self.dsl_role,
                    "dsl_location": self.dsl_location,
                    "dsl_phone": self.dsl_phone,
                    "dsl_email": self.dsl_email,
                    "deputy_dsl": self.deputy_dsl_name,
                }.items()
                if v
            }
        contacts = []
        for name, phone, hours in (
            (self.local_contact_name, self.local_contact_phone, self.local_contact_hours),
            (self.local_contact_2_name, self.local_contact_2_phone, self.local_contact_2_hours),
        ):
            if name and phone:
                contact = {"name": name, "phone": phone}
                contacts.append(contact | {"hours": hours} if hours else contact)
        if contacts:
            data["local_contacts"] = contacts
        brand: dict[str, Any] = {"large_print": self.large_print}
        for key, value in (
            ("primary", self.primary_colour),
            ("accent", self.accent_colour),
            ("font", self.font),
        ):
            if value:
                brand[key] = value
        data["brand"] = brand
        pack: dict[str, Any] = {"stages": [s.value for s in self.stages]}
        if self.lesson_minutes:
            pack["lesson_minutes"] = self.lesson_minutes
        data["pack"] = pack
        return data


# Profile keys, as messages name them, and the spreadsheet column each came from.
_PROFILE_TO_COLUMN = {
    "[school] name": "school_name",
    "[school] logo": "logo",
    "[brand] primary": "primary_colour",
    "[brand] accent": "accent_colour",
    "[brand] font": "font",
    "[pack] lesson_minutes": "lesson_minutes",
    "[safeguarding] dsl_name": "dsl_name",  # too long for a poster
    "[safeguarding] dsl_location": "dsl_location",
    # Text the packs cannot print (fonts.unprintable), found when a row becomes a profile.
    "[safeguarding] dsl_role": "dsl_role",
    "[safeguarding] dsl_phone": "dsl_phone",
    "[safeguarding] dsl_email": "dsl_email",
    "[safeguarding] deputy_dsl": "deputy_dsl_name",
    # A row has two local contacts, the second only with the first (see _NEEDS);
    # check_tailoring also names them (a helpline's name, say).
    "[[local_contacts]] (number 1) name": "local_contact_name",
    "[[local_contacts]] (number 1) phone": "local_contact_phone",
    "[[local_contacts]] (number 1) hours": "local_contact_hours",
    "[[local_contacts]] (number 2) name": "local_contact_2_name",
    "[[local_contacts]] (number 2) phone": "local_contact_2_phone",
    "[[local_contacts]] (number 2) hours": "local_contact_2_hours",
}


@dataclass(frozen=True, slots=True)
class Row:
    # The row's number as Excel shows it: the header is row 1, and each record one row, however
    # many lines its cells take (a cell with a line break) and blank rows included.
    number: int
    line: int  # the line of the file it starts on
    cells: dict[str, str]
    count: int  # how many cells the row had, to catch a row with too many or too few
    width: int = len(COLUMNS)  # how many columns the header has (optional ones included)
    # How sure it is that a ? may stand for a letter Excel's "CSV (Comma delimited)" could not
    # store: "windows-1252" (read as such), "ascii" (a file of plain ASCII may be one too), or
    # "" (UTF-8 with other letters kept, or UTF-16).
    lossy: Literal["windows-1252", "ascii", ""] = ""

    @property
    def school_name(self) -> str:
        """The school's name as the row gives it, a line break typed in its cell read as a
        space (as every cell is: see check_row)."""
        return _one_line(self.cells.get("school_name", ""))

    @property
    def name_or_number(self) -> str:
        """The school's name, or "row 4" for a row without one: its folder and its line in the
        manifests."""
        return self.school_name or f"row {self.number}"

    @property
    def label(self) -> str:
        """The row as messages name it: "row 4 (Meadow View Primary)", so it is found in the
        spreadsheet by its number and recognised by its school."""
        name = " ".join(self.cells.get("school_name", "").split())
        if not name:
            return f"row {self.number}"
        shown = name if len(name) <= 60 else name[:59] + "\u2026"
        return f"row {self.number} ({_shown(shown)})"


@dataclass(frozen=True, slots=True)
class Sheet:
    """A spreadsheet's rows, and what the user should know about how it was read."""

    rows: list[Row]
    notes: tuple[str, ...] = ()  # read as Windows-1252, columns ignored


@dataclass(frozen=True, slots=True)
class School:
    """A row that passed its checks, ready to build."""

    row: Row
    name: str
    folder: str
    tailoring: Tailoring
    inputs: str  # hash of everything the output depends on
    shares_name: bool = False  # another row names the same school (folders -2, -3, …)


@dataclass(frozen=True, slots=True)
class SchoolResult:
    school: str
    folder: str
    files: tuple[str, ...]
    sha256: str  # of the school's zip
    status: str  # built, unchanged or failed
    error: str = ""
    note: str = ""  # what the user should know: the folder held another school's packs before
    # How the row's values will print: its logo blocky or as a sliver, its local contact
    # leaving no one to ring out of hours.
    row_notes: tuple[str, ...] = ()
    # A failure that is not the row's (a full disk, a file in the way): the school's folder and
    # zip are left as they stand, not removed as a failing row's are. ``files`` and ``sha256``
    # then give what is there.
    kept: bool = False


@dataclass(frozen=True, slots=True)
class BatchResult:
    results: tuple[SchoolResult, ...]
    manifest_csv: Path
    manifest_json: Path
    # Folders an earlier run built for schools not built now (a row removed or now failing):
    # their files are deleted, so no folder outlives the row it was made from.
    removed: tuple[str, ...] = ()
    # Rows naming the same school: each gets its own folder, but it is often one school typed
    # twice, and one of the zips would go to it with the other row's details.
    duplicates: tuple[str, ...] = ()
    # How the spreadsheet was read (as Windows-1252, without a column it does not know): each
    # said once, for the whole sheet.
    notes: tuple[str, ...] = ()

    @property
    def failed(self) -> int:
        return sum(1 for r in self.results if r.status == "failed")


def spreadsheet_safe(cell: str) -> str:
    """A cell that a spreadsheet will show as text, never run as a formula, and with no control
    character (a NUL from a failed row's name would cut the cell short or corrupt the file) nor an
    invisible one (a zero-width space would hide in it): a failed row's name is written back as
    given. Both are the characters a profile refuses to print (``fonts.unseen``)."""
    quote = "'" if cell[:1] in {"=", "+", "-", "@", "\t", "\r"} else ""
    return quote + "".join("\ufffd" if fonts.unseen(char) else char for char in cell)


def template_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow((*COLUMNS, *OPTIONAL_COLUMNS))
    writer.writerow(EXAMPLE_ROW)
    return out.getvalue()


_SAVE_AS = "in Excel, save as 'CSV UTF-8'"
# What UTF-8 text looks like read byte by byte as Windows-1252 ("Ã©" for é, "â€“" for –, a
# byte-order mark): a file holding it is UTF-8 with a stray byte, not Windows-1252 text.
_UTF8_INSIDE = re.compile(rb"[\xc2\xc3][\x80-\xbf]|\xe2[\x80-\x84][\x80-\xbf]|\xef\xbb\xbf")


def _decode(path: Path) -> tuple[str, str | None]:
    """The file's text, and a note when it was not read as UTF-8 or UTF-16."""
    with path.open("rb") as stream:
        raw = stream.read(MAX_SHEET_BYTES + 1)  # no more: a 300 MB file took 1.8 GB to refuse
    if len(raw) > MAX_SHEET_BYTES:
        raise SpreadsheetError.one(
            path,
            None,
            f"the file is larger than {MAX_SHEET_BYTES:,} bytes; a spreadsheet of "
            f"{MAX_ROWS} schools is far smaller: is it the right file?",
        )
    for start, kind in NOT_TEXT_KINDS:
        if raw.startswith(start):  # read as text, it was "not UTF-8 or Windows-1252 text"
            raise SpreadsheetError.one(
                path, None, f"is {kind}, not a CSV file: give the spreadsheet of schools"
            )
    # A workbook saved under its own name, or renamed .csv: a zip (.xlsx, .ods) or an old
    # Excel file (.xls), whose bytes would otherwise be reported as text in a wrong encoding.
    if raw.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise SpreadsheetError.one(
            path,
            None,
            "is a spreadsheet workbook (Excel or LibreOffice), not a CSV file; in Excel, "
            "choose File, Save As, 'CSV UTF-8 (Comma delimited)'",
        )
    # UTF-32's byte-order marks come first: UTF-32LE's begins with UTF-16LE's.
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise SpreadsheetError.one(path, 1, f"UTF-32 text is not read; {_SAVE_AS}")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text"
        codec = "utf-16-le" if raw.startswith(b"\xff\xfe") else "utf-16-be"
        body = raw[2:]
        try:
            return body.decode(codec), None
        except UnicodeDecodeError as exc:
            line = body[: exc.start].decode(codec, "replace").count("\n") + 1
            message = f"not valid UTF-16 text ({exc.reason}); {_SAVE_AS}"
            raise SpreadsheetError.one(path, line, message) from None
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        bad = exc.start
    if not _UTF8_INSIDE.search(raw):
        # Excel's "CSV (Comma delimited)" on Windows: read as it was written.
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            message = (
                f"not UTF-8 or Windows-1252 text (byte 0x{raw[exc.start]:02x} is neither); "
                f"{_SAVE_AS}"
            )
            raise SpreadsheetError.one(path, line, message) from None
        note = (
            f"{display_path(path)}: read as Windows-1252 text, as Excel's \"CSV (Comma "
            'delimited)" saves it; Excel writes ? for a character that has no place in it (ł, '
            f"emoji): to keep every character, {_SAVE_AS}"
        )
        return text, note
    line = raw[:bad].count(b"\n") + 1
    where = "in a file that is UTF-8 elsewhere"
    message = f"not UTF-8 text (byte 0x{raw[bad]:02x}, {where}); {_SAVE_AS}"
    raise SpreadsheetError.one(path, line, message) from None


_KNOWN = (*COLUMNS, *OPTIONAL_COLUMNS)
_EXPECTED = ", ".join(f"{c} (required)" if c in REQUIRED_COLUMNS else c for c in _KNOWN)


def _shown(cell: str) -> str:
    """A header cell as it can be printed: control and invisible characters written as \\xNN
    or \\uNNNN."""
    return "".join(
        (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}") if fonts.unseen(c) else c
        for c in cell
    )


def _column_key(cell: str) -> str:
    """A header cell as the column it names: "School name", "DSL-Phone" and " dsl_phone " are
    all dsl_phone's and school_name's spellings (case, spaces, hyphens and underscores aside)."""
    # Anything but letters and digits separates words: "Key stage(s)" is key_stage_s.
    return re.sub(r"[\W_]+", "_", cell.strip().casefold()).strip("_")


def _letter(index: int) -> str:
    """A column's letter as Excel shows it: 0 is A, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, left = divmod(index - 1, 26)
        letters = chr(ord("A") + left) + letters
    return letters


def _header_below(text: str) -> int | None:
    """The line, of the next few, that holds the column names, when a title or note was typed
    above them ("Print run autumn 2026"); None when none of them does."""
    for number, line in enumerate(text.splitlines()[1:5], start=2):
        for delimiter in (",", ";", "\t"):
            cells = next(csv.reader([line], delimiter=delimiter), [])
            if "school_name" in {_column_key(cell) for cell in cells}:
                return number
    return None


# Headings people give columns that a spelling check cannot match to ours ("DSL" is too short
# to be close to dsl_name): read as none of ours, the packs went out without the school's DSL.
_MEANT: Final = {
    "dsl": "dsl_name",
    "designated_safeguarding_lead": "dsl_name",
    "safeguarding_lead": "dsl_name",
    "dsl_contact": "dsl_name",
    "dsl_tel": "dsl_phone",
    "dsl_telephone": "dsl_phone",
    "dsl_number": "dsl_phone",
    "deputy": "deputy_dsl_name",
    "deputy_dsl": "deputy_dsl_name",
    "school": "school_name",
    "key_stage": "stages",
    "ks": "stages",
    "lesson_length": "lesson_minutes",
    "minutes": "lesson_minutes",
    "school_logo": "logo",
    "logo_file": "logo",
    "logo_file_name": "logo",
    "logo_filename": "logo",
    "logo_path": "logo",
    "dsl_email_address": "dsl_email",
    "email": "dsl_email",
    "e_mail": "dsl_email",
    "email_address": "dsl_email",
    "dsl_telephone_number": "dsl_phone",
    "dsl_phone_number": "dsl_phone",
    "telephone": "dsl_phone",
    "phone": "dsl_phone",
    "key_stages": "stages",
    "key_stage_s": "stages",
    "colour": "primary_colour",
    "color": "primary_colour",
    "brand_colour": "primary_colour",
    "font_name": "font",
}


def _header(path: Path, header: list[str]) -> tuple[dict[int, str], list[str]]:
    """Each known column's place in the header, and the named columns the sheet has that the
    tool does not read (to be ignored with a note); refuses a header missing the required
    columns, naming a column twice, or with a name close to a missing column's (a typing
    mistake, whose column would otherwise be read as empty in every row)."""
    keys = [_column_key(cell) for cell in header]
    places = {index: key for index, key in enumerate(keys) if key in _KNOWN}
    present = set(places.values())
    absent = [c for c in _KNOWN if c not in present]
    problems: list[str] = []
    ignored: list[str] = []
    meant: set[str] = set()
    for cell, key in zip(header, keys, strict=True):
        if key in _KNOWN or not key:
            continue
        column = _MEANT.get(key)
        close = (
            [column]
            if column in absent
            else difflib.get_close_matches(key, absent, n=1, cutoff=0.7)
        )
        if close:
            meant.add(close[0])
            problems.append(
                f"column '{_shown(cell.strip())}' is not known; did you mean {close[0]}? "
                "(rename the column)"
            )
        else:
            ignored.append(f"'{_shown(cell.strip())}'")
    missing = [c for c in REQUIRED_COLUMNS if c not in present and c not in meant]
    repeated = sorted({k for k in places.values() if keys.count(k) > 1})
    expected = f" (expected: {_EXPECTED})"
    if missing:
        plural = "s" if len(missing) > 1 else ""
        # The columns read as none of ours: "Name" is plainly the school's name to whoever
        # typed it, and is the one to rename.
        rename = ""
        if ignored and missing == ["school_name"]:
            unread = (
                " and ".join([", ".join(ignored[:-1]), ignored[-1]]) if ignored[1:] else ignored[0]
            )
            rename = (
                f"; {unread} is not a column batch reads: if it holds the schools' names, "
                "rename it school_name"
                if len(ignored) == 1
                else f"; {unread} are not columns batch reads: rename the one that holds the "
                "schools' names to school_name"
            )
        problems.insert(0, f"missing column{plural}: {', '.join(missing)}{rename}{expected}")
    if repeated:
        plural = "s" if len(repeated) > 1 else ""
        # Each named by its place and heading as the spreadsheet shows them ("dsl_name" and
        # "DSL Name" are the same column to the tool, not to whoever reads the sheet).
        named = "; ".join(
            f"{key} (columns "
            + " and ".join(
                f"{_letter(i)} '{_shown(header[i].strip())}'"
                for i, k in enumerate(keys)
                if k == key
            )
            + ")"
            for key in repeated
        )
        problems.append(
            f"repeated column{plural}: {named}: keep one of each and delete the other{expected}"
        )
    if problems:
        raise SpreadsheetError([Problem(display_path(path), 1, f"header: {p}") for p in problems])
    return places, ignored


def read_rows(path: Path) -> list[Row]:
    """The spreadsheet's rows, after checking its header; refuses files that cannot be read."""
    return read_sheet(path).rows


def read_sheet(path: Path) -> Sheet:
    """The spreadsheet's rows and notes on how it was read, after checking its header; refuses
    files that cannot be read."""
    if path.is_dir():
        raise SpreadsheetError.one(
            path, None, "is a folder: give the spreadsheet's own file (.csv)"
        )
    if not path.is_file():
        found = path.exists()  # a device or a pipe: reading it could fill memory or wait
        raise SpreadsheetError.one(
            path, None, "is not a file (a device or a pipe?)" if found else "file not found"
        )
    text, decoded = _decode(path)
    notes = [decoded] if decoded else []
    lossy: Literal["windows-1252", "ascii", ""] = (
        "windows-1252" if decoded else "ascii" if text.isascii() else ""
    )
    if not text.strip():
        raise SpreadsheetError.one(
            path, 1, f"the file is empty; expected a header row: {','.join(_KNOWN)}"
        )
    first_line = text.split("\n", 1)[0]
    opening = next((line.strip() for line in text.splitlines() if line.strip()), "")
    toml = re.fullmatch(r"\[\s*[A-Za-z_.\s]+\]|[A-Za-z_]+\s*=.*", opening)
    # Excel's "sep=;" line, which names the delimiter, is not a profile's "key = value".
    if toml and "," not in opening and not opening.casefold().startswith("sep="):
        # A school profile ("[school]"): its "header" had no school_name column.
        raise SpreadsheetError.one(
            path,
            None,
            "is a school profile (TOML), not a spreadsheet of schools: build its school with "
            f"`cse-lessonpack build --school {display_path(path)}`",
        )
    if "\x00" in first_line:  # ASCII column names with NULs between: UTF-16 or -32, unmarked
        raise SpreadsheetError.one(
            path,
            1,
            "not UTF-8 text (the header has NUL characters: UTF-16 or UTF-32 without a "
            f"byte-order mark?); {_SAVE_AS}",
        )
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
        try:
            places, ignored = _header(path, header)
        except SpreadsheetError:
            below = _header_below(text)
            if below is None:
                raise
            raise SpreadsheetError.one(
                path,
                1,
                f"the column names (school_name …) are on line {below}: delete the line"
                f"{'s' if below > 2 else ''} above them, so that they are the first row (a "
                "title or note above the column names cannot stay)",
            ) from None
        unnamed = [i for i, cell in enumerate(header) if not _column_key(cell)]
        filled_unnamed: set[int] = set()
        rows: list[Row] = []
        number = 1  # the header's row, as Excel numbers rows
        line = reader.line_num + 1
        for cells in reader:
            number += 1
            # Empty cells past the header's last column (a sheet once wider, cleared): not a
            # row out of line, which a cell too many with something in it would be.
            while len(cells) > len(header) and not cells[-1].strip():
                cells.pop()
            if not any(c.strip() for c in cells):
                line = reader.line_num + 1
                continue  # a blank row, as spreadsheets often leave at the end
            if len(rows) >= MAX_ROWS:
                raise SpreadsheetError.one(
                    path, line, f"more than {MAX_ROWS} schools; split the file into smaller batches"
                )
            by_column = {places[i]: cell for i, cell in enumerate(cells) if i in places}
            # A column the sheet leaves out is empty in every row; its cell counts in the re-run
            # hash as an empty one would, so adding the column empty later changes nothing.
            by_column.update({c: "" for c in COLUMNS if c not in places.values()})
            filled_unnamed.update(i for i in unnamed if i < len(cells) and cells[i].strip())
            rows.append(Row(number, line, by_column, len(cells), len(header), lossy=lossy))
            line = reader.line_num + 1
        if not rows:  # "0 schools" and exit 0 would pass for success
            raise SpreadsheetError.one(
                path, None, "no schools: the spreadsheet has a header but no rows"
            )
    except csv.Error as exc:
        message = f"not a readable CSV file ({exc})"
        raise SpreadsheetError.one(path, reader.line_num, message) from None
    # An unnamed column is one the spreadsheet left beside the table: told only if it holds data.
    ignored += [f"{_letter(i)} (it has no heading)" for i in sorted(filled_unnamed)]
    ignored = list(dict.fromkeys(ignored))  # "Notes" twice is one note
    if ignored:
        plural = "s" if len(ignored) > 1 else ""
        notes.append(
            f"{display_path(path)}: column{plural} {', '.join(ignored)} ignored: not among the "
            "columns batch reads (`cse-lessonpack batch --template` writes those)"
        )
    return Sheet(rows, tuple(notes))


class RowsError(SpreadsheetError):
    """Rows' problems in the order given (row by row, each row's in its spreadsheet's column
    order), where other problems are sorted by their text: a row is read from left to right."""

    def __init__(self, problems: Iterable[Problem], notes: tuple[str, ...] = ()) -> None:
        kept = tuple(dict.fromkeys(problems))
        super().__init__(kept)
        self.problems = kept
        # How the sheet was read (its encoding, columns left out): often why a row went wrong.
        self.notes = notes
        self.args = ("\n".join(str(p) for p in kept),)


def in_column_order(row: Row, problems: Iterable[Problem]) -> list[Problem]:
    """A row's problems as its cells come in the spreadsheet: the row's own (a wrong number of
    cells) first, then each column's, left to right."""
    order = {column: index for index, column in enumerate(row.cells)}
    # Matched as the row's own words, not a pattern: its school's name may hold ", column x: ".
    prefix = f"{row.label}, column "

    def place(problem: Problem) -> int:
        if not problem.message.startswith(prefix):
            return -1
        column = problem.message.removeprefix(prefix).split(":", 1)[0]
        return order.get(column, len(order))

    return sorted(problems, key=place)  # stable: a column's own problems keep their order


def _row_problem(path: Path, row: Row, column: str | None, message: str) -> Problem:
    where = row.label + (f", column {column}" if column else "")
    return Problem(display_path(path), row.line, f"{where}: {message}")


def _row_problems(path: Path, row: Row, exc: ProfileError) -> list[Problem]:
    """A profile's problems as the row's: each names the column its key came from."""
    found = []
    for problem in exc.problems:
        message, column = problem.message, None
        for key, col in _PROFILE_TO_COLUMN.items():
            if message.startswith(f"{key}: "):
                message, column = message.removeprefix(f"{key}: "), col
            elif message.startswith(f"{key} = "):  # "[pack] lesson_minutes = 30 is …"
                message, column = message.removeprefix(f"{key} = "), col
        found.append(_row_problem(path, row, column, message))
    return found


# A cell that means nothing without another: a profile's [safeguarding] table needs dsl_name, and
# a local contact needs a name and a phone. Building without them would drop what was typed.
_NEEDS = (
    ("dsl_name", ("dsl_role", "dsl_location", "dsl_phone", "dsl_email", "deputy_dsl_name")),
    ("local_contact_name", ("local_contact_phone", "local_contact_hours")),
    ("local_contact_phone", ("local_contact_name", "local_contact_hours")),
    ("local_contact_2_name", ("local_contact_2_phone", "local_contact_2_hours")),
    ("local_contact_2_phone", ("local_contact_2_name", "local_contact_2_hours")),
    # The second contact is the second in the list only after a first.
    ("local_contact_name", ("local_contact_2_name", "local_contact_2_phone")),
    ("local_contact_phone", ("local_contact_2_name", "local_contact_2_phone")),
)


def _missing_companions(values: dict[str, str]) -> list[tuple[str, str]]:
    """(column, message) for each empty cell that filled cells of the row depend on."""
    found = []
    for needed, dependants in _NEEDS:
        given = [c for c in dependants if c in values]
        if needed not in values and given:
            verb = "is" if len(given) == 1 else "are"
            names = ", ".join(given[:-1]) + " and " + given[-1] if len(given) > 1 else given[0]
            found.append((needed, f"required when {names} {verb} given"))
    return found


_LINE_BREAK = re.compile(r"\s*[\r\n]+\s*")


def _one_line(cell: str) -> str:
    """A cell as its row is read: a line break typed in it (Alt+Enter, layout in the
    spreadsheet) is a space, and the ends are trimmed."""
    return _LINE_BREAK.sub(" ", cell).strip()


# What Excel shows in a cell whose formula failed, written out to the CSV as text.
_EXCEL_ERRORS: Final = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#SPILL!", "#CALC!"}
)
# A ? next to a letter: in a Windows-1252 file, where Excel put a letter it could not store
# ("Wi?niewski", "?ód?", "Jan Pawe? II"). A ? that is meant ("What? School") is refused too,
# rather than print a lost letter: saved as CSV UTF-8, the sheet keeps both. A file of plain
# ASCII may be such a file with no other letter left, or UTF-8 typed in English: in it, only a
# ? before a letter ("Wi?niewski") is taken for a lost one ("at reception?" is a question).
_LOST_LETTER = {
    "windows-1252": re.compile(r"(?<=[^\W\d_])\?|\?(?=[^\W\d_])"),
    "ascii": re.compile(r"\?(?=[^\W\d_])"),
}


def check_row(
    path: Path, row: Row, header_size: int, templates: Path, library: Library | None = None
) -> Tailoring:
    """The row as a school's tailoring, or a SpreadsheetError naming the row and column of every
    mistake in it (with ``library``, a lesson length too short for a lesson is one of them)."""
    if row.count != header_size:
        raise RowsError(
            [_row_problem(path, row, None, f"expected {header_size} cells, got {row.count}")]
        )
    cells = {k: _one_line(v) for k, v in row.cells.items()}
    long = [k for k, v in cells.items() if len(v) > MAX_CELL]
    if long:
        raise RowsError(
            [
                _row_problem(
                    path, row, k, f"expected at most {MAX_CELL} characters, got {len(cells[k]):,}"
                )
                for k in long
            ]
        )
    values = {k: v for k, v in cells.items() if v != ""}
    problems = [
        _row_problem(path, row, column, message) for column, message in _missing_companions(values)
    ]
    bad: set[str | None] = set()
    for key, value in list(values.items()):
        if value.upper() in _EXCEL_ERRORS:
            problems.append(
                _row_problem(
                    path,
                    row,
                    key,
                    f"{value} is what Excel shows for a formula that did not work (a cell "
                    "typed as +44 1782 …, say, is taken for a sum): type the value again with ' "
                    "in front, so Excel keeps it as text",
                )
            )
            del values[key]
            bad.add(key)
        elif row.lossy and _LOST_LETTER[row.lossy].search(value):
            problems.append(
                _row_problem(
                    path,
                    row,
                    key,
                    f'{value!r} has a ? next to a letter: Excel\'s "CSV (Comma delimited)" writes '
                    "? for a letter it cannot store (ł, ś, ź …), and the packs would print it; "
                    f"{_SAVE_AS}, which keeps every letter (and a ? that is meant)",
                )
            )
            del values[key]
            bad.add(key)
    try:
        checked = BatchRow.model_validate(values)
    except ValidationError as exc:
        for item in exc.errors(include_url=False):
            loc, message = explain(item, "unknown column")
            column = str(loc[0]) if loc else None
            if item["type"] == "missing":
                if column in bad:  # its cell is reported already, as what it held
                    continue
                message = "a school's name is required"
            problems.append(_row_problem(path, row, column, message))
            bad.add(column)
        # The row's other cells are still checked (colours against their text, the logo, the
        # lesson length), so one run names every mistake in it.
        try:
            checked = BatchRow.model_validate({k: v for k, v in values.items() if k not in bad})
        except ValidationError:
            raise RowsError(in_column_order(row, problems)) from None
    try:
        # A row cannot exclude lessons, so a too-short lesson length is not told to. With its
        # stages cell wrong, the lessons it would fit are unknown: the lesson length waits, as a
        # profile's does, and the row's other checks against the content still run.
        check = (
            None
            if library is None
            else functools.partial(_check_row_tailoring, library, stages_known="stages" not in bad)
        )
        tailoring = tailoring_from_data(
            checked.profile(), path, {}, templates, check, leave_out=ROW_LEAVE_OUT
        )
    except ProfileError as exc:
        problems += _row_problems(path, row, exc)
    if problems:
        raise RowsError(in_column_order(row, problems))
    return tailoring


def _check_row_tailoring(library: Library, tailoring: Tailoring, *, stages_known: bool) -> None:
    if not stages_known:
        tailoring = dataclasses.replace(tailoring, lesson_minutes=None)
    check_tailoring(library, tailoring, excludable=False)


# Names Windows keeps for devices (a folder "con" or a zip entry "con/…" cannot be made there),
# and the folders a build writes, which a batch's folder beside them would be mistaken for.
_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9]|ks[1-5]|guides|posters|site)")


def _not_reserved(slug: str) -> str:
    """A school's folder name that no system or build keeps for itself: "con" is "con-school"."""
    return f"{slug}-school" if _RESERVED.fullmatch(slug) else slug


def _slugs(names: Sequence[str]) -> list[str]:
    """A safe, unique folder name per school, the same for the same rows in the same order.

    Each name first claims its own slug, so a school called "Oak 2" always gets ``oak-2``; a
    name seen before then takes the first number free among all of them (-2, -3 …). Numbering
    repeats blindly would give the second "Oak" ``oak-2`` too, and one school's packs would be
    lost or shipped in another's folder.
    """
    # An apostrophe joins its word ("St Peter's" → st-peters, not st-peter-s).
    bases = [_not_reserved(slugify(APOSTROPHES.sub("", name), fallback="school")) for name in names]
    taken = set(bases)
    seen: set[str] = set()
    out = []
    for base in bases:
        if base not in seen:
            seen.add(base)
            out.append(base)
            continue
        number = 2
        while f"{base}-{number}" in taken:
            number += 1
        taken.add(f"{base}-{number}")
        out.append(f"{base}-{number}")
    return out


def _keep_earlier_folders(
    out_dir: Path, rows: Sequence[tuple[str, str | None, bool]], folders: list[str]
) -> list[str]:
    """Folders as ``_slugs`` numbers them, except that a school the last run here built keeps
    its folder (the same name and DSL), whatever its place in the spreadsheet, and one whose DSL
    changed keeps a folder its name had.

    Numbered by position alone, taking out the first of two "Elm Primary" rows moved the second
    school into the first one's folder, as if that school's DSL had changed ("share the new
    zip"), and removed its own folder as if its row had gone. ``rows`` gives each row's name, DSL
    and whether it passed its checks.
    """
    earlier: dict[str, list[tuple[str, str | None]]] = {}  # name key: (folder, DSL) built before
    for folder, _ in _earlier_schools(out_dir):
        held = read_json(out_dir / folder / MANIFEST) if folder else None
        school = held.get("school") if held else None
        if isinstance(school, dict) and isinstance(school.get("name"), str):
            dsl = school.get("dsl_name")
            entry = (folder, dsl if isinstance(dsl, str) else None)
            earlier.setdefault(school_name_key(school["name"]), []).append(entry)
    out = list(folders)
    for key, before in earlier.items():
        rows_here = [
            i for i, (name, _, ok) in enumerate(rows) if school_name_key(name) == key and ok
        ]
        own = {i: out[i] for i in rows_here}
        others = {f for i, f in enumerate(out) if i not in own}  # other names' folders
        claimed: dict[int, str] = {}
        for i in rows_here:
            same = [f for f, dsl in before if dsl == rows[i][1] and f not in others]
            if len(same) == 1 and same[0] not in claimed.values():
                claimed[i] = same[0]
        # The rest take a folder this name had before (a school whose DSL changed keeps its
        # own), then this name's new ones, in order: there are always enough, as each row
        # brought one.
        used = set(claimed.values())
        pool = [f for f, _ in sorted(before, key=lambda e: _folder_order(e[0])) if f not in others]
        pool += sorted(own.values(), key=_folder_order)
        for i in rows_here:
            if i not in claimed:
                claimed[i] = next(f for f in pool if f not in used)
                used.add(claimed[i])
            out[i] = claimed[i]
    return out


def _folder_order(folder: str) -> tuple[str, int]:
    """A folder's place among its name's: ``elm`` before ``elm-2`` before ``elm-10``."""
    base, _, number = folder.rpartition("-")
    return (base, int(number)) if base and number.isdigit() else (folder, 1)


def _inputs_hash(
    row: Row,
    tailoring: Tailoring,
    library: Library,
    templates_print: str,
    site: bool,
    prints: PrintRun,
) -> str:
    digest = hashlib.sha256()
    digest.update(__version__.encode())
    digest.update(b"with download page" if site else b"without download page")
    # Other poster sizes or print-shop options make other files: the school is built again.
    digest.update(repr(prints.options()).encode())
    digest.update(library.fingerprint.encode())
    digest.update(templates_print.encode())
    digest.update(row_key(row).encode())
    digest.update(tailoring.logo.png if tailoring.logo else b"")
    return digest.hexdigest()


def row_key(row: Row) -> str:
    """The row's cells as its re-run hash takes them. An optional column's cell counts only when
    filled: a spreadsheet made before the column existed, or given it empty, hashes as it did."""
    cells = {k: v for k, v in row.cells.items() if k in COLUMNS}
    cells.update({k: v for k, v in row.cells.items() if k in OPTIONAL_COLUMNS and v.strip()})
    return json.dumps(cells, sort_keys=True)


_COMPRESSED = (".png", ".jpg", ".jpeg", ".docx", ".zip")


def _zip(out: IO[bytes], folder: Path, files: Sequence[str], date: tuple[int, int, int]) -> None:
    """The school's folder as a zip, written into ``out`` member by member: built in memory, a
    zip of up to 10 MB took three times that at its peak, and each worker kept the room for the
    next school (a 50-school batch passed 400 MB)."""
    with zipfile.ZipFile(out, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{folder.name}/{name}", date_time=(*date, 0, 0, 0))
            # A PNG or a Word file is compressed already: deflating it again costs time and
            # saves under 4 %.
            stored = name.endswith(_COMPRESSED)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, (folder / name).read_bytes())


def _zip_matches(zip_path: Path, folder: Path) -> bool:
    """Whether a school's zip holds its folder's build: the same manifest, which lists every
    file's sha256. A zip that could not be replaced (locked, or on a full disk) kept the last
    run's details and was reported "unchanged" beside a folder with the new ones."""
    try:
        with zipfile.ZipFile(zip_path) as archive:
            zipped = archive.read(f"{folder.name}/{MANIFEST}")  # unzips to the folder
        return zipped == (folder / MANIFEST).read_bytes()
    except (OSError, KeyError, zipfile.BadZipFile):
        return False


def _unchanged(folder: Path, inputs: str, site: bool) -> tuple[str, ...] | None:
    """The school's files, if a previous run built them from the same inputs and they are intact."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("inputs") != inputs:
        return None
    files = []
    for entry in manifest.get("files", []):
        path = folder / entry["path"]
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != entry["sha256"]:
            return None
        files.append(entry["path"])
    page: list[str] = []
    if site:  # the download page is made from the files above; it only has to be there
        if not (folder / SITE_INDEX).is_file():
            return None
        assets = (folder / SITE_ASSETS).rglob("*")
        page = [SITE_INDEX, *(p.relative_to(folder).as_posix() for p in assets if p.is_file())]
    return (*files, "manifest.json", *sorted(page))


@dataclass(frozen=True, slots=True)
class _Shared:
    library: Library
    templates: Path
    out_dir: Path
    schools: tuple[School, ...]
    site: bool = True
    sheet: Path = Path("schools.csv")  # the spreadsheet, for messages about its rows
    prints: PrintRun = DEFAULT_PRINTS  # the posters' sizes and print-shop options


_SHARED: _Shared | None = None


def release_memory() -> None:
    """Hand the memory a finished school's documents used back to the system.

    Python keeps freed memory for reuse, so a worker that has laid out long packs stays at that
    size; returning it between schools keeps the whole process tree small in a long batch. (Once
    per school, not per document: a full collection costs tens of milliseconds each time.)
    """
    gc.collect()
    # What survives is long-lived (the library, remembered Markdown sections): moving it
    # out of the collector's sight means later collections only look at the next school's objects.
    gc.freeze()
    with contextlib.suppress(OSError, AttributeError):  # malloc_trim is glibc's; skip elsewhere
        ctypes.CDLL(None).malloc_trim(0)


def _build_school(index: int, shared: _Shared | None = None) -> SchoolResult:
    shared = shared or _SHARED
    assert shared is not None
    school = shared.schools[index]
    folder = shared.out_dir / school.folder
    zip_path = shared.out_dir / f"{school.folder}.zip"
    published: tuple[str, ...] = ()  # the files in the folder once this run's are in place
    try:
        context = Context(shared.library, school.tailoring, shared.templates, shared.prints)
        tasks = plan_tasks(
            shared.library,
            school.tailoring,
            school.tailoring.stages,
            FORMATS,
            audiences=audiences_for(shared.library, shared.templates, school.tailoring.stages),
            prints=shared.prints,
        )
        rendered: dict[str, bytes] = {}
        for task in tasks:
            rendered.update(run_task(task, context))
            # Workers run with the collector's thresholds raised (see _run), so each document's
            # cyclic garbage (lxml's and reportlab's objects) piled up over a school's 17
            # documents: collected after each one, a worker peaked at about 105 MB, not 162 MB
            # (six schools; the letters home had taken a 50-school batch past 400 MB).
            gc.collect()
        release_memory()
        files = describe(rendered, tasks)
        plan = plan_manifest(
            folder,
            files,
            shared.library,
            school.name,
            replace=True,
            inputs=school.inputs,
            school=school_info(school.tailoring),
        )
        # All of the school's files, or none: never a folder mixing two runs' packs.
        manifest = publish(folder, rendered, plan)
        published = (*(f.path for f in files), manifest.path.name)
        if shared.site:
            page = build_site(folder, shared.library, school.tailoring, shared.templates)
        else:
            # The folder holds what this run made, as its zip does: not a page an earlier run
            # wrote, which shows the files as they were then.
            page = []
            remove_page(folder)
        names = (
            *(f.path for f in files),
            manifest.path.name,
            *sorted(p.relative_to(folder.resolve()).as_posix() for p in page),
        )
        published = names  # the download page too, once it is there
        reviewed = shared.library.info.reviewed
        date = (reviewed.year, reviewed.month, reviewed.day)
        write_atomic_with(zip_path, functools.partial(_zip, folder=folder, files=names, date=date))
        with zip_path.open("rb") as stream:
            digest = hashlib.file_digest(stream, "sha256").hexdigest()
        note = ""
        dsl = school.tailoring.dsl
        now = f"{school.name} (DSL {dsl.name})" if dsl else school.name
        if manifest.earlier and manifest.earlier_name == school.name and not school.shares_name:
            # The same school, its DSL or numbers changed: a zip shared before is out of date.
            note = (
                f"{school.folder}/ and its zip were remade with row {school.row.number}'s new "
                f"details, for {now} (before: {manifest.earlier}): share the new zip"
            )
        elif manifest.earlier:
            # Rows of the same name swapped, say: a zip already shared is now another school's.
            # The DSL on both sides, as it may be all that tells two rows of one name apart.
            # With rows of one name, a new DSL and another school look the same from here.
            which = (
                ", either that school with new details or another of the same name"
                if manifest.earlier_name == school.name
                else ""
            )
            note = (
                f"{school.folder}/ and its zip held packs for {manifest.earlier} from an earlier "
                f"run; they now hold row {school.row.number}'s, for {now}{which}: share the new "
                "zip"
            )
        return SchoolResult(
            school.name,
            school.folder,
            tuple(names),
            digest,
            "built",
            note=note,
            row_notes=_row_notes(school),
        )
    except ProfileError as exc:  # the row's own words (a DSL line too long for a poster)
        problems = in_column_order(school.row, _row_problems(shared.sheet, school.row, exc))
        message = "; ".join(str(p) for p in problems)
        return SchoolResult(school.name, school.folder, (), "", "failed", message)
    except OSError as exc:  # a full disk, a read-only folder, a folder where a file goes
        return _not_written(shared, school, os_error_message(exc), published, zip_path)
    except Exception as exc:  # one school's failure must not stop the others
        message = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        return _not_written(shared, school, message, published, zip_path)


def _not_written(
    shared: _Shared, school: School, message: str, published: tuple[str, ...], zip_path: Path
) -> SchoolResult:
    """A school that failed for a reason not in its row: its earlier folder and zip are kept
    (a re-run onto a full disk had deleted every school's last good pack as if their rows had
    gone), and the message names the row, as every note about a row does."""
    said = str(_row_problem(shared.sheet, school.row, None, message))
    if not published:  # the folder is as the last run left it (see run_batch)
        return SchoolResult(school.name, school.folder, (), "", "failed", said, kept=True)
    # This run's files are in the folder but its zip is not: the last run's zip, with the old
    # details, must not be sent out as this school's.
    with contextlib.suppress(OSError):
        zip_path.unlink(missing_ok=True)
    said += "; the folder holds this run's files, but not its zip: run the batch again"
    return SchoolResult(school.name, school.folder, published, "", "failed", said, kept=True)


def _as_last_run_left(
    out_dir: Path, result: SchoolResult, entry: dict[str, Any] | None
) -> SchoolResult:
    """A school whose build failed before its files were replaced, with the last run's files
    and zip (which are still there) as the manifests list them. Its folder is kept whatever
    the last run left: a zip deleted by hand is no reason to delete the folder too."""
    if entry is None or not entry.get("files"):
        return result  # nothing of this school's from the last run
    zip_path = out_dir / f"{result.folder}.zip"
    sha256 = str(entry.get("sha256", ""))
    intact = zip_path.is_file() and hashlib.sha256(zip_path.read_bytes()).hexdigest() == sha256
    files = tuple(str(f) for f in entry["files"])
    kept = "its files and zip" if intact else "its files (its zip is not there)"
    error = f"{result.error}; {kept} from the last run are kept as they were"
    return replace(result, files=files, sha256=sha256 if intact else "", error=error)


def _row_notes(school: School) -> tuple[str, ...]:
    """How the row's values print: its logo blocky or a sliver, no local contact out of hours."""
    logo = school.tailoring.logo
    notes = [
        *(logo_notes(logo) if logo else []),
        *filter(None, [out_of_hours_note(school.tailoring.local_contacts, True)]),
        *filter(None, [accent_note(school.tailoring)]),
    ]
    return tuple(f"{school.row.label}: {note}" for note in notes)


def run_batch(
    csv_path: Path,
    lessons: Path,
    templates: Path,
    out_dir: Path,
    *,
    jobs: int = 0,
    force: bool = False,
    strict: bool = False,
    site: bool = True,
    prints: PrintRun = DEFAULT_PRINTS,
    progress: Progress | None = None,
) -> BatchResult:
    """Build every school in the spreadsheet; bad rows are reported and skipped unless strict.

    ``prints`` gives the posters' sizes and print-shop options (bleed, crop marks, CMYK).
    """
    prints.options()  # an unknown size or bleed is refused before any work
    check_folder(out_dir)  # before the work, not after every school has failed to write
    written = {(out_dir / name).resolve() for name in (MANIFEST_CSV, MANIFEST_JSON)}
    if csv_path.resolve() in written:
        # Given last run's manifest as the spreadsheet, a run wrote over its own input.
        raise OutputError(
            f"{display_path(csv_path)} is the manifest a batch writes in {display_path(out_dir)}, "
            "and this run would write over it: give the spreadsheet of schools, or another "
            "--out folder"
        )
    library = load_library(lessons)
    sheet = read_sheet(csv_path)
    rows = sheet.rows
    templates_print = fingerprint(templates)
    failures: list[SchoolResult] = []
    problems: list[Problem] = []
    checked: list[tuple[Row, Tailoring | None, str]] = []
    for row in rows:
        try:
            tailored = check_row(csv_path, row, row.width, templates, library)
        except ProfileError as exc:
            problems.extend(exc.problems)
            checked.append((row, None, "\n".join(str(p) for p in exc.problems)))
            continue
        if strict:
            # A DSL line too long for a poster is found only by laying the poster out: under
            # --strict, before anything is built or removed (a school's earlier pack stays).
            try:
                check_school_fits(library, tailored, templates, prints.sizes)
            except ProfileError as exc:
                found = in_column_order(row, _row_problems(csv_path, row, exc))
                problems.extend(found)
                checked.append((row, None, "\n".join(str(p) for p in found)))
                continue
        checked.append((row, tailored, ""))
    if strict and problems:
        # Rows of one name are worth knowing while the sheet is being put right, too.
        same = _same_names(
            [(row.number, row.cells.get("school_name", ""), "") for row, _, _ in checked]
        )
        raise RowsError(problems, (*sheet.notes, *same))  # row by row, in its columns' order
    folders = _slugs([row.name_or_number for row, _, _ in checked])
    folders = _keep_earlier_folders(
        out_dir,
        [
            (
                row.name_or_number,
                tailoring.dsl.name if tailoring and tailoring.dsl else None,
                tailoring is not None,
            )
            for row, tailoring, _ in checked
        ],
        folders,
    )
    names = Counter(school_name_key(row.name_or_number) for row, _, _ in checked)
    schools: list[School] = []
    for (row, tailoring, error), folder in zip(checked, folders, strict=True):
        name = row.name_or_number
        if tailoring is None:
            failures.append(SchoolResult(name, folder, (), "", "failed", error))
            continue
        schools.append(
            School(
                row,
                name,
                folder,
                tailoring,
                _inputs_hash(row, tailoring, library, templates_print, site, prints),
                shares_name=names[school_name_key(name)] > 1,
            )
        )

    if not force:
        # Only rows that passed their checks keep a folder: a failing row's is removed too.
        _refuse_other_sheet(out_dir, csv_path, {school.folder for school in schools})
    results: dict[str, SchoolResult] = {f.folder: f for f in failures}
    todo: list[int] = []
    for index, school in enumerate(schools):
        files = None if force else _unchanged(out_dir / school.folder, school.inputs, site)
        zip_path = out_dir / f"{school.folder}.zip"
        if files is not None and _zip_matches(zip_path, out_dir / school.folder):
            digest = hashlib.sha256(zip_path.read_bytes()).hexdigest()
            # Its notes again: a user who missed them the first time was never told again.
            results[school.folder] = SchoolResult(
                school.name, school.folder, files, digest, "unchanged", row_notes=_row_notes(school)
            )
        else:
            todo.append(index)
    total = len(rows)
    done = len(results)
    if progress:
        progress("", done, total)
    if todo:
        check_posters(library, templates, available_audiences(templates))
    shared = _Shared(library, templates, out_dir, tuple(schools), site, csv_path, prints)
    workers = min(jobs or os.cpu_count() or 1, max(len(todo), 1))
    for result in _run(todo, shared, workers):
        results[result.folder] = result
        done += 1
        if progress:
            progress(result.school, done, total)
    earlier = {str(e.get("folder", "")): e for e in _earlier_entries(out_dir)}
    for folder, result in results.items():
        if result.kept and not result.files:
            results[folder] = _as_last_run_left(out_dir, result, earlier.get(folder))
    ordered = tuple(results[f] for f in folders if f in results)
    current = {r.folder for r in ordered if r.status != "failed" or r.kept}
    removed = tuple(
        folder
        for folder, digest in _earlier_schools(out_dir)
        if folder not in current and _remove_school(out_dir, folder, digest)
    )
    numbers = {folder: row.number for (row, _, _), folder in zip(checked, folders, strict=True)}
    csv_path_out, json_path_out = _write_manifests(out_dir, ordered, csv_path, numbers)
    built = {r.folder for r in ordered if r.status != "failed"}
    named = [
        (row.number, row.cells.get("school_name", ""), folder)
        for (row, _, _), folder in zip(checked, folders, strict=True)
        if folder in built
    ]
    duplicates = _same_names(named)
    return BatchResult(ordered, csv_path_out, json_path_out, removed, duplicates, sheet.notes)


def _same_names(named: list[tuple[int, str, str]]) -> tuple[str, ...]:
    """One line for each school name that more than one built row gives (in any case, spacing
    or apostrophe)."""
    groups: dict[str, list[tuple[int, str, str]]] = {}
    for number, name, folder in named:
        key = school_name_key(name)
        if key:
            groups.setdefault(key, []).append((number, " ".join(name.split()), folder))
    lines = []
    for rows in groups.values():
        if len(rows) > 1:
            numbers = ", ".join(str(n) for n, _, _ in rows[:-1]) + f" and {rows[-1][0]}"
            built = ", ".join(f for _, _, f in rows if f)
            lines.append(
                f"rows {numbers} name the same school, {rows[0][1]!r}"
                f"{f' (folders {built})' if built else ''}: "
                "check they are different schools before sending the zips"
            )
    return tuple(lines)


def _sheet_id(csv_path: Path) -> str:
    """The spreadsheet a run was made from, as the batch manifest records it."""
    return csv_path.resolve().as_posix()


_NAMED = 10  # schools a message names before "and N more"


def _refuse_other_sheet(out_dir: Path, csv_path: Path, folders: set[str]) -> None:
    """Stop before any work when the folder holds schools another spreadsheet built that this
    run would remove: a campaign split into several sheets, each run into the same folder,
    deleted all but the last sheet's schools."""
    entries = _earlier_entries(out_dir)
    sheets = {str(e.get("spreadsheet")) for e in entries if e.get("spreadsheet")}
    # A manifest from before the spreadsheet was recorded could be any sheet's.
    unrecorded = any(not e.get("spreadsheet") for e in entries)
    if sheets == {_sheet_id(csv_path)} and not unrecorded:
        return  # the same spreadsheet again: rows taken out are meant to go
    held = [f for f, _ in _built(entries)]
    others = [f for f in held if f not in folders]
    if not others:
        return
    named = sorted(display_path(s) for s in sheets) + (["an earlier run"] if unrecorded else [])
    earlier = " and ".join(named)
    shown = ", ".join(others[:_NAMED]) + (
        f" and {len(others) - _NAMED} more" if len(others) > _NAMED else ""
    )
    here, sheet = display_path(out_dir), display_path(csv_path)
    # Say how many would go, not how many are there: a sheet sharing some schools keeps those.
    if len(others) == len(held):
        what = f"{here} holds {len(held)} school(s) built from {earlier} ({shown}); building "
        what += f"{sheet} there would remove them"
    else:
        what = f"{here} holds {len(held)} school(s) built from {earlier}; building {sheet} there "
        what += f"would remove {len(others)} of them ({shown})"
    raise OutputError(
        f"{what}. Give this spreadsheet its own folder with --out, or add --force to replace them"
    )


def _earlier_entries(out_dir: Path) -> list[dict[str, Any]]:
    """The schools the batch manifest of the last run in this folder lists (none if unreadable)."""
    try:
        data = json.loads((out_dir / MANIFEST_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [e for e in data if isinstance(e, dict)] if isinstance(data, list) else []


def _built(entries: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(folder, zip sha256) of every school those entries say was built."""
    return [
        (str(e.get("folder", "")), str(e.get("sha256", "")))
        for e in entries
        # A failure whose folder was kept (a full disk) lists the files still there.
        if e.get("status") in {"built", "unchanged"} or (e.get("folder") and e.get("files"))
    ]


def _earlier_schools(out_dir: Path) -> list[tuple[str, str]]:
    """(folder, zip sha256) of every school the last run in this folder built."""
    return _built(_earlier_entries(out_dir))


def _remove_school(out_dir: Path, folder_name: str, zip_digest: str) -> bool:
    """Delete what an earlier run wrote for one school: the files its manifest lists (while
    unchanged), its download page, the manifest and the zip. Anything else is left alone."""
    try:
        folder = safe_target(out_dir, folder_name)
    except RenderError:
        return False
    if not folder_name or folder == out_dir.resolve():
        return False
    removed = False
    manifest = folder / "manifest.json"
    data = read_json(manifest)
    if data is not None:
        for _, path, _, unchanged in listed_files(folder, data):
            if unchanged:
                path.unlink()
                remove_empty_parents(path.parent, folder)
        page = folder / SITE_INDEX
        if page.is_file():
            page.unlink()
        shutil.rmtree(folder / SITE_ASSETS, ignore_errors=True)
        manifest.unlink()
        removed = True
        remove_empty_parents(folder, out_dir)
    archive = out_dir / f"{folder_name}.zip"
    if archive.is_file() and hashlib.sha256(archive.read_bytes()).hexdigest() == zip_digest:
        archive.unlink()
        removed = True
    return removed


def _run(todo: list[int], shared: _Shared, workers: int) -> Any:
    # Laying out a pack makes millions of short-lived objects; collecting cycles every 700
    # allocations (Python's default) took a tenth of a school's time. Each document is followed
    # by a full collection instead (_build_school), and each school by release_memory.
    threshold = gc.get_threshold()
    gc.set_threshold(20_000, 20, 20)
    try:
        yield from _run_schools(todo, shared, workers)
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()  # release_memory froze what lived between schools in this process


def _run_schools(todo: list[int], shared: _Shared, workers: int) -> Any:
    global _SHARED
    if workers <= 1 or len(todo) <= 1:
        for index in todo:
            yield _build_school(index, shared)
        return
    from .build import _warm_up

    _warm_up(Context(shared.library, shared.schools[todo[0]].tailoring, shared.templates))
    for font in sorted({shared.schools[index].tailoring.theme.font for index in todo}):
        wordfonts.faces(font)  # a family cut down for Word files once here, not in every worker
    if "fork" in multiprocessing.get_all_start_methods():
        _SHARED = shared  # forked workers share the library instead of receiving a copy each
        # Freezing the collector stops it writing to every inherited object, which would copy the
        # parent's pages into each worker.
        gc.collect()
        gc.freeze()
        try:
            with ProcessPoolExecutor(workers, multiprocessing.get_context("fork")) as pool:
                yield from pool.map(_build_school, todo)
        finally:
            _SHARED = None
            gc.unfreeze()
    else:
        with ProcessPoolExecutor(workers) as pool:
            yield from pool.map(_build_school, todo, [shared] * len(todo))


def _folder_written(result: SchoolResult) -> str:
    """A school's folder as the manifests give it: none for a row that failed, which has none,
    unless its folder was kept (see ``SchoolResult.kept``)."""
    return "" if result.status == "failed" and not result.kept else result.folder


def _write_manifests(
    out_dir: Path, results: Sequence[SchoolResult], sheet: Path, rows: dict[str, int]
) -> tuple[Path, Path]:
    """The batch's manifests; ``rows`` gives each school's row in the spreadsheet (by folder),
    which tells two rows of one name apart when their zips are sent."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["row", "school", "folder", "files", "sha256", "status", "error"])
    for r in results:
        writer.writerow(
            [
                spreadsheet_safe(str(v))
                for v in (
                    rows[r.folder],
                    r.school,
                    _folder_written(r),
                    len(r.files),
                    r.sha256,
                    r.status,
                    r.error.replace("\n", "; "),  # one line per school in a spreadsheet
                )
            ]
        )
    csv_path = out_dir / MANIFEST_CSV
    json_path = out_dir / MANIFEST_JSON
    # With a byte-order mark, Excel reads the names as UTF-8 ("École" stays intact).
    write_atomic(csv_path, out.getvalue().encode("utf-8-sig"))
    data = [
        {
            "row": rows[r.folder],
            "school": r.school,
            "folder": _folder_written(r),
            "files": list(r.files),
            "sha256": r.sha256,
            "status": r.status,
            "error": r.error,
            "spreadsheet": _sheet_id(sheet),
        }
        for r in results
    ]
    write_atomic(json_path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return csv_path, json_path
