"""The download page without a browser: links, images, escaping, accessibility basics, errors."""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from cse_lessonpack import colour
from cse_lessonpack.build import BuildRequest, build
from cse_lessonpack.content import Library, load_library
from cse_lessonpack.errors import (
    StaleBuildError,
    TemplateError,
    UsageError,
    display_path,
)
from cse_lessonpack.model import KeyStage
from cse_lessonpack.profile import Tailoring, default_tailoring, load_profile
from cse_lessonpack.site import build_site, colour_pairs, human_size
from cse_lessonpack.typography import curl

from .conftest import FIXTURE_LESSONS, LESSONS, TEMPLATES

HOSTILE = '<script>alert(1)</script> & "Co"'


def _request(out: Path, lessons: Path = FIXTURE_LESSONS, **extra: object) -> BuildRequest:
    # Posters are made by their own module and the page by build_site itself: these tests add
    # poster files of their own and call build_site directly.
    options: dict[str, object] = {"jobs": 1, "posters": False, "site": False, **extra}
    return BuildRequest(lessons=lessons, templates=TEMPLATES, out_dir=out, **options)  # type: ignore[arg-type]


def _fake_poster(path: Path, size: tuple[float, float], words: str) -> bytes:
    from reportlab.pdfgen import canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = canvas.Canvas(str(path), pagesize=size, invariant=1)
    pdf.setFont("Helvetica-Bold", 40)
    pdf.drawString(40, size[1] - 80, words)
    pdf.save()
    return path.read_bytes()


def _add_posters(out: Path) -> None:
    """Poster files as the build lists them: an A4 and an A3 of one audience, and a print-shop
    variant of an audience with no spec in templates/posters/."""
    a4, a3 = (595.2756, 841.8898), (841.8898, 1190.5512)
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    for name, size in (
        ("parents-a3", a3),
        ("parents-a4", a4),
        ("zz-test-audience-a3-bleed3mm-crop", (a3[0] + 17, a3[1] + 17)),
    ):
        data = _fake_poster(out / "posters" / f"{name}.pdf", size, name)
        manifest["files"].append(
            {
                "path": f"posters/{name}.pdf",
                "kind": "poster",
                "stage": None,
                "format": "pdf",
                "bytes": len(data),
                "pages": 1,
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )
    manifest_path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")


class Page(HTMLParser):
    """The parts of the page the checks need, read with the standard library's parser."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.headings: list[tuple[int, str]] = []
        self.text: list[str] = []
        self._heading: int | None = None
        self._heading_text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._heading_text = int(tag[1]), []

    def handle_endtag(self, tag: str) -> None:
        if self._heading is not None and tag == f"h{self._heading}":
            self.headings.append((self._heading, " ".join("".join(self._heading_text).split())))
            self._heading = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._heading is not None:
            self._heading_text.append(data)

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags if name == tag]

    @property
    def words(self) -> str:
        return " ".join("".join(self.text).split())


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, library: Library, tailoring: Tailoring) -> Path:
    out = tmp_path_factory.mktemp("site")
    build(_request(out))
    _add_posters(out)
    build_site(out, library, tailoring, TEMPLATES)
    return out


@pytest.fixture(scope="module")
def page(site: Path) -> Page:
    return Page((site / "index.html").read_text(encoding="utf-8"))


def _school_site(
    tmp_path: Path, name: str, dsl: str, location: str, extra: str = ""
) -> tuple[Path, Tailoring]:
    profile = tmp_path / "school.toml"
    profile.write_text(
        f"[school]\nname = {json.dumps(name)}\n"
        f"[safeguarding]\ndsl_name = {json.dumps(dsl)}\ndsl_location = {json.dumps(location)}\n"
        '[pack]\nstages = ["ks1"]\n' + extra,
        encoding="utf-8",
    )
    out = tmp_path / "out"
    build(_request(out, profile=profile))
    tailoring = load_profile(profile, TEMPLATES)
    return out, tailoring


# --- what is written --------------------------------------------------------------------------


def test_writes_the_page_its_stylesheet_fonts_and_a_thumbnail_per_pdf(site: Path) -> None:
    written = sorted(p.relative_to(site).as_posix() for p in (site / "site").rglob("*"))
    assert "site/site.css" in written
    assert "site/logo.png" in written
    assert "site/thumbs/ks1--know-about-cse-ks1.png" in written
    assert "site/thumbs/ks3--know-about-cse-ks3.png" in written
    assert "site/thumbs/posters--parents-a4.png" in written
    assert any(name.endswith(".ttf") for name in written)
    assert (site / "index.html").read_bytes().startswith(b"<!doctype html>")


def test_every_link_and_image_resolves_to_a_file_or_an_anchor(
    site: Path, page: Page, library: Library, tailoring: Tailoring
) -> None:
    ids = {attrs["id"] for _, attrs in page.tags if "id" in attrs}
    websites = {h.website for h in library.helplines.values() if h.website}
    websites.add(tailoring.brand.website)
    local = 0
    for attrs in page.all("a"):
        href = attrs["href"]
        parts = urlsplit(href)
        if href.startswith("#"):
            assert href[1:] in ids, f"no element with id {href[1:]!r}"
        elif parts.scheme in ("tel", "sms"):  # sms: to text a service that takes texts
            assert re.fullmatch(r"(tel|sms):\+?[0-9]{3,15}", href), href
        elif parts.scheme == "mailto":
            assert "@" in href
        elif parts.scheme:
            assert href in websites, f"{href} is not a helpline's or the campaign's website"
        else:
            assert (site / unquote(parts.path)).is_file(), f"{href} does not exist"
            local += 1
    # Both formats of two packs and of their letters home, five posters of which two are one
    # audience, and the manifest.
    assert local == 4 + 4 + 3 + 1
    for tag, attribute in (("img", "src"), ("link", "href")):
        for attrs in page.all(tag):
            target = attrs[attribute]
            assert not urlsplit(target).scheme and not target.startswith("/"), target
            assert (site / unquote(target)).is_file(), f"{target} does not exist"


def test_every_image_has_alt_text(page: Page) -> None:
    images = page.all("img")
    assert len(images) >= 5
    for attrs in images:
        assert attrs.get("alt", "").strip(), f"{attrs['src']} has no alt text"
        assert attrs.get("width") and attrs.get("height")


def test_language_landmarks_and_headings_in_order(page: Page) -> None:
    html = page.all("html")[0]
    assert html["lang"] == "en-GB"
    ids = [attrs["id"] for _, attrs in page.tags if "id" in attrs]
    assert len(ids) == len(set(ids)), "every id is unique"
    tags = [name for name, _ in page.tags]
    for landmark in ("header", "nav", "main", "footer"):
        assert tags.count(landmark) == 1, landmark
    assert page.all("a")[0] == {"class": "skip-link", "href": "#main"}
    assert page.all("main")[0]["id"] == "main"
    levels = [level for level, _ in page.headings]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"a heading jumps from h{before} to h{after}: {page.headings}"
    assert page.all("meta")[1] == {
        "name": "viewport",
        "content": "width=device-width, initial-scale=1",
    }


def test_no_external_fonts_scripts_or_stylesheets(site: Path, page: Page) -> None:
    assert page.all("script") == []
    css = (site / "site" / "site.css").read_text(encoding="utf-8")
    assert "@import" not in css
    assert re.findall(r"url\(([^)]*)\)", css) == [
        '"fonts/atkinson-hyperlegible-regular.ttf"',
        '"fonts/atkinson-hyperlegible-bold.ttf"',
    ]
    assert "http" not in css
    policy = next(m for m in page.all("meta") if m.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'self'" in policy["content"] and "script-src 'none'" in policy["content"]


def test_a_card_per_key_stage_with_lessons_timings_pages_and_downloads(
    site: Path, page: Page, library: Library
) -> None:
    words = page.words
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    sizes = {f["path"]: f for f in manifest["files"]}
    for stage in (KeyStage.KS1, KeyStage.KS3):
        info = library.stages[stage]
        assert f"{info.label} Ages {info.ages[0]}–{info.ages[1]}" in words
        for plan in library.plans_for(stage):
            assert f"{plan.front.title} {plan.front.duration} minutes" in words
        pdf = sizes[f"{stage.value}/know-about-cse-{stage.value}.pdf"]
        docx = sizes[f"{stage.value}/know-about-cse-{stage.value}.docx"]
        assert f"{pdf['pages']} A4 pages" in words
        assert f"{info.label} pack, Download PDF {human_size(pdf['bytes'])}" in words
        assert f"{info.label} pack, Download Word (DOCX) {human_size(docx['bytes'])}" in words
    assert "Years 1 and 2" in words
    assert [h for h in page.headings if h[0] == 3][:2] == [(3, "Key Stage 1"), (3, "Key Stage 3")]


def test_posters_are_grouped_by_audience_with_each_size(page: Page) -> None:
    words = page.words
    assert "Parents and carers poster, Download A4 PDF" in words
    assert words.index("Download A4 PDF") < words.index("Download A3 PDF")
    assert "Zz test audience poster, Download A3 with 3 mm bleed, crop marks PDF" in words
    alts = [attrs["alt"] for attrs in page.all("img")]
    # An audience with no spec to read its words from is named.
    assert "The Zz test audience poster" in alts


def _poster_alt(page: Page, audience: str) -> str:
    (alt,) = [
        attrs["alt"]
        for attrs in page.all("img")
        if attrs["src"] == f"site/thumbs/posters--{audience}-a4.png"
    ]
    return alt


def test_a_posters_picture_gives_its_headline_and_every_number_on_it(
    page: Page, library: Library
) -> None:
    # The preview's text was "The Parents and carers poster": a screen reader user heard
    # nothing of what the poster says, and its PDF is not tagged.
    alt = _poster_alt(page, "parents")
    spec = yaml.safe_load((TEMPLATES / "posters" / "parents.yaml").read_text(encoding="utf-8"))
    assert alt.startswith(f"Poster: {curl(spec['headline'])} Where to get help: ")
    for entry in spec["helplines"]:
        helpline = library.helplines[entry["id"]]
        number = helpline.phone or re.sub(r"^https?://(www\.)?", "", helpline.website or "")
        assert number and f"{entry['label']}, {number}" in alt, entry["id"]
    assert "999" in alt
    # The headline and the numbers, not the whole poster: its points are left out.
    assert all(point not in alt for point in spec["points"])


def test_helplines_checked_date_and_the_campaign_message(page: Page, library: Library) -> None:
    words = page.words
    assert f"Numbers checked on {library.helplines_checked}" in words
    assert "Know the signs. Report it." in words
    for helpline in library.helplines.values():
        assert helpline.name in words
        if helpline.phone:
            assert helpline.phone in words
    headings = [text for _, text in page.headings]
    assert "For children and young people" in headings
    assert "For parents, carers, staff and anyone 18 or over" in headings


def test_adults_services_are_never_listed_for_children(tmp_path: Path) -> None:
    # The NSPCC's line (for adults worried about a child) and the 18-or-over lines a Key
    # Stage 5 page lists were shown under "For children and young people".
    library = load_library(LESSONS)
    build(_request(tmp_path, lessons=LESSONS, stages=(KeyStage.KS5,), formats=("pdf",)))
    build_site(tmp_path, library, default_tailoring(TEMPLATES), TEMPLATES)
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    children = html.split("For children and young people</h3>")[1].split("<h3>")[0]
    adults = html.split("older students</h3>")[1].split("<h3>")[0]
    for name in ("NSPCC Helpline", "Revenge Porn Helpline", "StopNCII"):
        assert name not in children and name in adults
    # Rape Crisis is for anyone of 16 or over: the heading and words over the list may not
    # tell a 17-year-old that the list is for adults or for anyone 18 or over.
    assert "Rape Crisis" in adults
    over_the_list = html.split("For children and young people</h3>")[1].split("<li")[0]
    over_the_list += adults.split("<li")[0]
    assert "18 or over" not in over_the_list and "for adults" not in over_the_list
    for name in ("Childline", "CEOP", "Report Remove", "Fearless"):
        assert name in children


def test_a_page_without_posters_has_no_poster_gallery(
    tmp_path: Path, library: Library, tailoring: Tailoring
) -> None:
    build(_request(tmp_path, stages=(KeyStage.KS1,), formats=("pdf",)))
    build_site(tmp_path, library, tailoring, TEMPLATES)
    page = Page((tmp_path / "index.html").read_text(encoding="utf-8"))
    assert "Posters" not in [text for _, text in page.headings]
    assert "posters" not in {attrs.get("id") for _, attrs in page.tags}
    assert "Download Word" not in page.words  # only the PDF was built


def test_the_guides_for_adults_have_cards(tmp_path: Path) -> None:
    library = load_library(LESSONS)
    build(_request(tmp_path, lessons=LESSONS, stages=(KeyStage.KS5,), formats=("pdf",)))
    build_site(tmp_path, library, default_tailoring(TEMPLATES), TEMPLATES)
    page = Page((tmp_path / "index.html").read_text(encoding="utf-8"))
    headings = [text for _, text in page.headings]
    assert "Guides for adults" in headings
    for guide in library.guides.values():
        assert guide.front.title in headings
        assert f"Cover of {guide.front.title}" in [a["alt"] for a in page.all("img")]


# --- schools ----------------------------------------------------------------------------------


def test_a_school_build_shows_the_school_and_its_dsl(tmp_path: Path, library: Library) -> None:
    contact = '[[local_contacts]]\nname = "Oakfield Family Hub"\nphone = "01782 000222"\n'
    out, tailoring = _school_site(
        tmp_path, "Oakfield Academy", "Ms J Patel", "the Pastoral Office", contact
    )
    build_site(out, library, tailoring, TEMPLATES)
    page = Page((out / "index.html").read_text(encoding="utf-8"))
    # The school's own local contacts replace the campaign area's numbers, as in its packs.
    assert (
        "Local numbers Oakfield Family Hub Call Oakfield Family Hub on 01782 000222" in page.words
    )
    assert {"href": "tel:01782000222"} in page.all("a")
    assert "Made for Oakfield Academy" in page.words
    assert (
        "At Oakfield Academy, tell Ms J Patel, Designated Safeguarding Lead, in the Pastoral Office"
        in page.words
    )
    assert (3, "At Oakfield Academy") in page.headings
    # "for 1 key stage" left a teacher looking for another key stage with no reason why.
    assert (
        "Ready-to-teach lesson packs for Key Stage 1 (the key stage Oakfield Academy chose),"
        in (page.words)
    )
    assert "teacher notes, safeguarding guidance, pupil worksheets, a letter" in page.words
    # The school's box kept its DSL but lost the campaign page's 999 sentence.
    assert "straight away. If a child is in danger now, call 999." in page.words


def test_a_schools_office_hours_contacts_say_what_to_do_when_they_are_closed(
    tmp_path: Path,
) -> None:
    # A school's one contact, open "Mon–Thu 8:30am–5pm", left a parent reading the page on a
    # Saturday night with nobody to ring; and its number, one of the campaign's few-source local
    # numbers, lost the campaign's "Check this number before you use it."
    library = load_library(LESSONS)
    office = (
        '[[local_contacts]]\nname = "Staffordshire Children\'s Advice"\n'
        'phone = "0300 111 8007"\nhours = "Mon–Thu 8:30am–5pm"\n'
    )
    nights = office + (
        '[[local_contacts]]\nname = "Emergency Duty Service"\nphone = "0345 604 2886"\n'
        'hours = "Evenings, weekends and bank holidays"\n'
    )
    pages = []
    for name, contacts in (("office", office), ("nights", nights)):
        profile = tmp_path / f"{name}.toml"
        profile.write_text(
            '[school]\nname = "Oakfield Academy"\n[pack]\nstages = ["ks1"]\n' + contacts,
            encoding="utf-8",
        )
        out = tmp_path / name
        build(_request(out, lessons=LESSONS, profile=profile, formats=("pdf",)))
        build_site(out, library, load_profile(profile, TEMPLATES), TEMPLATES)
        pages.append(Page((out / "index.html").read_text(encoding="utf-8")).words)
    assert (
        "Check this number before you use it. Outside these hours: if a child is in danger"
        in (pages[0])
    )
    assert "Outside these hours" not in pages[1]


def test_a_shortened_lesson_says_so_on_its_card(tmp_path: Path, library: Library) -> None:
    # The card said "50 minutes" where the pack says "50 minutes (shortened from 60 minutes)"
    # and lists what was left out: a teacher planning from the page expected the whole lesson.
    out, tailoring = _school_site(
        tmp_path, "Oakfield Academy", "Ms J Patel", "the office", "lesson_minutes = 50\n"
    )
    build_site(out, library, tailoring, TEMPLATES)
    words = Page((out / "index.html").read_text(encoding="utf-8")).words
    assert "Telling a trusted adult 50 minutes (shortened from 60)" in words


def test_a_hostile_school_name_is_shown_as_text(tmp_path: Path, library: Library) -> None:
    out, tailoring = _school_site(tmp_path, HOSTILE, '<img src=x onerror="alert(2)">', "{{ 7*7 }}")
    build_site(out, library, tailoring, TEMPLATES)
    html = (out / "index.html").read_text(encoding="utf-8")
    page = Page(html)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;Co&#34;" in html
    assert f"Made for {HOSTILE}" in page.words
    assert "in {{ 7*7 }}" in page.words
    assert page.all("script") == []
    assert all(attrs["src"] != "x" for attrs in page.all("img"))


def test_a_school_build_names_its_deputy_dsl_as_text(tmp_path: Path, library: Library) -> None:
    out, tailoring = _school_site(tmp_path, "Oakfield Academy", "Ms J Patel", "the Pastoral Office")
    build_site(out, library, tailoring, TEMPLATES)
    plain = Page((out / "index.html").read_text(encoding="utf-8"))
    assert "if they are away" not in plain.words.lower()  # without a deputy, as it was
    assert tailoring.dsl is not None
    deputy = '<img src=x onerror="alert(3)"> & Mr R Shah'  # untrusted, as every profile value
    named = dataclasses.replace(tailoring, dsl=dataclasses.replace(tailoring.dsl, deputy=deputy))
    build_site(out, library, named, TEMPLATES)
    html = (out / "index.html").read_text(encoding="utf-8")
    page = Page(html)
    assert "<img src=x" not in html and "&lt;img src=x" in html
    assert all(attrs["src"] != "x" for attrs in page.all("img"))
    assert (
        "At Oakfield Academy, tell Ms J Patel, Designated Safeguarding Lead, in the Pastoral "
        f"Office, straight away, or {deputy} if they are away." in page.words
    )
    assert (
        f"Talk to Ms J Patel, Designated Safeguarding Lead, in the Pastoral Office. If they are away, talk to {deputy}."
        in page.words
    )


# --- the accessibility statement --------------------------------------------------------------


def _statement(html: str) -> Page:
    start = html.index('<section id="accessibility"')
    return Page(html[start : html.index("</section>", start)])


def test_the_campaigns_page_has_an_accessibility_statement_linked_from_its_footer(
    site: Path, page: Page, tailoring: Tailoring
) -> None:
    # UK public-sector sites publish one (the Public Sector Bodies Accessibility Regulations
    # 2018): what works, what does not, and how to ask for another format. The page had none.
    html = (site / "index.html").read_text(encoding="utf-8")
    assert (2, "Accessibility") in page.headings
    footer = Page(html[html.index("<footer") :])
    assert {"href": "#accessibility"} in footer.all("a")
    statement = _statement(html)
    words = statement.words
    assert [text for _, text in statement.headings] == [
        "Accessibility",
        "What works well",
        "What does not work well",
        "Ask for another format",
    ]
    assert "If you use a screen reader, use the Word version." in words
    assert "The PDF files are not tagged" in words
    assert "each poster's picture on this page has a description" in words
    assert "The packs and guides can be made in large print for a school" in words
    # Without a school, the campaign is the contact: its website, never an invented address.
    assert (
        "If you need a file in another format, such as large print, or something here does not "
        "work for you, contact Know About CSE through its website, www.knowaboutcse.co.uk." in words
    )
    assert [a["href"] for a in statement.all("a")] == [tailoring.brand.website]
    assert not re.search(r"[0-9]{3}", words), "no phone number the data does not give"


def _oakfield_ks1(tmp_path: Path, safeguarding: str, extra: str = "") -> tuple[Path, Path]:
    """Oakfield Academy's KS1 build (PDFs only), its DSL Ms J Patel with these details: its
    profile and its folder."""
    profile = tmp_path / "school.toml"
    profile.write_text(
        '[school]\nname = "Oakfield Academy"\n[safeguarding]\ndsl_name = "Ms J Patel"\n'
        f'{safeguarding}[pack]\nstages = ["ks1"]\n{extra}',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    build(_request(out, profile=profile, formats=("pdf",)))
    return profile, out


def _school_page(tmp_path: Path, library: Library, safeguarding: str, extra: str = "") -> str:
    """A KS1 school's page (PDFs only) with the parents' poster, its DSL as given."""
    where = 'dsl_location = "the Pastoral Office"\n'
    profile, out = _oakfield_ks1(tmp_path, where + safeguarding, extra)
    _add_posters(out)
    build_site(out, library, load_profile(profile, TEMPLATES), TEMPLATES)
    return (out / "index.html").read_text(encoding="utf-8")


def test_a_schools_statement_names_its_dsls_email_for_another_format(
    tmp_path: Path, library: Library
) -> None:
    html = _school_page(
        tmp_path, library, 'dsl_phone = "01782 234567"\ndsl_email = "dsl@oakfield.example"\n'
    )
    statement = _statement(html)
    words = statement.words
    assert (
        "If you need a file in another format, such as large print or a Word version, or "
        "something here does not work for you, email Ms J Patel, Designated Safeguarding Lead, "
        "at dsl@oakfield.example." in words
    )
    assert [a["href"] for a in statement.all("a")] == ["mailto:dsl@oakfield.example"]
    # Only PDFs were built: the statement does not send a screen reader user to Word files.
    assert "use the Word version" not in words
    assert "Word versions were not made for this page: ask for them (see below)." in words
    assert "made in large print for Oakfield Academy" in words
    # The school's own poster's picture says whom to talk to, as the poster does.
    assert _poster_alt(Page(html), "parents").endswith(
        "Our safeguarding lead: Talk to Ms J Patel in the Pastoral Office. Phone 01782 234567."
    )


def test_a_school_without_a_dsl_email_points_to_the_school_and_the_campaign(
    tmp_path: Path, library: Library, tailoring: Tailoring
) -> None:
    statement = _statement(_school_page(tmp_path, library, "", "[brand]\nlarge_print = true\n"))
    words = statement.words
    assert (
        "If you need a file in another format, such as a Word version, or something here does "
        "not work for you, ask Oakfield Academy, or contact Know About CSE through its website, "
        "www.knowaboutcse.co.uk." in words
    )
    assert [a["href"] for a in statement.all("a")] == [tailoring.brand.website]
    assert "The packs and guides on this page are in large print." in words


# --- layout -----------------------------------------------------------------------------------


def test_words_wrap_whole_and_only_addresses_may_break_anywhere() -> None:
    # "overflow-wrap: anywhere" on the body broke headings mid-word at 320 px and at 200% text
    # ("Staff safeguardin / g briefing") where the whole word would fit on the next line.
    css = re.sub(r"/\*.*?\*/", "", (TEMPLATES / "site" / "site.css").read_text(encoding="utf-8"))
    css = css.replace("\n", " ")
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", css)
    (body,) = [declarations for selectors, declarations in rules if selectors.strip() == "body"]
    assert re.search(r"overflow-wrap:\s*break-word", body)
    for selectors, declarations in rules:
        if re.search(r"overflow-wrap:\s*anywhere|word-break:\s*break-(all|word)", declarations):
            for selector in selectors.split(","):
                assert selector.strip() in {'a[href*="//"]', 'a[href^="mailto:"]'}, selector


# --- reproducible, and cleaned ----------------------------------------------------------------


def _digests(folder: Path) -> dict[str, str]:
    files = [folder / "index.html", *sorted((folder / "site").rglob("*.*"))]
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in files
    }


def test_a_second_run_gives_the_same_bytes(
    site: Path, library: Library, tailoring: Tailoring, tmp_path: Path
) -> None:
    before = _digests(site)
    copy = tmp_path / "copy"
    shutil.copytree(site, copy)
    shutil.rmtree(copy / "site")
    (copy / "index.html").unlink()
    build_site(copy, library, tailoring, TEMPLATES)
    build_site(site, library, tailoring, TEMPLATES)
    assert _digests(site) == before
    assert _digests(copy) == before


def test_files_left_from_an_earlier_page_are_removed(
    tmp_path: Path, library: Library, tailoring: Tailoring
) -> None:
    build(_request(tmp_path, stages=(KeyStage.KS1,), formats=("pdf",)))
    old = tmp_path / "site" / "thumbs" / "ks9--gone.png"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"old")
    notes = tmp_path / "site" / "notes.txt"  # not a kind of file the page writes: left alone
    notes.write_text("mine", encoding="utf-8")
    build_site(tmp_path, library, tailoring, TEMPLATES)
    assert not old.exists()
    assert notes.read_text(encoding="utf-8") == "mine"


# --- colours ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("primary", "accent"), [(None, None), ("#1D5E3A", "#FFD23F")])
def test_every_colour_pair_reaches_wcag_aa(
    tmp_path: Path, primary: str | None, accent: str | None
) -> None:
    tailoring = default_tailoring(TEMPLATES)
    if primary and accent:
        profile = tmp_path / "school.toml"
        profile.write_text(
            f'[school]\nname = "Green Lane"\n[brand]\nprimary = "{primary}"\naccent = "{accent}"\n',
            encoding="utf-8",
        )
        tailoring = load_profile(profile, TEMPLATES)
    for fg, bg, fg_value, bg_value in colour_pairs(tailoring.theme):
        ratio = colour.contrast(fg_value, bg_value)
        assert ratio >= colour.AA_TEXT, f"{fg} {fg_value} on {bg} {bg_value}: {ratio:.2f}:1"


def test_the_stylesheet_template_uses_only_theme_colours() -> None:
    css = (TEMPLATES / "site" / "site.css").read_text(encoding="utf-8")
    assert re.findall(r"#[0-9A-Fa-f]{3,8}\b", css) == []
    assert ":focus-visible" in css


# --- mistakes ---------------------------------------------------------------------------------


def test_no_manifest_says_to_build_first(
    tmp_path: Path, library: Library, tailoring: Tailoring
) -> None:
    with pytest.raises(StaleBuildError) as caught:
        build_site(tmp_path, library, tailoring, TEMPLATES)
    assert str(caught.value) == (
        f"{display_path(tmp_path / 'manifest.json')} not found: run cse-lessonpack build first"
    )
    # An input that is not there: exit code 1, as verify gives for a folder not found.
    assert caught.value.exit_code == 1
    assert not (tmp_path / "index.html").exists()


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("not json", "cannot be read (JSONDecodeError); run cse-lessonpack build again"),
        (
            '{"files": 3}',
            "is not a manifest written by cse-lessonpack; run cse-lessonpack build again",
        ),
        (
            '{"files": [{"path": "ks1/a.pdf"}]}',
            ": file entry 1 is not one cse-lessonpack wrote; run cse-lessonpack build again",
        ),
        (
            '{"files": [{"path": "../x.pdf", "kind": "pack", "format": "pdf", "bytes": 1}]}',
            ": file entry 1 points outside the output folder",
        ),
        ('{"files": []}', " lists no packs, guides or posters; run cse-lessonpack build first"),
    ],
)
def test_a_broken_manifest_is_a_clear_message(
    tmp_path: Path, library: Library, tailoring: Tailoring, manifest: str, message: str
) -> None:
    (tmp_path / "manifest.json").write_text(manifest, encoding="utf-8")
    with pytest.raises(StaleBuildError) as caught:
        build_site(tmp_path, library, tailoring, TEMPLATES)
    shown = display_path(tmp_path / "manifest.json")
    assert str(caught.value) == shown + ("" if message.startswith((":", " ")) else " ") + message


def test_a_listed_file_that_is_missing_is_named(
    tmp_path: Path, library: Library, tailoring: Tailoring
) -> None:
    build(_request(tmp_path, stages=(KeyStage.KS1,), formats=("pdf",)))
    (tmp_path / "ks1" / "know-about-cse-ks1.pdf").unlink()
    with pytest.raises(StaleBuildError) as caught:
        build_site(tmp_path, library, tailoring, TEMPLATES)
    assert str(caught.value) == (
        f"{display_path(tmp_path / 'ks1' / 'know-about-cse-ks1.pdf')} is listed in "
        f"{display_path(tmp_path / 'manifest.json')} but missing; run cse-lessonpack build again"
    )


def test_a_listed_pdf_that_cannot_be_read_is_named(
    tmp_path: Path, library: Library, tailoring: Tailoring
) -> None:
    build(_request(tmp_path, stages=(KeyStage.KS1,), formats=("pdf",)))
    pdf = tmp_path / "ks1" / "know-about-cse-ks1.pdf"
    pdf.write_bytes(b"not a PDF")
    with pytest.raises(StaleBuildError) as caught:
        build_site(tmp_path, library, tailoring, TEMPLATES)
    assert str(caught.value).startswith(f"{display_path(pdf)} cannot be read as a PDF (")
    assert str(caught.value).endswith("); run cse-lessonpack build again")


def test_output_from_other_content_or_another_school_is_refused(
    tmp_path: Path, library: Library, tailoring: Tailoring
) -> None:
    build(_request(tmp_path, stages=(KeyStage.KS1,), formats=("pdf",)))
    shown = display_path(tmp_path / "manifest.json")
    with pytest.raises(StaleBuildError) as caught:
        build_site(tmp_path, load_library(LESSONS), tailoring, TEMPLATES)
    assert str(caught.value) == (
        f"{shown} was written from different content than {display_path(LESSONS)} holds now; "
        "run cse-lessonpack build again"
    )
    school = dataclasses.replace(tailoring, school_name="Oakfield Academy")
    with pytest.raises(UsageError) as caught:
        build_site(tmp_path, library, school, TEMPLATES)
    assert str(caught.value) == (
        f"{shown}: the files were built without a school profile but the page was asked for "
        "'Oakfield Academy'; give site the same --school profile as build"
    )


def test_a_templates_folder_without_the_page_template_is_a_template_error(
    tmp_path: Path, library: Library, tailoring: Tailoring
) -> None:
    out = tmp_path / "out"
    build(_request(out, stages=(KeyStage.KS1,), formats=("pdf",)))
    templates = tmp_path / "templates"
    (templates / "site").mkdir(parents=True)
    shutil.copy(TEMPLATES / "site" / "site.css", templates / "site" / "site.css")
    with pytest.raises(TemplateError) as caught:
        build_site(out, library, tailoring, templates)
    assert str(caught.value) == (
        f"{display_path(templates / 'site' / 'index.html.j2')}: template not found "
        "(the download page needs it)"
    )
    assert not (out / "index.html").exists()


def test_a_primary_page_lists_only_the_services_its_stages_name(tmp_path: Path) -> None:
    # A Key Stage 1–2 school's page listed Report Remove ("a nude image"), Fearless, SafeCall,
    # the Revenge Porn Helpline and StopNCII, which no pack of its names, and its description
    # said "Key Stages 1 to 5".
    library = load_library(LESSONS)
    build(_request(tmp_path, lessons=LESSONS, stages=(KeyStage.KS1,), formats=("pdf",)))
    build_site(tmp_path, library, default_tailoring(TEMPLATES), TEMPLATES)
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    for name in ("Report Remove", "Fearless", "Revenge Porn", "StopNCII", "nude"):
        assert name not in html, name
    children = html.split("For children and young people</h3>")[1].split("<h3>")[0]
    assert "Childline" in children and "SafeCall" not in children  # SafeCall: from Key Stage 4
    assert "NSPCC Helpline" in html
    assert "For parents, carers, staff and anyone 18 or over</h3>" in html  # no student lines
    description = Page(html).all("meta")
    (content,) = [m["content"] for m in description if m.get("name") == "description"]
    assert "child sexual exploitation for Key Stage 1, guides" in content


def test_the_campaigns_page_tells_school_staff_to_go_to_their_dsl(page: Page) -> None:
    # Without a school, "Worried about a child?" gave only 999, Childline and the NSPCC: for
    # school staff the first step is their Designated Safeguarding Lead.
    assert "If you work in a school, tell its Designated Safeguarding Lead straight away." in (
        page.words
    )


def _dsl_page(tmp_path: Path, contact: str) -> str:
    """The download page of a KS1 build for Oakfield Academy, whose DSL has these details."""
    profile, out = _oakfield_ks1(tmp_path, contact)
    build_site(out, load_library(FIXTURE_LESSONS), load_profile(profile, TEMPLATES), TEMPLATES)
    return (out / "index.html").read_text(encoding="utf-8")


def test_the_dsls_number_and_email_are_named_for_screen_readers(tmp_path: Path) -> None:
    # Every helpline's number was read as "Call Childline on 0800 1111"; the DSL's, in the
    # "Worried about a child?" box, and their email were read as bare digits and an address.
    html = _dsl_page(tmp_path, 'dsl_phone = "01782 234567"\ndsl_email = "dsl@oakfield.example"\n')
    page = Page(html)
    tel = [a for a in page.all("a") if a.get("href") == "tel:01782234567"]
    assert len(tel) == 2
    assert html.count('<span class="visually-hidden">Call Ms J Patel on </span>') == 2
    assert '<span class="visually-hidden">Email Ms J Patel at </span>dsl@oakfield.example' in html


def test_an_email_link_is_percent_encoded(tmp_path: Path) -> None:
    # A link's address is data: anything but the @ is encoded, so no address can add a copy
    # or a subject to the message a parent sends (profiles take only plain addresses too).
    html = _dsl_page(tmp_path, 'dsl_email = "jo.smith+dsl@oakfield.example"\n')
    hrefs = [a.get("href") for a in Page(html).all("a")]
    assert "mailto:jo.smith%2Bdsl@oakfield.example" in hrefs
    assert not any(h and h.startswith("mailto:") and "+" in h for h in hrefs)


def test_a_tap_on_the_dsls_number_dials_its_extension_too(tmp_path: Path) -> None:
    # "01782 555123 ext 204" was linked as tel:01782555123: a tap reached the switchboard only.
    page = Page(_dsl_page(tmp_path, 'dsl_phone = "01782 555123 ext. 204"\n'))
    hrefs = [a.get("href") for a in page.all("a")]
    assert "tel:01782555123,204" in hrefs and "tel:01782555123" not in hrefs


def test_services_can_be_texted_written_to_and_called_from_every_mention(tmp_path: Path) -> None:
    # SafeCall's "Text 116 000" was plain text, an email link was named only by its address, and
    # the numbers in "Know the services above too" could not be tapped.
    library = load_library(LESSONS)
    build(_request(tmp_path, lessons=LESSONS, stages=(KeyStage.KS4,), formats=("pdf",)))
    build_site(tmp_path, library, default_tailoring(TEMPLATES), TEMPLATES)
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    page = Page(html)
    assert {"href": "sms:116000"} in page.all("a")
    assert "Text Missing People SafeCall on 116 000" in page.words
    emails = [h for h in library.helplines.values() if h.email and "staff" in h.audiences]
    assert emails
    for h in emails:
        assert f'<span class="visually-hidden">Email {h.name} at </span>{h.email}' in html
    also = page.words[page.words.index("Know the services above too") :]
    also = also[: also.index("These services are for adults")]
    assert "Call Missing People SafeCall on 116 000" in also


def test_a_large_print_build_says_so_on_its_cards(tmp_path: Path, library: Library) -> None:
    out, tailoring = _school_site(
        tmp_path,
        "Oakfield Academy",
        "Ms J Patel",
        "the Pastoral Office",
        "[brand]\nlarge_print = true\n",
    )
    build_site(out, library, tailoring, TEMPLATES)
    page = Page((out / "index.html").read_text(encoding="utf-8"))
    assert re.search(r"\d+ A4 pages, large print", page.words)
    (tmp_path / "plain").mkdir()
    out2, plain = _school_site(tmp_path / "plain", "Oakfield Academy", "Ms J Patel", "the office")
    build_site(out2, library, plain, TEMPLATES)
    plain_words = Page((out2 / "index.html").read_text(encoding="utf-8")).words
    # Only the accessibility statement speaks of large print, as something to ask for.
    assert "large print" not in plain_words.split("Accessibility We want")[0]


def test_a_colleges_page_speaks_of_students_and_staff(tmp_path: Path) -> None:
    # A sixth-form college's page said "pupil worksheets" (its pack's are "Student
    # worksheets"), "the key stage the school chose" and "For school staff".
    profile = tmp_path / "college.toml"
    profile.write_text(
        '[school]\nname = "Trentside Sixth Form College"\n[pack]\nstages = ["ks5"]\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    build(_request(out, lessons=LESSONS, profile=profile, formats=("pdf",), site=True))
    page = Page((out / "index.html").read_text(encoding="utf-8"))
    assert "Key Stage 5 (the key stage Trentside Sixth Form College chose)" in page.words
    assert "teacher notes, safeguarding guidance, student worksheets, a letter" in page.words
    assert "For staff" in page.words and "school staff" not in page.words


def test_the_page_names_worksheets_as_its_packs_do(
    tmp_path: Path, page: Page, library: Library
) -> None:
    # A secondary school's page said "pupil worksheets"; its KS3 and KS4 packs' are "Student
    # worksheets" (and KS1's and KS2's "Pupil worksheets").
    assert "safeguarding guidance, pupil and student worksheets, a letter" in page.words  # KS1, KS3
    profile = tmp_path / "school.toml"
    profile.write_text(
        '[school]\nname = "Oakfield Academy"\n[pack]\nstages = ["ks3"]\n', encoding="utf-8"
    )
    out = tmp_path / "out"
    build(_request(out, profile=profile))
    build_site(out, library, load_profile(profile, TEMPLATES), TEMPLATES)
    secondary = Page((out / "index.html").read_text(encoding="utf-8"))
    assert "safeguarding guidance, student worksheets, a letter" in secondary.words


def test_the_page_names_the_key_stages_whose_packs_have_slips_for_home(tmp_path: Path) -> None:
    # Only KS1's and KS2's packs have "Messages for home": the page lists what every pack holds,
    # so it says which have them, and a secondary school's page does not mention them.
    for run, (stages, said) in enumerate(
        (
            ('["ks1", "ks2", "ks3"]', "slips to send home after the lessons (Key Stages 1 and 2),"),
            ('["ks2"]', "slips to send home after the lessons (Key Stage 2),"),
            ('["ks4", "ks5"]', None),
        )
    ):
        profile = tmp_path / "school.toml"
        profile.write_text(
            f'[school]\nname = "Oakfield Academy"\n[pack]\nstages = {stages}\n', encoding="utf-8"
        )
        out = tmp_path / f"out-{run}"
        build(_request(out, lessons=LESSONS, profile=profile, formats=("pdf",), site=True))
        page = Page((out / "index.html").read_text(encoding="utf-8"))
        if said is None:
            assert "slips to send home" not in page.words, stages
        else:
            assert said in page.words, stages
