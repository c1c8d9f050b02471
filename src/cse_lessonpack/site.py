"""The download page: a static ``index.html`` listing everything a build wrote, with thumbnails."""

from __future__ import annotations

import contextlib
import json
import re
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final
from urllib.parse import quote

import jinja2
import yaml
from jinja2.sandbox import SandboxedEnvironment

from . import artwork, colour, fonts, posters, raster
from .compose import lessons_for, worksheet_label
from .content import Library
from .errors import (
    ContentError,
    LessonpackError,
    StaleBuildError,
    TemplateError,
    UsageError,
    display_path,
)
from .model import KeyStage, Theme
from .poster import Poster
from .profile import Tailoring, dialled, local_contacts_close
from .schema import Helpline
from .templating import long_date, years
from .verify import digits

# ``build`` is imported inside the functions that use it, so that build.py may import this module.

INDEX: Final = "index.html"
ASSETS: Final = "site"  # the page's own files, beside index.html in the output folder
TEMPLATE_FOLDER: Final = "site"
THUMB_WIDTH_PX: Final = 320  # twice the width shown, so covers stay sharp on high-density screens
LOGO_WIDTH_PT: Final = 160  # rendered at artwork.RASTER_DPI: about 440 px, shown at 220 CSS px
ICON_WIDTH_PT: Final = 24
# Files this module writes into ASSETS; older ones of these kinds are removed, so a page published
# as it is never carries a thumbnail or school logo left from an earlier build.
_OWNED_SUFFIXES: Final = (".png", ".css", ".ttf")
_PAPER_MM: Final = {"A4": (210, 297), "A3": (297, 420), "A2": (420, 594)}
_IDENTIFIER = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_POSTER_NAME = re.compile(
    r"^(?P<audience>[a-z0-9-]+?)-(?P<size>a[0-9])"
    r"(?:-bleed(?P<bleed>[0-9.]+)mm)?(?P<crop>-crop)?(?P<cmyk>-cmyk)?$"
)
_EMAIL = re.compile(r"^[^@\s<>\"'`]+@[^@\s<>\"'`]+\.[A-Za-z]{2,}$")
FORMAT_NAMES: Final = {"pdf": "PDF", "docx": "Word (DOCX)"}
LETTER_NAMES: Final = {"pdf": "letter (PDF)", "docx": "letter (Word)"}
GUIDE_AUDIENCES: Final = {"parents": "For parents and carers", "staff": "For staff"}


# --- what the page shows ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Picture:
    src: str
    alt: str
    width: int
    height: int


@dataclass(frozen=True, slots=True)
class Download:
    href: str
    format: str  # shown: "PDF", "Word (DOCX)", "A3 PDF"
    size: str  # shown: "183 KB"
    about: str  # read by screen readers before the format: "Key Stage 1 pack, "


@dataclass(frozen=True, slots=True)
class Lesson:
    title: str
    minutes: int
    full: int | None = None  # the lesson's own length, when the school's is shorter


@dataclass(frozen=True, slots=True)
class Card:
    """A key stage's pack, a guide or a poster: what it is, a picture and its downloads."""

    anchor: str
    title: str
    lines: tuple[str, ...]  # short facts under the title: ages, years, audience
    picture: Picture | None
    lessons: tuple[Lesson, ...]
    details: str  # "52 A4 pages"
    downloads: tuple[Download, ...]


@dataclass(frozen=True, slots=True)
class Contact:
    name: str
    provider: str
    phone: str
    phone_href: str
    text: str
    text_href: str  # sms:, so a phone offers to start the text
    website: str
    website_label: str
    email: str
    for_whom: str
    hours: str
    cost: str
    note: str


@dataclass(frozen=True, slots=True)
class School:
    name: str
    dsl_name: str
    dsl_role: str
    dsl_place: str  # "in the Pastoral Office", "at reception"
    dsl_phone: str
    dsl_phone_href: str
    dsl_email: str
    dsl_deputy: str  # the deputy DSL (or deputies), or empty
    logo: Picture | None


@dataclass(frozen=True, slots=True)
class _Entry:
    path: str
    kind: str
    stage: str | None
    format: str
    bytes: int
    pages: int | None
    extra: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class _Thumb:
    png: bytes
    width: int
    height: int
    paper: str | None  # A4, A3 or A2 when the first page is exactly that size


# --- entry point ------------------------------------------------------------------------------


def _worksheets(library: Library, stages: set[str]) -> str:
    """What the page calls the packs' worksheets, as the packs of these stages label them."""
    labels = sorted({worksheet_label(library.stages[KeyStage(s)]) for s in stages})
    words = [label.split()[0].lower() for label in labels] or ["pupil"]
    return " and ".join(words) + " worksheets"


def _home_messages(library: Library, tailoring: Tailoring, stages: set[str]) -> str:
    """The key stages shown whose packs have slips to send home ("Key Stages 1 and 2"), or
    nothing: the page lists what every pack holds, and only some packs have them."""
    numbers = [
        stage.value[-1]
        for stage in KeyStage
        if stage.value in stages
        and any(v.front.follow_up.home_message for v in lessons_for(library, stage, tailoring))
    ]
    if not numbers:
        return ""
    if len(numbers) == 1:
        return f"Key Stage {numbers[0]}"
    return f"Key Stages {', '.join(numbers[:-1])} and {numbers[-1]}"


def build_site(
    out_dir: Path, library: Library, tailoring: Tailoring, templates: Path
) -> list[Path]:
    """Write ``index.html``, its stylesheet, fonts and images for the files in ``manifest.json``.

    Call it after a build has written the manifest, with the same library and tailoring. Returns
    every file written. Raises ``StaleBuildError`` when there is no usable manifest or it
    describes different content, ``UsageError`` when it was built for another school, and
    ``TemplateError`` when the page template fails.
    """
    from .build import MANIFEST, safe_target, write_atomic

    manifest = read_manifest(out_dir)
    _check_same_build(out_dir, manifest, library, tailoring)
    entries = _entries(out_dir, manifest)
    files: dict[str, bytes] = {}

    def thumbnail(entry: _Entry, alt: str) -> tuple[Picture, _Thumb]:
        source = safe_target(out_dir, entry.path)
        thumb = render_thumbnail(source.read_bytes(), display_path(source))
        name = (
            f"{ASSETS}/thumbs/{Path(entry.path).with_suffix('').as_posix().replace('/', '--')}.png"
        )
        files[name] = thumb.png
        return Picture(_href(name), alt, thumb.width, thumb.height), thumb

    # A coordinator who chose large print sees it said on each card, not only in the page counts.
    large = tailoring.theme.body_size >= tailoring.brand.large_print_body_size
    packs = _pack_cards(entries, library, tailoring, thumbnail, large)
    guides = _guide_cards(entries, library, thumbnail, large)
    poster_cards = _poster_cards(entries, library, tailoring, templates, thumbnail)
    if not (packs or guides or poster_cards):
        raise StaleBuildError(
            f"{display_path(out_dir / MANIFEST)} lists no packs, guides or posters; "
            "run cse-lessonpack build first"
        )

    theme = tailoring.theme
    files[f"{ASSETS}/logo.png"] = _transparent_png("logo-reverse", LOGO_WIDTH_PT, theme)
    files[f"{ASSETS}/icon.png"] = _transparent_png("badge", ICON_WIDTH_PT, theme)
    family = fonts.family(theme.font)
    for style in ("regular", "bold"):
        files[f"{ASSETS}/fonts/{family.key}-{style}.ttf"] = fonts.font_file(
            family.package, style
        ).read_bytes()
    files[f"{ASSETS}/site.css"] = stylesheet(theme, templates)
    school = _school(tailoring, files)

    # Only the services of the stages whose packs the page offers: a primary school's page
    # listed Report Remove, SafeCall and the Revenge Porn Helpline, which no pack of its names
    # and whose words are kept out of Key Stage 1. Children's services are those on an
    # under-18's help page (Key Stages 1–4): a Key Stage 5 page also lists lines for students
    # of 18 or over (the NSPCC's, the Revenge Porn Helpline), which belong with the adults'.
    shown = {e.stage for e in entries if e.kind == "pack" and e.stage} or {
        s.value for s in tailoring.stages
    }
    for_pupils = [
        h
        for h in _national(library, sorted(shown))
        if any(a in _UNDER_18_AUDIENCES for a in h.audiences)
    ]
    adults = ["parents", "staff"] + ([KeyStage.KS5.value] if KeyStage.KS5.value in shown else [])
    for_adults = _national(library, adults)
    context = {
        "brand": tailoring.brand,
        "school": school,
        "packs": packs,
        "guides": guides,
        "posters": poster_cards,
        # For the accessibility statement: whether the screen-reader-friendly Word files were
        # built for this page, and whether every file is in large print.
        "word_files": any(e.format == "docx" for e in entries),
        "large_print": large,
        "urgent": [_contact(h) for h in library.helplines.values() if _urgent(h)],
        "for_pupils": [_contact(h) for h in for_pupils],
        # Services already listed for pupils are named again for adults, not shown twice in full.
        "for_adults": [_contact(h) for h in for_adults if h not in for_pupils],
        "also_adults": [_contact(h) for h in for_adults if h in for_pupils],
        # A Key Stage 5 page's adult lines include some from 16 (Rape Crisis): a heading of
        # "18 or over" told a 17-year-old they were not for them.
        "older_students": KeyStage.KS5.value in shown,
        # As the packs name them: "Student worksheets" where a stage calls its learners
        # students (secondary), "Pupil worksheets" elsewhere.
        "worksheets": _worksheets(library, shown),
        "home_messages": _home_messages(library, tailoring, shown),
        "local": _local_contacts(library, tailoring),
        # A school's own contacts that all keep office hours leave a family nobody at night.
        "local_closes": local_contacts_close(tailoring.local_contacts),
        "checked": str(manifest.get("helplines_checked") or library.helplines_checked),
        "version": library.info.version,
        "reviewed": long_date(library.info.reviewed),
        "next_review": long_date(library.info.next_review),
        "website": _web_url(tailoring.brand.website),
        "manifest": _href(MANIFEST),
        "css": _href(f"{ASSETS}/site.css"),
        "logo": _href(f"{ASSETS}/logo.png"),
        "icon": _href(f"{ASSETS}/icon.png"),
    }
    files[INDEX] = render_page(templates, context)

    written = []
    # The page goes last, so it never points at an image or stylesheet not yet written.
    for relative in sorted(files, key=lambda name: (name == INDEX, name)):
        target = safe_target(out_dir, relative)
        write_atomic(target, files[relative])
        written.append(target)
    _remove_stale(out_dir, set(written))
    return written


# --- the manifest -----------------------------------------------------------------------------


def read_manifest(out_dir: Path) -> dict[str, Any]:
    from .build import MANIFEST

    path = out_dir / MANIFEST
    shown = display_path(path)
    if not path.is_file():
        raise StaleBuildError(f"{shown} not found: run cse-lessonpack build first")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise StaleBuildError(
            f"{shown} cannot be read ({exc.__class__.__name__}); run cse-lessonpack build again"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("files"), list):
        raise StaleBuildError(
            f"{shown} is not a manifest written by cse-lessonpack; run cse-lessonpack build again"
        )
    return data


def _check_same_build(
    out_dir: Path, manifest: Mapping[str, Any], library: Library, tailoring: Tailoring
) -> None:
    """The page's lesson titles, helplines and school come from the content and the profile, so
    they must be the ones the files were built from."""
    from .build import MANIFEST

    shown = display_path(out_dir / MANIFEST)
    fingerprint = manifest.get("content_fingerprint")
    if fingerprint is not None and fingerprint != library.fingerprint:
        raise StaleBuildError(
            f"{shown} was written from different content than {display_path(library.root)} "
            "holds now; run cse-lessonpack build again"
        )
    school = manifest.get("school")
    built_for = school.get("name") if isinstance(school, dict) else None
    if built_for != tailoring.school_name:
        built = f"for {built_for!r}" if built_for else "without a school profile"
        asked = f"for {tailoring.school_name!r}" if tailoring.school_name else "without one"
        raise UsageError(
            f"{shown}: the files were built {built} but the page was asked {asked}; "
            "give site the same --school profile as build"
        )


def _entries(out_dir: Path, manifest: Mapping[str, Any]) -> list[_Entry]:
    from .build import MANIFEST, safe_target

    shown = display_path(out_dir / MANIFEST)
    entries = []
    for number, item in enumerate(manifest["files"], start=1):
        try:
            entry = _Entry(
                path=_text(item["path"]),
                kind=_text(item["kind"]),
                stage=None if item.get("stage") is None else _text(item["stage"]),
                format=_text(item["format"]),
                bytes=_count(item["bytes"]),
                pages=None if item.get("pages") is None else _count(item["pages"]),
                extra=item,
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            raise StaleBuildError(
                f"{shown}: file entry {number} is not one cse-lessonpack wrote; "
                "run cse-lessonpack build again"
            ) from None
        try:
            target = safe_target(out_dir, entry.path)
        except LessonpackError:
            raise StaleBuildError(
                f"{shown}: file entry {number} points outside the output folder"
            ) from None
        if not target.is_file():
            raise StaleBuildError(
                f"{display_path(target)} is listed in {shown} but missing; "
                "run cse-lessonpack build again"
            )
        entries.append(entry)
    return entries


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise TypeError("expected text")
    return value


def _count(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise TypeError("expected a whole number")
    return value


# --- cards ------------------------------------------------------------------------------------

_UNDER_18_AUDIENCES: Final = tuple(s.value for s in KeyStage if s is not KeyStage.KS5)
_ORDER: Final = {"pdf": 0, "docx": 1}


Thumbnailer = Callable[[_Entry, str], tuple[Picture, _Thumb]]


def _downloads(
    entries: Sequence[_Entry], about: str, names: Mapping[str, str] = FORMAT_NAMES
) -> tuple[Download, ...]:
    ordered = sorted(entries, key=lambda e: (_ORDER.get(e.format, 9), e.path))
    return tuple(
        Download(_href(e.path), names.get(e.format, e.format.upper()), human_size(e.bytes), about)
        for e in ordered
    )


def _pages(entry: _Entry | None, paper: str | None, large: bool = False) -> str:
    if entry is None or entry.pages is None:
        return ""
    noun = "page" if entry.pages == 1 else "pages"
    pages = f"{entry.pages} {paper} {noun}" if paper else f"{entry.pages} {noun}"
    return f"{pages}, large print" if large else pages


def _pdf(entries: Sequence[_Entry]) -> _Entry | None:
    return next((e for e in entries if e.format == "pdf"), None)


def _pack_cards(
    entries: Sequence[_Entry],
    library: Library,
    tailoring: Tailoring,
    thumbnail: Thumbnailer,
    large: bool,
) -> list[Card]:
    cards = []
    for stage in KeyStage:
        mine = [e for e in entries if e.kind == "pack" and e.stage == stage.value]
        if not mine:
            continue
        letters = [e for e in entries if e.kind == "letter" and e.stage == stage.value]
        info = library.stages[stage]
        picture, paper = None, None
        pdf = _pdf(mine)
        if pdf is not None:
            picture, thumb = thumbnail(pdf, f"Cover of the {info.label} pack")
            paper = thumb.paper
        lessons = tuple(
            Lesson(
                view.plan.front.title,
                view.minutes,
                view.front.duration if view.dropped else None,
            )
            for view in lessons_for(library, stage, tailoring)
        )
        cards.append(
            Card(
                anchor=stage.value,
                title=info.label,
                lines=(f"Ages {info.ages[0]}–{info.ages[1]}", years(info.years)),
                picture=picture,
                lessons=lessons,
                details=_pages(pdf, paper, large),
                # The letter home on its own, for the school office, after the pack's files.
                downloads=_downloads(mine, f"{info.label} pack, ")
                + _downloads(letters, f"{info.label}, for parents and carers: ", LETTER_NAMES),
            )
        )
    return cards


def _guide_cards(
    entries: Sequence[_Entry], library: Library, thumbnail: Thumbnailer, large: bool
) -> list[Card]:
    from .build import guide_path

    guides = [e for e in entries if e.kind == "guide"]
    by_path = {guide_path(key, fmt): key for key in library.guides for fmt in FORMAT_NAMES}
    keys = sorted({by_path.get(e.path) or Path(e.path).stem for e in guides})
    cards = []
    for key in keys:
        mine = [e for e in guides if (by_path.get(e.path) or Path(e.path).stem) == key]
        guide = library.guides.get(key)
        title = guide.front.title if guide else _humanise(key)
        picture, paper = None, None
        pdf = _pdf(mine)
        if pdf is not None:
            picture, thumb = thumbnail(pdf, f"Cover of {title}")
            paper = thumb.paper
        lines = (
            (GUIDE_AUDIENCES.get(guide.front.audience, ""), guide.front.subtitle) if guide else ()
        )
        cards.append(
            Card(
                anchor=f"guide-{_anchor(key)}",
                title=title,
                lines=tuple(line for line in lines if line),
                picture=picture,
                lessons=(),
                details=_pages(pdf, paper, large),
                downloads=_downloads(mine, f"{title}, "),
            )
        )
    return cards


def _poster_cards(
    entries: Sequence[_Entry],
    library: Library,
    tailoring: Tailoring,
    templates: Path,
    thumbnail: Thumbnailer,
) -> list[Card]:
    """One card per audience, with a link for each size; previews (PNG) are not listed."""
    groups: dict[str, list[tuple[tuple[int, str], str, _Entry]]] = {}
    for entry in entries:
        if entry.kind != "poster" or entry.format != "pdf":
            continue
        stem = Path(entry.path).stem
        found = _POSTER_NAME.match(stem)
        audience = str(entry.extra.get("audience") or (found["audience"] if found else stem))
        label, order = _poster_label(found)
        groups.setdefault(audience, []).append((order, label, entry))
    cards = []
    for audience in sorted(groups):
        items = sorted(groups[audience], key=lambda item: (item[0], item[2].path))
        title = _poster_title(templates, audience)
        poster = _poster_words(library, tailoring, templates, audience)
        alt = _poster_alt(poster) if poster else f"The {title} poster"
        picture, _ = thumbnail(items[0][2], alt)
        downloads = tuple(
            Download(_href(e.path), f"{label} PDF", human_size(e.bytes), f"{title} poster, ")
            for _, label, e in items
        )
        cards.append(
            Card(
                anchor=f"poster-{_anchor(audience)}",
                title=title,
                lines=(),
                picture=picture,
                lessons=(),
                details="",
                downloads=downloads,
            )
        )
    return cards


def _poster_label(found: re.Match[str] | None) -> tuple[str, tuple[int, str]]:
    if found is None:
        return "", (99, "")
    size = found["size"].upper()
    extras = []
    if found["bleed"]:
        extras.append(f"{found['bleed']} mm bleed")
    if found["crop"]:
        extras.append("crop marks")
    if found["cmyk"]:
        extras.append("CMYK")
    label = f"{size} with {', '.join(extras)}" if extras else size
    # Smallest paper first (A4 before A3), the plain file before print-shop variants.
    return label, (-int(size[1:]), label)


def _poster_title(templates: Path, audience: str) -> str:
    """The title in the poster's spec, read as plain data; the audience name if there is none."""
    if _IDENTIFIER.match(audience):
        spec = templates / "posters" / f"{audience}.yaml"
        try:
            data = yaml.safe_load(spec.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            data = None
        if isinstance(data, dict) and isinstance(data.get("title"), str) and data["title"]:
            return str(data["title"])
    return _humanise(audience)


def _poster_words(
    library: Library, tailoring: Tailoring, templates: Path, audience: str
) -> Poster | None:
    """What the audience's poster says, composed as the build drew it; None without a spec that
    can be read (the build checked it, so only a spec changed or removed since)."""
    if not _IDENTIFIER.match(audience):  # a name from the manifest, never a path
        return None
    try:
        return posters.compose_poster(library, tailoring, posters.read_spec(templates, audience))
    except (ContentError, KeyError):  # KeyError: a helpline no longer in helplines.yaml
        return None


def _poster_alt(poster: Poster) -> str:
    """A poster preview's text: its headline, and each way to get help on it with its number
    (or web address), and whom to talk to in school. The poster is a picture (and its PDF is not
    tagged), so this is how a screen reader user learns what it says; its points are left out."""

    def plain(text: str) -> str:  # the poster keeps a number on one line with no-break spaces
        return " ".join(text.replace("\u00a0", " ").split())

    def sentence(text: str) -> str:
        text = plain(text)
        return text if text.endswith((".", "?", "!")) else f"{text}."

    services = "; ".join(f"{plain(h.name)}, {plain(h.number)}" for h in poster.helplines)
    words = [f"Poster: {sentence(poster.headline)}", f"Where to get help: {services}."]
    school = poster.school
    if school is not None and school.talk_to:
        words.append(f"{plain(school.talk_to_heading)}: {sentence(school.talk_to)}")
        if school.phone:
            words.append(f"Phone {plain(school.phone)}.")
    elif poster.write_in:
        words.append(f"{plain(poster.write_in)}: a space to write in their name.")
    return " ".join(words)


def _humanise(key: str) -> str:
    words = key.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _anchor(key: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", key.lower()).strip("-") or "item"


# --- helplines and the school -----------------------------------------------------------------


def _national(library: Library, audiences: Sequence[str]) -> list[Helpline]:
    return [
        h
        for h in library.helplines.values()
        if h.scope == "national" and any(a in h.audiences for a in audiences)
    ]


def _urgent(helpline: Helpline) -> bool:
    # The short list printed in every letter home: the numbers anyone should have to hand.
    return helpline.scope == "national" and "letters" in helpline.audiences and bool(helpline.phone)


def _contact(h: Helpline) -> Contact:
    website = _web_url(h.website or "")
    return Contact(
        name=h.name,
        # A name that already says who runs it in brackets does not need it said twice.
        provider="" if "(" in h.name else (h.provider or ""),
        phone=h.phone or "",
        phone_href=_tel(h.phone or ""),
        text=h.text or "",
        text_href=_sms(h.text or ""),
        website=website,
        website_label=_web_label(website),
        email=h.email if h.email and _EMAIL.match(h.email) else "",
        for_whom=h.for_whom,
        hours=h.hours,
        cost=h.cost or "",
        note=h.check_note or "",
    )


def _local_contacts(library: Library, tailoring: Tailoring) -> list[Contact]:
    """A school's own local contacts replace the campaign area's numbers, as in the packs. One
    that is a campaign number keeps what the campaign says of it: who it is for, and to check
    a number with few sources before using it."""
    if not tailoring.local_contacts:
        return [_contact(h) for h in library.helplines.values() if h.scope == "local"]
    known = {digits(h.phone): h for h in library.helplines.values() if h.phone}
    contacts = []
    for c in tailoring.local_contacts:
        same = known.get(digits(dialled(c.phone)))
        contacts.append(
            Contact(
                name=c.name,
                provider="",
                phone=c.phone,
                phone_href=_tel(c.phone),
                text="",
                text_href="",
                website="",
                website_label="",
                email="",
                for_whom=same.for_whom if same else "",
                hours=c.hours or "",
                cost="",
                note=(same.check_note or "") if same else "",
            )
        )
    return contacts


def _school(tailoring: Tailoring, files: dict[str, bytes]) -> School | None:
    if tailoring.school_name is None:
        return None
    logo = None
    if tailoring.logo is not None:
        files[f"{ASSETS}/school-logo.png"] = tailoring.logo.png
        height = max(1, round(160 * tailoring.logo.aspect))
        logo = Picture(
            _href(f"{ASSETS}/school-logo.png"), f"{tailoring.school_name} logo", 160, height
        )
    dsl = tailoring.dsl
    return School(
        name=tailoring.school_name,
        dsl_name=dsl.name if dsl else "",
        dsl_role=dsl.role if dsl else "",
        dsl_place=dsl.place if dsl else "",
        dsl_phone=dsl.phone or "" if dsl else "",
        dsl_phone_href=_tel(dsl.phone or "") if dsl else "",
        dsl_email=dsl.email or "" if dsl else "",
        dsl_deputy=dsl.deputy or "" if dsl else "",
        logo=logo,
    )


def _tel(number: str) -> str:
    """A tel: link. A profile's number keeps its extension as " ext 214": phones dial what
    follows a comma after a pause, so a tap reaches the DSL, not only the switchboard."""
    dialable = re.sub(r"[^0-9+]", "", dialled(number))
    if not re.fullmatch(r"\+?[0-9]{3,15}", dialable):
        return ""
    extension = number.partition(" ext ")[2]
    return f"tel:{dialable},{extension}" if extension.isdigit() else f"tel:{dialable}"


def _sms(number: str) -> str:
    """An sms: link for a number a service takes texts on (as tel:, digits only)."""
    tel = _tel(dialled(number))
    return "sms:" + tel.removeprefix("tel:") if tel else ""


def _web_url(url: str) -> str:
    # Content is untrusted: only web addresses become links, never javascript: or data: URLs.
    return url if re.match(r"^https?://[^\s\"'<>`]+$", url) else ""


def _web_label(url: str) -> str:
    return re.sub(r"^https?://", "", url).rstrip("/")


def _href(relative: str) -> str:
    """A link relative to index.html, so the page works from disk and from any web folder."""
    return quote(relative, safe="/-._~")


# --- images -----------------------------------------------------------------------------------


def render_thumbnail(pdf: bytes, shown: str) -> _Thumb:
    """Page 1 of a PDF as a PNG THUMB_WIDTH_PX wide, and the paper size it was printed on."""
    try:
        drawn = raster.first_page(pdf, width_px=THUMB_WIDTH_PX)
    except raster.UnreadablePdfError as exc:
        raise StaleBuildError(
            f"{shown} cannot be read as a PDF ({exc}); run cse-lessonpack build again"
        ) from None
    image = drawn.image.convert("RGB")
    return _Thumb(
        raster.png(image), image.width, image.height, _paper(drawn.width_pt, drawn.height_pt)
    )


def _paper(width_pt: float, height_pt: float) -> str | None:
    short, long = sorted((width_pt * 25.4 / 72, height_pt * 25.4 / 72))
    for name, (w, h) in _PAPER_MM.items():
        if abs(short - w) < 1 and abs(long - h) < 1:
            return name
    return None


def _transparent_png(name: str, width_pt: float, theme: Theme) -> bytes:
    """The project's own art on a transparent ground, so it sits on the page's brand colour."""
    fonts.register(theme.font)
    palette = artwork.Palette(
        theme.primary,
        theme.accent,
        theme.text,
        theme.on_primary,
        fonts.face_name(theme.font, "bold"),
    )
    return artwork.png(name, width_pt, palette, transparent=True)


# --- colours and the stylesheet ---------------------------------------------------------------


def _mix(hex_colour: str, amount: float) -> str:
    """``hex_colour`` blended into white: a light tint of a brand colour."""
    r, g, b = colour.rgb(hex_colour)
    return "#" + "".join(f"{round(255 - (255 - v) * amount):02X}" for v in (r, g, b))


def palette(theme: Theme) -> dict[str, str]:
    """The page's colours, each text colour chosen to reach WCAG AA on what it sits on."""
    tint = _mix(theme.primary, 0.07)  # the page behind the cards
    help_ground = _mix(theme.accent, 0.16)  # the helplines section stands out in the accent

    def readable(preferred: str, *grounds: str) -> str:
        ok = all(colour.contrast(preferred, g) >= colour.AA_TEXT for g in grounds)
        return preferred if ok else theme.text

    card = theme.background
    return {
        "primary": theme.primary,
        "on-primary": theme.on_primary,
        "accent": theme.accent,
        "on-accent": theme.on_accent,
        "text": theme.text,
        "muted": readable(theme.muted, card, tint, help_ground),
        "card": card,
        "tint": tint,
        "help": help_ground,
        "link": readable(theme.primary, card, tint, help_ground),
        "heading": readable(theme.primary, card, tint, help_ground),
        # The strapline is in the accent on the brand colour when that reads well, else white.
        "strap": theme.accent
        if colour.contrast(theme.accent, theme.primary) >= colour.AA_TEXT
        else theme.on_primary,
    }


def colour_pairs(theme: Theme) -> list[tuple[str, str, str, str]]:
    """Every (text, ground) pair the stylesheet uses, by name and value, for checking."""
    p = palette(theme)
    pairs = [
        ("on-primary", "primary"),
        ("strap", "primary"),
        ("on-accent", "accent"),
        ("text", "card"),
        ("text", "tint"),
        ("text", "help"),
        ("muted", "card"),
        ("muted", "tint"),
        ("muted", "help"),
        ("link", "card"),
        ("link", "tint"),
        ("link", "help"),
        ("heading", "card"),
        ("heading", "tint"),
        ("heading", "help"),
    ]
    return [(fg, bg, p[fg], p[bg]) for fg, bg in pairs]


def stylesheet(theme: Theme, templates: Path) -> bytes:
    """The template stylesheet after the theme's colours and the bundled font's faces."""
    source = templates / TEMPLATE_FOLDER / "site.css"
    try:
        body = source.read_text(encoding="utf-8")
    except OSError as exc:
        raise TemplateError(f"{display_path(source)}: cannot be read ({exc.strerror})") from None
    weak = [
        f"{fg} {fv} on {bg} {bv}"
        for fg, bg, fv, bv in colour_pairs(theme)
        if colour.contrast(fv, bv) < colour.AA_TEXT
    ]
    if weak:  # the palette falls back to the text colour, so this is a bug, not a user mistake
        raise AssertionError(f"colours below WCAG AA: {', '.join(weak)}")
    family = fonts.family(theme.font)
    variables = "\n".join(f"  --{name}: {value};" for name, value in palette(theme).items())
    faces = "\n".join(
        f'@font-face {{\n  font-family: "{family.display}";\n'
        f'  src: url("fonts/{family.key}-{style}.ttf") format("truetype");\n'
        f"  font-weight: {weight};\n  font-style: normal;\n  font-display: swap;\n}}"
        for style, weight in (("regular", 400), ("bold", 700))
    )
    head = (
        "/* Know About CSE download page. Colours come from the brand (templates/brand.yaml)\n"
        "   or the school's profile; each text colour reaches WCAG AA on its ground. */\n"
        f'{faces}\n:root {{\n{variables}\n  --font: "{family.display}";\n}}\n\n'
    )
    return (head + body).encode("utf-8")


# --- the page ---------------------------------------------------------------------------------


def render_page(templates: Path, context: Mapping[str, Any]) -> bytes:
    folder = templates / TEMPLATE_FOLDER
    # Autoescaping makes every value from content and profiles text, never markup; the sandbox
    # keeps a template from a school's own templates folder from reaching into Python.
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["minutes"] = lambda value: f"{value} minute{'' if value == 1 else 's'}"
    # An address in a mailto: link, percent-encoded but for its @, so nothing in it can add
    # a subject or a copy to the message (profiles allow only plain addresses besides).
    env.filters["mailto"] = lambda value: "mailto:" + urllib.parse.quote(str(value), safe="@")
    name = "index.html.j2"
    try:
        html = env.get_template(name).render(context)
    except jinja2.TemplateNotFound:
        raise TemplateError(
            f"{display_path(folder / name)}: template not found (the download page needs it)"
        ) from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{display_path(folder / name)}:{exc.lineno}: {exc.message}") from None
    except (jinja2.UndefinedError, jinja2.exceptions.SecurityError) as exc:
        raise TemplateError(f"{display_path(folder / name)}: {exc}") from None
    return html.encode("utf-8")


def human_size(size: int) -> str:
    """A file size as the build's table shows it: 183 KB, 1.2 MB."""
    return (
        f"{max(1, round(size / 1024))} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"
    )


def remove_page(out_dir: Path) -> bool:
    """Delete the download page and the files of its own it wrote in ``site/``; True if there was
    one. A page left behind would name the school it was made for and link to files now gone."""
    removed = False
    page = out_dir / INDEX
    if page.is_file() or page.is_symlink():
        page.unlink()
        removed = True
    folder = out_dir / ASSETS
    if folder.is_dir() and not folder.is_symlink():
        _remove_stale(out_dir, set())
        # Deepest first, so each folder is empty when its turn comes; anything else keeps it.
        for inner in sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True):
            with contextlib.suppress(OSError):
                inner.rmdir()
        with contextlib.suppress(OSError):
            folder.rmdir()
        removed = True
    return removed


def _remove_stale(out_dir: Path, written: set[Path]) -> None:
    folder = out_dir / ASSETS
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix in _OWNED_SUFFIXES and path.resolve() not in written:
            path.unlink()
