"""Poster specs in ``templates/posters/``: loading, checking, composing, and the files they make."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Final, Literal, cast

from pydantic import Field

from . import wording
from .content import Library
from .errors import (
    ContentError,
    Problem,
    ProblemCollector,
    ProfileError,
    UsageError,
    display_path,
)
from .model import KeyStage, Meta
from .poster import (
    PAPER,
    PaperSize,
    Poster,
    PosterHelpline,
    PosterSchool,
    PrintOptions,
    printable_ways,
)
from .profile import Tailoring
from .schema import Identifier, Line, Strict
from .sourcefile import LoadedYaml, Location, parse_yaml, read_text, validate_as
from .typography import curl

__all__ = [
    "DEFAULT_PRINTS",
    "DEFAULT_SIZES",
    "SIZES",
    "PosterSource",
    "PosterSpec",
    "PrintOptions",
    "PrintRun",
    "available_audiences",
    "check_poster",
    "check_posters",
    "compose_poster",
    "load_posters",
    "poster_files",
    "poster_path",
    "print_options",
]

SIZES: Final = ("A4", "A3", "A2")
DEFAULT_SIZES: Final = ("A4", "A3")  # what `build` makes; A2 on request
MAX_BLEED_MM: Final = 10.0  # printers ask for 3 to 5 mm; more is a typing mistake
FOLDER: Final = "posters"
_MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_DIGITS = re.compile(r"\d{3,}")  # a phone number written into a spec instead of helplines.yaml

Readers = Literal["ks1", "ks2", "ks3", "ks4", "ks5", "parents", "staff"]


# --- the spec file ----------------------------------------------------------------------------


class HelplineEntry(Strict):
    id: Identifier
    label: Annotated[Line, Field(max_length=60)] | None = (
        None  # default: the name in helplines.yaml
    )
    note: Annotated[Line, Field(max_length=110)] | None = None  # a few words under the name


class PosterSpec(Strict):
    title: Annotated[Line, Field(max_length=80)]  # the document title and `posters --help` name
    readers: Readers  # a key stage: its vocabulary and reading level apply to every word shown
    headline: Annotated[Line, Field(max_length=90)]
    points: list[Annotated[Line, Field(max_length=150)]] = Field(min_length=2, max_length=4)
    call_to_action: Annotated[Line, Field(max_length=130)]
    # The call to action for a build whose stages include Key Stage 5 (the campaign's own, or a
    # college's), where it names the place ("your child's school or college"); default: the above.
    call_to_action_with_ks5: Annotated[Line, Field(max_length=130)] | None = None
    helplines: list[HelplineEntry] = Field(min_length=1, max_length=6)
    school_heading: Annotated[Line, Field(max_length=60)]  # above "Talk to <DSL> in <place>."
    # The heading for a build whose stages include Key Stage 5 ("In school or college").
    school_heading_with_ks5: Annotated[Line, Field(max_length=60)] | None = None
    # Without a school's DSL to name, a card with school_heading and lines to write one in.
    write_in: bool = False


@dataclass(frozen=True, slots=True)
class PosterSource:
    """One audience's spec, with where it came from (for located messages)."""

    name: str  # the file's stem: the audience name on the command line and in file names
    spec: PosterSpec
    source: LoadedYaml

    @property
    def path(self) -> Path:
        return self.source.source.path


def available_audiences(templates: Path) -> list[str]:
    """The audiences that have a spec in ``templates/posters/``, sorted."""
    folder = templates / FOLDER
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def audiences_for(library: Library, templates: Path, stages: Sequence[KeyStage]) -> list[str]:
    """The posters a build for these stages makes: a pupils' poster only for a school that
    teaches pupils of its age (no primary poster for a secondary school), every adults' one."""
    phases = {library.stages[stage].phase for stage in stages}
    chosen = []
    for name, source in load_posters(library, templates).items():
        readers = _stage(source.spec)
        if readers is None or library.stages[readers].phase in phases:
            chosen.append(name)
    return chosen


def _select(templates: Path, audiences: Sequence[str] | None) -> list[str]:
    known = available_audiences(templates)
    if not known:
        raise UsageError(
            f"no poster specs found (expected {display_path(templates / FOLDER)}/*.yaml)"
        )
    if not audiences:
        return known
    for name in audiences:
        if name not in known:
            raise UsageError(f"unknown audience {name!r} (expected one of: {', '.join(known)})")
    return list(dict.fromkeys(audiences))  # in the order asked, each once


def read_spec(templates: Path, name: str) -> PosterSource:
    """One audience's spec, read and validated but not yet checked against the content's rules
    (for which see ``load_posters``); raises ``ContentError``."""
    loaded = parse_yaml(read_text(templates / FOLDER / f"{name}.yaml"))
    return PosterSource(name, validate_as(PosterSpec, loaded), loaded)


def load_posters(
    library: Library, templates: Path, audiences: Sequence[str] | None = None
) -> dict[str, PosterSource]:
    """Read and check the specs; raise ``ContentError`` holding every problem in all of them."""
    problems = ProblemCollector()
    found: dict[str, PosterSource] = {}
    for name in _select(templates, audiences):
        try:
            source = read_spec(templates, name)
        except ContentError as exc:
            problems.extend(exc)
            continue
        problems.problems.extend(check_poster(library, source))
        found[name] = source
    problems.raise_if_any()
    return found


def check_posters(library: Library, templates: Path, audiences: Sequence[str]) -> None:
    """Check the specs once, before any poster is drawn, and keep the reading grades worked out.

    A build or batch calls this before starting its workers: a broken spec stops it at once, and
    no worker has to load the pronouncing dictionary (tens of MB each) to grade the same words.
    """
    if audiences:
        load_posters(library, templates, audiences)
        wording.save_grades()


# --- rules ------------------------------------------------------------------------------------


def _for_build(plain: str, with_ks5: str | None, tailoring: Tailoring) -> str:
    """A spec's words for this build: its ``_with_ks5`` form (naming "school or college") only
    for a build with Key Stage 5, as the packs and guides name the place (a KS3-KS4 school's
    students' poster said "In school or college")."""
    return with_ks5 if with_ks5 and KeyStage.KS5 in tailoring.stages else plain


def _shown_texts(library: Library, spec: PosterSpec) -> list[tuple[Location, str]]:
    """Every piece of text the poster prints from its spec, with where it is in the file."""
    texts: list[tuple[Location, str]] = [
        (("headline",), spec.headline),
        *((("points", i), p) for i, p in enumerate(spec.points)),
        (("call_to_action",), spec.call_to_action),
        *(
            [(("call_to_action_with_ks5",), spec.call_to_action_with_ks5)]
            if spec.call_to_action_with_ks5
            else []
        ),
        (("school_heading",), spec.school_heading),
        *(
            [(("school_heading_with_ks5",), spec.school_heading_with_ks5)]
            if spec.school_heading_with_ks5
            else []
        ),
    ]
    for i, entry in enumerate(spec.helplines):
        helpline = library.helplines.get(entry.id)
        label = entry.label or (helpline.name if helpline else "")
        texts.append((("helplines", i, "label" if entry.label else "id"), label))
        if entry.note:
            texts.append((("helplines", i, "note"), entry.note))
    return texts


def _where(loc: Location) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def check_poster(library: Library, source: PosterSource) -> list[Problem]:
    """The content rules for one spec: helplines exist and suit its readers, the words are safe."""
    spec, loaded, path = source.spec, source.source, display_path(source.path)
    problems: list[Problem] = []

    def add(loc: Location, message: str) -> None:
        problems.append(Problem(path, loaded.line_of(loc), message))

    seen: set[str] = set()
    for i, entry in enumerate(spec.helplines):
        loc: Location = ("helplines", i, "id")
        helpline = library.helplines.get(entry.id)
        if helpline is None:
            add(loc, f"{_where(loc)}: unknown helpline '{entry.id}' (not in helplines.yaml)")
            continue
        if entry.id in seen:
            add(loc, f"{_where(loc)}: helpline '{entry.id}' is listed twice")
        seen.add(entry.id)
        if not (helpline.phone or helpline.website):
            add(loc, f"{_where(loc)}: '{entry.id}' has no phone number or website to print")
        if spec.readers not in helpline.audiences:
            add(
                loc,
                f"{_where(loc)}: '{entry.id}' is not for {spec.readers} "
                f"(helplines.yaml lists it for: {', '.join(helpline.audiences)})",
            )
    stage = _stage(spec)
    if stage is not None:
        missing = [h for h in ("childline", "emergency") if h not in seen]
        if missing:
            add(
                ("helplines",),
                f"helplines: a poster for pupils lists Childline and 999 "
                f"(missing: {', '.join(missing)})",
            )

    texts = _shown_texts(library, spec)
    # A number in the words is allowed only as the number of a helpline the poster lists ("call
    # 999" beside the 999 box): anything else would be printed without coming from the registry.
    listed = {
        (library.helplines[h.id].phone or "").replace(" ", "")
        for h in spec.helplines
        if h.id in library.helplines
    }
    for loc, text in texts:
        for digits in _DIGITS.finditer(text):
            if digits.group() in listed:
                continue
            add(
                loc,
                f"{_where(loc)}: '{digits.group()}' looks like a phone number; numbers are "
                "printed only from helplines.yaml (list the helpline under helplines)",
            )
            break
    if stage is not None:
        info = library.stages[stage]
        for loc, text in texts:
            found = wording.gate(text, info, info.years)
            if found:
                words = ", ".join(f"'{w}'" for w in found)
                add(
                    loc,
                    f"{_where(loc)}: uses {words}, which {stage.value} pupil-facing text avoids",
                )
        passage = wording.as_sentences([spec.headline, *spec.points, spec.call_to_action])
        grade = wording.reading_grade(passage)
        if grade > info.reading_grade_max:
            add(
                ("points",),
                f"headline, points and call to action read at Flesch–Kincaid grade {grade:.1f}; "
                f"the {stage.value} limit is {info.reading_grade_max:g} "
                "(use shorter sentences and shorter words)",
            )
    for loc, text in [(("title",), spec.title), *texts]:
        for hit in wording.find_victim_blaming(text, library.language.victim_blaming):
            add(
                loc,
                f"{_where(loc)}: victim-blaming phrase '{hit.phrase}' (say instead: {hit.instead})",
            )
    return problems


def _stage(spec: PosterSpec) -> KeyStage | None:
    return KeyStage(spec.readers) if spec.readers in set(KeyStage) else None


# --- composing --------------------------------------------------------------------------------


def _web(url: str) -> str:
    """A web address as people type it: no scheme, no www, no trailing slash."""
    return re.sub(r"^https?://(www\.)?", "", url).rstrip("/")


def _date(value: dt.date) -> str:
    # Month names from a fixed list: the output never depends on the machine's locale.
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def _no_lone_word(text: str) -> str:
    """Text whose last two words stay on one line: read from across a room, a line holding
    only "down." looks like a separate message ("... to get a nude image of you taken / down.")."""
    head, space, last = text.rpartition(" ")
    return f"{head}\u00a0{last}" if space and len(last) <= 12 else text


def compose_poster(library: Library, tailoring: Tailoring, source: PosterSource) -> Poster:
    """What one audience's poster says, for this campaign or school (pure; paper size aside)."""
    spec, theme = source.spec, tailoring.theme
    readers = _stage(spec)
    if readers is not None and library.stages[readers].plain_zeros:
        # A poster for young pupils draws its zeros plain, as their worksheets do.
        theme = replace(theme, sheet_plain_zeros=True)
    helplines = []
    for entry in spec.helplines:
        data = library.helplines[entry.id]
        number, kind = (data.phone, "phone") if data.phone else (_web(data.website or ""), "web")
        helplines.append(
            PosterHelpline(
                name=curl(entry.label or data.name),
                number=number,
                extra=curl(_no_lone_word(entry.note or "")),
                kind=cast(Literal["phone", "web"], kind),
            )
        )
    checked = min(library.helplines[e.id].checked for e in spec.helplines)
    school = None
    if tailoring.school_name:
        talk_to = deputy = phone = ""
        if tailoring.dsl:
            place = f" {tailoring.dsl.place}" if tailoring.dsl.place else ""
            talk_to = f"Talk to {tailoring.dsl.name}{place}."
            # Adults can ring the DSL too; pupils are pointed to the person, as on their pages.
            if spec.readers in ("staff", "parents"):
                phone = tailoring.dsl.phone or ""
            # Staff are told to go to the deputy when the DSL is away (the poster's call to
            # action says so): their poster names them, where it fits (see ``printable_ways``).
            if spec.readers == "staff" and tailoring.dsl.deputy:
                deputy = f"{tailoring.dsl.deputy_label}: {tailoring.dsl.deputy.rstrip('.')}."
        school = PosterSchool(
            name=curl(tailoring.school_name),
            logo_png=tailoring.logo.png if tailoring.logo else None,
            logo_aspect=tailoring.logo.aspect if tailoring.logo else 1.0,
            talk_to_heading=curl(
                _for_build(spec.school_heading, spec.school_heading_with_ks5, tailoring)
            ),
            talk_to=curl(talk_to),
            phone=phone,
            deputy=curl(deputy),
        )
    named = school is not None and bool(school.talk_to)
    write_in = (
        _for_build(spec.school_heading, spec.school_heading_with_ks5, tailoring)
        if spec.write_in and not named
        else ""
    )
    partners = tailoring.brand.partners
    stage = _stage(spec)
    branded = stage is None or library.stages[stage].campaign_on_worksheets
    website, website_label, strapline = theme.website, theme.website_label, theme.strapline
    if not branded:
        # The first service on the poster with a website (Childline for primary pupils) takes
        # the campaign's place in the footer and in the QR code.
        site = next(
            (
                library.helplines[e.id].website
                for e in spec.helplines
                if library.helplines[e.id].website
            ),
            None,
        )
        if site:
            website, website_label, strapline = site, _web(site), ""
    # An unbranded poster's file says no more than its page: a PDF viewer shows the title in
    # its window (a classroom screen, say), and "CSE" is kept from young pupils.
    meta = Meta(
        category="Poster",
        title=f"{theme.campaign} poster: {spec.title}" if branded else f"Poster: {spec.title}",
        subtitle=spec.title,
        author=partners,
        subject=(
            f"{theme.strapline} Where to get help, for {spec.title.lower()}."
            if branded
            else f"Where to get help, for {spec.title.lower()}."
        ),
        keywords=(
            *((theme.campaign,) if branded else ()),
            "poster",
            "helplines",
            "safeguarding",
            source.name,
        ),
        date=library.info.reviewed,
        header="",
        footer="",
        version=library.info.version,
    )
    return Poster(
        audience=source.name,
        headline=curl(spec.headline),
        points=tuple(curl(_no_lone_word(p)) for p in spec.points),
        call_to_action=curl(
            _for_build(spec.call_to_action, spec.call_to_action_with_ks5, tailoring)
        ),
        helplines=tuple(helplines),
        website=website,
        website_label=website_label,
        qr_target=website,
        strapline=strapline,
        checked=f"Numbers checked on {_date(checked)}",
        credit=f"A campaign by the {partners}.",
        theme=theme,
        meta=meta,
        school=school,
        write_in=curl(write_in),
        campaign_mark=branded,
    )


# --- files ------------------------------------------------------------------------------------


def check_school_fits(
    library: Library, tailoring: Tailoring, templates: Path, sizes: Sequence[str] = DEFAULT_SIZES
) -> None:
    """Raise ``ProfileError`` if the school's own words (its name, its DSL line) overflow a poster
    a build would make, before anything is built."""
    if not tailoring.school_name:
        return
    from .render.poster import poster_fits

    problems = []
    chosen = audiences_for(library, templates, tailoring.stages)
    for source in load_posters(library, templates, chosen).values():
        poster = placed_phone(compose_poster(library, tailoring, source))
        for size in sizes:
            option = print_options(size)
            if not poster_fits(poster, option):
                found = _school_overflow(printable_ways(poster)[-1], option, tailoring, poster_fits)
                if found is not None:
                    problems.append(found)
    if problems:
        raise ProfileError(problems)


def placed_phone(poster: Poster) -> Poster:
    """The poster with the DSL's phone large under their sentence only where that fits at every
    size, A4 to A2, else in the sentence at every size: a school's A4 and A3 posters printed it
    differently (a DSL took one for an older version), as its logo's shape decided."""
    from .render.poster import fits_as_composed

    if poster.school is None or not poster.school.phone:
        return poster
    if all(fits_as_composed(poster, PrintOptions(size)) for size in SIZES):
        return poster
    return printable_ways(poster)[1]


def logo_room_note(source: str, pixels: int, room: dict[str, tuple[float, float]]) -> str | None:
    """What ``posters`` says of a logo its pixels keep smaller than the posters' room for it."""
    from .render.poster import SCHOOL_LOGO_PPI

    if not room:
        return None
    sizes = [s for s in SIZES if s in room]
    said = " and ".join(f"{s} ({room[s][0]:.0f} of {room[s][1]:.0f} mm)" for s in sizes)
    widest = max(r for _, r in room.values())
    wanted = math.ceil(widest / 25.4 * SCHOOL_LOGO_PPI)
    return (
        f"the logo {source} is {pixels} pixels wide: to stay sharp it is printed no larger than "
        f"{SCHOOL_LOGO_PPI} pixels an inch allows, so it is narrower than the posters' room for "
        f"it on {said}; a logo at least {wanted} pixels wide fills it"
    )


SHORT_NAME: Final = 40  # characters: a school's name as most are ("Oakfield Academy")


def _school_overflow(
    poster: Poster,
    option: PrintOptions,
    tailoring: Tailoring,
    fits: Callable[[Poster, PrintOptions], bool],
) -> Problem | None:
    """When a school's own words are what make a poster overflow, the problem in the school's
    profile (its DSL line, or its name), saying how long they may be; None when the poster's
    spec overflows anyway."""
    school = poster.school
    if school is None:
        return None
    where = f"the '{poster.audience}' poster on {option.size}"
    if school.talk_to and fits(replace(poster, school=replace(school, talk_to="")), option):
        words = school.talk_to.split()
        low, high = 0, len(words)  # how many of the line's words still fit, by bisection
        while low < high:
            middle = (low + high + 1) // 2
            shorter = replace(school, talk_to=" ".join(words[:middle]))
            if fits(replace(poster, school=shorter), option):
                low = middle
            else:
                high = middle - 1
        longest = len(" ".join(words[:low]))
        dsl = tailoring.dsl
        key = "dsl_location" if dsl and dsl.location else "dsl_name"
        # The line is printed with no-break spaces inside the phone number; a message shows
        # plain ones, as the school typed them.
        line = school.talk_to.replace("\u00a0", " ")
        parts = ["dsl_name"] + (["dsl_location"] if dsl and dsl.location else [])
        # Only adults' posters print the DSL's phone (pupils are pointed to the person).
        phone = bool(dsl and dsl.phone and dsl.phone.replace(" ", "\u00a0") in school.talk_to)
        made_of = ", ".join(parts) + (" and dsl_phone" if phone else "")
        # A long school name, set large in the header's tile, takes the room the line needs: a
        # 190-character name had staff shortening a 92-character line that fits beside a short
        # one.
        short_name = replace(school, name=school.name[:SHORT_NAME])
        name_first = len(school.name) > SHORT_NAME and fits(
            replace(poster, school=short_name), option
        )
        shorten = (
            f"Shorten the school's name ([school] name, {len(school.name)} characters), which "
            "takes the room the line needs, or the DSL's location"
            if name_first
            else "Shorten the DSL's location (the room's name is enough) or name"
        )
        return Problem(
            tailoring.source,
            tailoring.lines.get(("safeguarding", key)),
            f"[safeguarding] {key}: {where} says '{line}' ({len(line)} characters, from "
            f"{made_of}), which does not fit. {shorten}; a line of about {longest} characters "
            "fits, depending on where it breaks",
        )
    if fits(replace(poster, school=None), option):
        return Problem(
            tailoring.source,
            tailoring.lines.get(("school", "name")),
            f"[school] name: {where} has no room for the school's name "
            f"({len(school.name)} characters) beside the campaign's; shorten it",
        )
    return None


def formula_inks(tailoring: Tailoring) -> list[str]:
    """A school's own colours that have no chosen inks (the brand's `print_cmyk`): a CMYK poster
    converts them by a simple formula, which can move a hue on a press (a green prints bluer)."""
    chosen = {hex_colour.upper() for hex_colour, _ in tailoring.theme.print_cmyk}
    own = dict.fromkeys((tailoring.theme.primary, tailoring.theme.accent))
    return [c for c in own if c.upper() not in chosen]


def cmyk_note(what: str, plural: bool = True) -> str:
    """What --cmyk does to colours without chosen inks (``what``: the colours, or one colour
    when not ``plural``), said before the print shop sees them."""
    has, gets = ("have", "are") if plural else ("has", "is")
    return (
        f"--cmyk: {what} {has} no chosen inks and {gets} converted by a simple formula, which "
        "can print a colour's hue differently from the screen (a green can come out teal); ask "
        "the print shop for a proof before the run"
    )


def school_cmyk_note(tailoring: Tailoring) -> str | None:
    """The note for one school's posters: its colours without inks, and its logo."""
    colours = formula_inks(tailoring)
    noun = "colour" if len(colours) == 1 else "colours"
    parts = [f"the school's {noun} {', '.join(colours)}"] if colours else []
    parts += ["its logo"] if tailoring.logo else []
    plural = len(parts) > 1 or len(colours) > 1
    return cmyk_note(" and ".join(parts), plural) if parts else None


def print_options(
    size: str, bleed_mm: float = 0.0, crop_marks: bool = False, cmyk: bool = False
) -> PrintOptions:
    """Print options from command-line values, refusing sizes and bleeds that make no sense."""
    upper = size.upper()
    if upper not in PAPER:
        raise UsageError(f"unknown poster size {size!r} (expected one of: {', '.join(SIZES)})")
    if not 0 <= bleed_mm <= MAX_BLEED_MM:
        raise UsageError(
            f"bleed must be between 0 and {MAX_BLEED_MM:g} mm (printers usually ask for 3), "
            f"got {bleed_mm:g}"
        )
    return PrintOptions(cast(PaperSize, upper), float(bleed_mm), crop_marks, cmyk)


@dataclass(frozen=True, slots=True)
class PrintRun:
    """The poster sizes and print-shop options one run makes every poster with."""

    sizes: tuple[str, ...] = DEFAULT_SIZES
    bleed_mm: float = 0.0
    crop_marks: bool = False
    cmyk: bool = False

    def options(self) -> list[PrintOptions]:
        """One set of print options per size, each size once; refuses an unknown size or bleed."""
        if not self.sizes:
            raise UsageError(f"no poster size given (expected one or more of: {', '.join(SIZES)})")
        return [
            print_options(size, self.bleed_mm, self.crop_marks, self.cmyk)
            for size in dict.fromkeys(self.sizes)
        ]


DEFAULT_PRINTS: Final = PrintRun()  # A4 and A3, as schools print them themselves


def poster_path(audience: str, options: PrintOptions, extension: str = "pdf") -> str:
    """``posters/<audience>-<size>[-bleed<N>mm][-crop][-cmyk].<extension>``.

    The suffixes name every print option that changes the file, so a print-shop variant never
    overwrites the plain poster that schools print themselves.
    """
    stem = f"{audience}-{options.size.lower()}"
    if options.bleed_mm:
        stem += f"-bleed{options.bleed_mm:g}mm"
    if options.crop_marks:
        stem += "-crop"
    if options.cmyk:
        stem += "-cmyk"
    return f"{FOLDER}/{stem}.{extension}"


def poster_files(
    library: Library,
    tailoring: Tailoring,
    templates: Path,
    audiences: Sequence[str] | None = None,
    sizes: Sequence[str] = DEFAULT_SIZES,
    *,
    bleed_mm: float = 0.0,
    crop_marks: bool = False,
    cmyk: bool = False,
    previews: bool = True,
    logo_room: dict[str, tuple[float, float]] | None = None,
) -> dict[str, bytes]:
    """Every requested poster as PDF bytes (and a PNG preview of each), by relative path.

    ``logo_room``, when given, collects by paper size the school logo's drawn width and the
    room for it (mm) where its pixels keep it smaller (the largest room at each size).

    Raises ``UsageError`` for an unknown audience, size or bleed, and ``ContentError`` for a spec
    that breaks a rule or whose words do not fit the paper.
    """
    from .render.poster import (
        PosterFitError,
        poster_fits,
        preview_png,
        render_poster,
        school_logo_shortfall,
    )

    options = PrintRun(tuple(sizes), bleed_mm, crop_marks, cmyk).options()
    sources = load_posters(library, templates, audiences)
    files: dict[str, bytes] = {}
    problems = ProblemCollector()
    school_problems: list[Problem] = []  # the profile's words, not the spec's, overflow
    for name, source in sources.items():
        poster = placed_phone(compose_poster(library, tailoring, source))
        for option in options:
            try:
                pdf = render_poster(poster, option)
            except PosterFitError as exc:
                school_problem = _school_overflow(
                    printable_ways(poster)[-1], option, tailoring, poster_fits
                )
                if school_problem is not None:
                    school_problems.append(school_problem)
                else:
                    problems.add(source.path, None, str(exc))
                continue
            files[poster_path(name, option)] = pdf
            if logo_room is not None and (short := school_logo_shortfall(poster, option)):
                known = logo_room.get(option.size)
                logo_room[option.size] = max(known, short, key=lambda w: w[1]) if known else short
            if previews:
                files[poster_path(name, option, "png")] = preview_png(pdf)
    problems.raise_if_any()
    if school_problems:
        raise ProfileError(school_problems)
    return dict(sorted(files.items()))
