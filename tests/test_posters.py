"""Poster specs: loading with located errors, content rules, composing, file names and the files."""

from __future__ import annotations

import dataclasses
import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from cse_lessonpack.content import Library
from cse_lessonpack.errors import ContentError, ProfileError, UsageError, display_path
from cse_lessonpack.model import KeyStage
from cse_lessonpack.poster import PrintOptions
from cse_lessonpack.posters import (
    audiences_for,
    available_audiences,
    check_school_fits,
    compose_poster,
    load_posters,
    poster_files,
    poster_path,
    print_options,
    school_cmyk_note,
)
from cse_lessonpack.profile import Tailoring, tailoring_from_data

from .conftest import TEMPLATES

AUDIENCES = ["parents", "primary-pupils", "secondary-pupils", "staff"]


@pytest.fixture
def spec_folder(tmp_path: Path) -> Path:
    """A templates folder holding a copy of the real poster specs, to break on purpose."""
    shutil.copytree(TEMPLATES / "posters", tmp_path / "posters")
    return tmp_path


@pytest.fixture
def edit_spec(spec_folder: Path) -> Callable[[str, str, str], Path]:
    def apply(name: str, old: str, new: str) -> Path:
        path = spec_folder / "posters" / f"{name}.yaml"
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path

    return apply


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def problems_of(library: Library, templates: Path, name: str) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_posters(library, templates, [name])
    return [str(p) for p in caught.value.problems]


# --- the real specs ---------------------------------------------------------------------------


def test_every_audience_has_a_spec() -> None:
    assert available_audiences(TEMPLATES) == AUDIENCES


def test_the_real_specs_pass_every_rule(library: Library) -> None:
    sources = load_posters(library, TEMPLATES)
    assert list(sources) == AUDIENCES
    assert sources["primary-pupils"].spec.readers == "ks1"
    assert sources["secondary-pupils"].spec.readers == "ks3"
    for source in sources.values():
        assert 2 <= len(source.spec.points) <= 4


def test_the_specs_name_the_helplines_the_campaign_asks_for(library: Library) -> None:
    ids = {
        name: [h.id for h in source.spec.helplines]
        for name, source in load_posters(library, TEMPLATES).items()
    }
    assert {"childline", "emergency"} <= set(ids["primary-pupils"])
    assert {"childline", "ceop", "report-remove", "emergency"} <= set(ids["secondary-pupils"])
    assert {"nspcc-helpline", "emergency", "police-non-emergency", "stop-it-now", "ceop"} <= set(
        ids["parents"]
    )
    # Staff call 999 first when a child is in immediate danger; the advice lines come after.
    assert ids["staff"][0] == "emergency"
    assert {"nspcc-helpline", "police-non-emergency"} <= set(ids["staff"])


def test_report_remove_is_offered_as_help_not_a_promise(library: Library) -> None:
    # "Search Report Remove on Childline to get a nude image of you taken down" promised what
    # the service cannot (it cannot find every copy); the packs say it helps get one removed.
    notes = [
        entry.note or ""
        for source in load_posters(library, TEMPLATES).values()
        for entry in source.spec.helplines
        if entry.id == "report-remove"
    ]
    assert notes
    for note in notes:
        assert "help" in note.lower(), note


def test_the_students_poster_says_which_services_have_an_age_limit(library: Library) -> None:
    # Sixth-form and college students of 18 and 19 read the secondary poster: CEOP's note did
    # not say it is for under-18s, nor Childline's that it is for under-19s.
    spec = load_posters(library, TEMPLATES)["secondary-pupils"].spec
    notes = {entry.id: entry.note or "" for entry in spec.helplines}
    assert notes["childline"].startswith("Under 19?")
    assert notes["ceop"].startswith("Under 18?")
    assert notes["report-remove"].startswith("Under 18?")
    assert "college" in (spec.school_heading_with_ks5 or "")  # for a build with a sixth form


# --- located errors ---------------------------------------------------------------------------


def test_an_unknown_helpline_is_a_located_error(
    library: Library, spec_folder: Path, edit_spec: Callable[[str, str, str], Path]
) -> None:
    path = edit_spec("staff", "- id: police-non-emergency", "- id: police-non-emergancy")
    line = line_of(path, "police-non-emergancy")
    assert problems_of(library, spec_folder, "staff") == [
        f"{display_path(path)}:{line}: helplines[2].id: unknown helpline "
        "'police-non-emergancy' (not in helplines.yaml)"
    ]


def test_a_ks1_avoided_word_on_the_primary_poster_is_a_located_error(
    library: Library, spec_folder: Path, edit_spec: Callable[[str, str, str], Path]
) -> None:
    path = edit_spec(
        "primary-pupils",
        "You are not in trouble for telling.",
        "Abuse is never your fault.",
    )
    line = line_of(path, "Abuse is never")
    assert problems_of(library, spec_folder, "primary-pupils") == [
        f"{display_path(path)}:{line}: points[2]: uses 'abuse', which ks1 pupil-facing text avoids"
    ]


def test_the_secondary_poster_follows_the_ks3_list(
    library: Library, spec_folder: Path, edit_spec: Callable[[str, str, str], Path]
) -> None:
    path = edit_spec("secondary-pupils", "label: CEOP", "label: CEOP (report a predator)")
    line = line_of(path, "predator")
    assert problems_of(library, spec_folder, "secondary-pupils") == [
        f"{display_path(path)}:{line}: helplines[2].label: uses 'predator', "
        "which ks3 pupil-facing text avoids"
    ]


def test_primary_text_must_be_easy_to_read(
    library: Library, spec_folder: Path, edit_spec: Callable[[str, str, str], Path]
) -> None:
    edit_spec(
        "primary-pupils",
        "You are not in trouble for telling.",
        "Communicating uncomfortable circumstances to responsible individuals is encouraged.",
    )
    (problem,) = problems_of(library, spec_folder, "primary-pupils")
    assert "read at Flesch–Kincaid grade" in problem and "the ks1 limit is 2" in problem


def test_a_phone_number_written_in_a_spec_is_refused(
    library: Library, spec_folder: Path, edit_spec: Callable[[str, str, str], Path]
) -> None:
    path = edit_spec(
        "parents", "note: A child in danger now.", "note: Or call 01782 000000 for a child."
    )
    line = line_of(path, "01782 000000")
    assert problems_of(library, spec_folder, "parents") == [
        f"{display_path(path)}:{line}: helplines[1].note: '01782' looks like a phone number; "
        "numbers are printed only from helplines.yaml (list the helpline under helplines)"
    ]


def test_the_number_of_a_listed_helpline_may_be_named_in_the_words(
    library: Library, spec_folder: Path, edit_spec: Callable[[str, str, str], Path]
) -> None:
    # "call 999" beside the 999 box is the registry's number, not one typed in.
    edit_spec("parents", "note: A child in danger now.", "note: Call 999 for a child in danger.")
    assert "parents" in load_posters(library, spec_folder, ["parents"])
    edit_spec("parents", "- id: emergency", "- id: crimestoppers")
    (problem,) = problems_of(library, spec_folder, "parents")
    assert "'999' looks like a phone number" in problem


def test_a_helpline_not_meant_for_the_readers_is_refused(
    library: Library, spec_folder: Path, edit_spec: Callable[[str, str, str], Path]
) -> None:
    path = edit_spec("primary-pupils", "- id: emergency", "- id: nspcc-helpline")
    line = line_of(path, "- id: nspcc-helpline")
    problems = problems_of(library, spec_folder, "primary-pupils")
    assert (
        f"{display_path(path)}:{line}: helplines[1].id: 'nspcc-helpline' is not for ks1 "
        "(helplines.yaml lists it for: parents, staff, letters)"
    ) in problems
    assert any(
        "a poster for pupils lists Childline and 999 (missing: emergency)" in p for p in problems
    )


def test_victim_blaming_is_refused(
    library: Library, spec_folder: Path, edit_spec: Callable[[str, str, str], Path]
) -> None:
    path = edit_spec(
        "staff",
        "The child is never to blame.",
        "Some children are putting themselves at risk.",
    )
    line = line_of(path, "putting themselves at risk")
    problems = problems_of(library, spec_folder, "staff")
    assert problems == [
        f"{display_path(path)}:{line}: points[3]: victim-blaming phrase 'putting themselves at "
        "risk' (say instead: being put at risk by the person exploiting them)"
    ]


def test_schema_problems_are_located(
    library: Library, spec_folder: Path, edit_spec: Callable[[str, str, str], Path]
) -> None:
    path = edit_spec("staff", "readers: staff", "readers: governors\ncolour: red")
    problems = problems_of(library, spec_folder, "staff")
    assert problems == [
        f"{display_path(path)}:{line_of(path, 'readers:')}: readers: expected 'ks1', 'ks2', "
        "'ks3', 'ks4', 'ks5', 'parents' or 'staff', got 'governors'",
        f"{display_path(path)}:{line_of(path, 'colour: red')}: colour: unknown field "
        "(check the spelling; see the README's content format)",
    ]


def test_too_many_points_is_an_error(
    library: Library, spec_folder: Path, edit_spec: Callable[[str, str, str], Path]
) -> None:
    edit_spec("staff", "points:\n", "points:\n  - One more.\n")
    (problem,) = problems_of(library, spec_folder, "staff")
    assert ": points: " in problem and "at most 4" in problem


# --- command-line values ----------------------------------------------------------------------


def test_unknown_audience_size_and_bleed_are_usage_errors(
    library: Library, tailoring: Tailoring
) -> None:
    with pytest.raises(UsageError, match=r"unknown audience 'pupils' \(expected one of: parents, "):
        poster_files(library, tailoring, TEMPLATES, ["pupils"], ["A4"])
    with pytest.raises(
        UsageError, match=r"unknown poster size 'A5' \(expected one of: A4, A3, A2\)"
    ):
        print_options("A5")
    with pytest.raises(UsageError, match="bleed must be between 0 and 10 mm"):
        print_options("A4", bleed_mm=30)
    assert print_options("a3") == PrintOptions("A3")


# --- composing --------------------------------------------------------------------------------


def test_compose_takes_numbers_and_dates_from_the_content(
    library: Library, tailoring: Tailoring
) -> None:
    source = load_posters(library, TEMPLATES, ["parents"])["parents"]
    poster = compose_poster(library, tailoring, source)
    numbers = {h.name: (h.number, h.kind) for h in poster.helplines}
    assert numbers["NSPCC Helpline"] == ("0808 800 5000", "phone")
    assert numbers["CEOP"] == ("ceop.police.uk", "web")
    assert poster.checked == "Numbers checked on 28 November 2026"
    assert poster.qr_target == poster.website == "https://www.knowaboutcse.co.uk"
    assert poster.school is None


def test_a_posters_points_and_notes_never_end_on_a_lone_word(
    library: Library, tailoring: Tailoring
) -> None:
    # With a school's box taking room, the parents' poster ended a point "It is never the /
    # child's fault."; the last two words of each point and note now stay together.
    source = load_posters(library, TEMPLATES, ["parents"])["parents"]
    poster = compose_poster(library, tailoring, source)
    for text in (*poster.points, *(h.extra for h in poster.helplines if h.extra)):
        head, _, last = text.rpartition("\u00a0")
        assert head and " " not in last, text


def test_compose_adds_the_school(library: Library, tmp_path: Path) -> None:
    Image.new("RGB", (40, 20), (10, 120, 60)).save(tmp_path / "logo.png")
    school = tailoring_from_data(
        {
            "school": {"name": "Oakfield Academy", "logo": "logo.png"},
            "safeguarding": {"dsl_name": "Ms J Patel", "dsl_location": "the Pastoral Office"},
        },
        tmp_path / "school.toml",
        {},
        TEMPLATES,
    )
    source = load_posters(library, TEMPLATES, ["staff"])["staff"]
    poster = compose_poster(library, school, source)
    assert poster.school is not None
    assert poster.school.name == "Oakfield Academy"
    assert poster.school.talk_to == "Talk to Ms J Patel in the Pastoral Office."
    assert poster.school.talk_to_heading == "Our Designated Safeguarding Lead"
    assert poster.school.logo_png and poster.school.logo_aspect == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("location", "talk_to"),
    [
        ("In the pastoral office", "Talk to Ms J Patel in the pastoral office."),
        ("At reception.", "Talk to Ms J Patel at reception."),
        ("on the first floor", "Talk to Ms J Patel on the first floor."),
        ("Inclusion Hub", "Talk to Ms J Patel in Inclusion Hub."),  # "In…" but not "in"
        ("Inside Out Centre", "Talk to Ms J Patel in Inside Out Centre."),  # a room's name
    ],
)
def test_a_location_with_its_own_in_or_at_is_not_given_another(
    library: Library, tmp_path: Path, location: str, talk_to: str
) -> None:
    # "Where pupils find your DSL" answered "In the pastoral office" printed "in in the pastoral
    # office" on the pupils' posters, and "At reception" printed "in At reception".
    school = tailoring_from_data(
        {
            "school": {"name": "Oakfield Academy"},
            "safeguarding": {"dsl_name": "Ms J Patel", "dsl_location": location},
        },
        tmp_path / "school.toml",
        {},
        TEMPLATES,
    )
    source = load_posters(library, TEMPLATES, ["secondary-pupils"])["secondary-pupils"]
    poster = compose_poster(library, school, source)
    assert poster.school is not None and poster.school.talk_to == talk_to


# --- files ------------------------------------------------------------------------------------


def test_file_names_never_overwrite_the_plain_poster() -> None:
    assert poster_path("staff", PrintOptions("A3")) == "posters/staff-a3.pdf"
    assert poster_path("staff", PrintOptions("A3"), "png") == "posters/staff-a3.png"
    assert poster_path("staff", PrintOptions("A3", bleed_mm=3)) == "posters/staff-a3-bleed3mm.pdf"
    assert (
        poster_path("staff", PrintOptions("A2", bleed_mm=2.5, crop_marks=True, cmyk=True))
        == "posters/staff-a2-bleed2.5mm-crop-cmyk.pdf"
    )
    variants = {
        poster_path("staff", PrintOptions("A4", bleed, crop, cmyk))
        for bleed in (0.0, 3.0)
        for crop in (False, True)
        for cmyk in (False, True)
    }
    assert len(variants) == 8


def test_poster_files_makes_a_pdf_and_a_preview_for_every_audience_and_size(
    library: Library, tailoring: Tailoring
) -> None:
    files = poster_files(library, tailoring, TEMPLATES)
    expected = {
        f"posters/{audience}-{size}.{ext}"
        for audience in AUDIENCES
        for size in ("a4", "a3")
        for ext in ("pdf", "png")
    }
    assert set(files) == expected
    for path, data in files.items():
        if path.endswith(".pdf"):
            assert len(PdfReader(io.BytesIO(data)).pages) == 1
        else:
            assert Image.open(io.BytesIO(data)).format == "PNG"
    assert poster_files(library, tailoring, TEMPLATES) == files  # byte-identical when rebuilt


def test_poster_files_with_print_options(library: Library, tailoring: Tailoring) -> None:
    files = poster_files(
        library, tailoring, TEMPLATES, ["staff"], ["A2"], bleed_mm=3, crop_marks=True, cmyk=True
    )
    assert set(files) == {
        "posters/staff-a2-bleed3mm-crop-cmyk.pdf",
        "posters/staff-a2-bleed3mm-crop-cmyk.png",
    }


def test_words_that_do_not_fit_are_a_content_error(
    library: Library, tailoring: Tailoring, spec_folder: Path
) -> None:
    long = "This point is written at length to see what happens when a poster has too much to say."
    notes = "A note long enough to wrap onto a second line in a helpline card, at any size."
    (spec_folder / "posters" / "crowded.yaml").write_text(
        "title: Crowded\nreaders: parents\nheadline: "
        + long
        + "\npoints:\n"
        + "".join(f"  - {long}\n" for _ in range(4))
        + f"call_to_action: {long}\nhelplines:\n"
        + "".join(
            f"  - id: {h}\n    note: {notes}\n"
            for h in ("nspcc-helpline", "stop-it-now", "ceop", "childline", "crimestoppers")
        )
        + "school_heading: At school\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match="the 'crowded' poster's words do not fit on A4"):
        poster_files(library, tailoring, spec_folder, ["crowded"], ["A4"])


def _school(tmp_path: Path, location: str, name: str = "Oakfield Academy") -> Tailoring:
    profile = tmp_path / "school.toml"
    text = (
        f'[school]\nname = "{name}"\n\n[safeguarding]\n'
        f'dsl_name = "Mrs Catherine Oluwaseun-Hargreaves"\ndsl_location = "{location}"\n'
    )
    profile.write_text(text, encoding="utf-8")
    from cse_lessonpack.profile import load_profile

    return load_profile(profile, TEMPLATES)


def test_a_realistic_dsl_line_fits_every_poster(library: Library, tmp_path: Path) -> None:
    # A long name and a room described the way schools describe it: this once failed the build
    # with an error about the campaign's parents poster.
    school = _school(tmp_path, "the Family Support Room next to the School Office")
    check_school_fits(library, school, TEMPLATES)
    files = poster_files(library, school, TEMPLATES, ["parents"], ["A4"], previews=False)
    assert list(files) == ["posters/parents-a4.pdf"]


def test_a_dsl_line_too_long_for_a_poster_names_the_profile_key(
    library: Library, tmp_path: Path
) -> None:
    place = ", ".join(["the Family Support Room next to the School Office downstairs"] * 3)
    school = _school(tmp_path, place)
    with pytest.raises(ProfileError) as caught:
        poster_files(library, school, TEMPLATES, ["parents"], ["A4"], previews=False)
    (problem,) = caught.value.problems
    assert str(problem).startswith(
        f"{display_path(tmp_path / 'school.toml')}:6: [safeguarding] dsl_location: "
        "the 'parents' poster on A4 says 'Talk to Mrs Catherine Oluwaseun-Hargreaves in the "
    )
    fit = int(str(problem).split("about ")[1].split()[0])
    assert 60 < fit < len(place)  # how long the line may be, so the school knows what to aim for
    assert "characters, from dsl_name, dsl_location), which does not fit" in str(problem)


def test_a_dsl_line_crowded_out_by_a_long_school_name_names_the_name(
    library: Library, tmp_path: Path
) -> None:
    # A 193-character name beside a crest left room for a line of 69 characters, and the message
    # sent staff to shorten the DSL's room, though the line fits beside a short name.
    from cse_lessonpack.profile import load_profile

    Image.new("RGB", (600, 600), "#336699").save(tmp_path / "crest.png")
    name = (
        "The Federation of St Mary and St Thomas Aquinas Catholic Voluntary Academy and Sixth "
        "Form College and the Blessed William Howard Catholic Primary School, Stoke-on-Trent "
        "and Newcastle-under-Lyme"
    )
    profile = tmp_path / "school.toml"

    def school(named: str) -> Tailoring:
        profile.write_text(
            f'[school]\nname = "{named}"\nlogo = "crest.png"\n\n[safeguarding]\n'
            'dsl_name = "Ms J Patel (Assistant Headteacher)"\n'
            'dsl_location = "the Pastoral Office"\ndsl_phone = "01632 960123 ext 2345"\n',
            encoding="utf-8",
        )
        return load_profile(profile, TEMPLATES)

    with pytest.raises(ProfileError) as caught:
        check_school_fits(library, school(name), TEMPLATES, ["A4"])
    said = " ".join(str(p) for p in caught.value.problems)
    assert "Shorten the school's name ([school] name, 193 characters), which takes the room" in said
    check_school_fits(library, school("Trentside Academy"), TEMPLATES, ["A4"])  # it fits


def test_a_dsl_line_too_long_says_the_phone_is_part_of_it(library: Library, tmp_path: Path) -> None:
    # Staff shortened the room's name twice, not knowing the phone number made the line long.
    from dataclasses import replace

    place = ", ".join(["the Family Support Room next to the School Office downstairs"] * 2)
    school = _school(tmp_path, place)
    assert school.dsl is not None
    school = replace(school, dsl=replace(school.dsl, phone="01632 960111"))
    with pytest.raises(ProfileError) as caught:
        check_school_fits(library, school, TEMPLATES, ["A4"])
    (problem,) = caught.value.problems
    assert "from dsl_name, dsl_location and dsl_phone), which does not fit" in str(problem)
    assert "\u00a0" not in str(problem)  # the number as typed, not with no-break spaces
    with pytest.raises(ProfileError, match=r"\[safeguarding\] dsl_location: the 'parents'"):
        check_school_fits(library, school, TEMPLATES)


def test_a_pupils_poster_too_long_for_its_dsl_line_does_not_blame_the_phone(
    library: Library, tmp_path: Path
) -> None:
    # Pupils' posters name the person, not the number: the message said the line was made
    # "from dsl_name, dsl_location and dsl_phone", sending staff to shorten the wrong thing.
    from dataclasses import replace

    place = ", ".join(["the Family Support Room next to the School Office downstairs"] * 3)
    school = _school(tmp_path, place)
    assert school.dsl is not None
    school = replace(school, dsl=replace(school.dsl, phone="01632 960111"))
    with pytest.raises(ProfileError) as caught:
        poster_files(library, school, TEMPLATES, ["secondary-pupils"], ["A4"], previews=False)
    (problem,) = caught.value.problems
    assert "the 'secondary-pupils' poster on A4" in str(problem)
    assert "from dsl_name, dsl_location), which does not fit" in str(problem)


def test_a_school_gets_the_pupils_posters_for_the_ages_it_teaches(library: Library) -> None:
    def chosen(*stages: KeyStage) -> list[str]:
        return audiences_for(library, TEMPLATES, stages)

    assert chosen(*KeyStage) == AUDIENCES
    assert chosen(KeyStage.KS3, KeyStage.KS4) == ["parents", "secondary-pupils", "staff"]
    assert chosen(KeyStage.KS2) == ["parents", "primary-pupils", "staff"]


def test_adults_posters_give_the_dsls_phone_and_pupils_posters_the_person(
    library: Library, tmp_path: Path
) -> None:
    school = tailoring_from_data(
        {
            "school": {"name": "Oakfield Academy"},
            "safeguarding": {
                "dsl_name": "Ms J Patel",
                "dsl_location": "the Pastoral Office",
                "dsl_phone": "01782 000000",
            },
        },
        tmp_path / "school.toml",
        {},
        TEMPLATES,
    )
    said = {}
    for name, source in load_posters(library, TEMPLATES, AUDIENCES).items():
        poster = compose_poster(library, school, source)
        assert poster.school is not None
        assert poster.school.talk_to == "Talk to Ms J Patel in the Pastoral Office."
        said[name] = poster.school.phone
    assert said["staff"] == said["parents"] == "01782 000000"
    assert said["primary-pupils"] == said["secondary-pupils"] == ""


def test_a_schools_posters_place_the_dsls_phone_the_same_way_at_every_size(
    library: Library, tmp_path: Path
) -> None:
    # A wide wordmark left room for the phone's own line on the parents' A3 poster, not on A4:
    # one school's two posters printed it differently, and a DSL took one for an older version.
    Image.new("RGB", (800, 200), (10, 60, 140)).save(tmp_path / "wordmark.png")
    school = tailoring_from_data(
        {
            "school": {"name": "Oakfield Academy", "logo": "wordmark.png"},
            "safeguarding": {
                "dsl_name": "Ms J Patel",
                "dsl_location": "the Pastoral Office",
                "dsl_phone": "01782 555123",
                "deputy_dsl": "Mr R Shah",
            },
        },
        tmp_path / "school.toml",
        {},
        TEMPLATES,
    )
    files = poster_files(
        library, school, TEMPLATES, ["staff", "parents"], ["A4", "A3", "A2"], previews=False
    )

    def placed(name: str) -> str:
        text = " ".join(PdfReader(io.BytesIO(files[name])).pages[0].extract_text().split())
        assert "01782 555123" in text, name
        return "in the sentence" if "Office, on 01782 555123." in text else "on its own line"

    for audience in ("staff", "parents"):
        ways = {placed(f"posters/{audience}-{size}.pdf") for size in ("a4", "a3", "a2")}
        assert len(ways) == 1, (audience, ways)
    assert placed("posters/staff-a4.pdf") == "on its own line"


# --- the deputy DSL ---------------------------------------------------------------------------


def _with_deputy(tmp_path: Path, deputy: str) -> Tailoring:
    return tailoring_from_data(
        {
            "school": {"name": "Oakfield Academy"},
            "safeguarding": {
                "dsl_name": "Ms J Patel",
                "dsl_location": "the Pastoral Office",
                "dsl_phone": "01782 000000",
                "deputy_dsl": deputy,
            },
        },
        tmp_path / "school.toml",
        {},
        TEMPLATES,
    )


def test_the_staff_poster_names_the_deputy_and_the_others_do_not(
    library: Library, tmp_path: Path
) -> None:
    school = _with_deputy(tmp_path, "Mr R Shah or Mrs K Hill")
    deputies = {}
    for name, source in load_posters(library, TEMPLATES, AUDIENCES).items():
        poster = compose_poster(library, school, source)
        assert poster.school is not None
        deputies[name] = poster.school.deputy
    assert deputies == {
        "parents": "",
        "primary-pupils": "",
        "secondary-pupils": "",
        "staff": "Deputies: Mr R Shah or Mrs K Hill.",
    }
    one = compose_poster(
        library,
        _with_deputy(tmp_path, "Mr R Shah"),
        load_posters(library, TEMPLATES, ("staff",))["staff"],
    )
    assert one.school is not None and one.school.deputy == "Deputy: Mr R Shah."


def test_the_cmyk_note_agrees_with_what_it_names(tmp_path: Path) -> None:
    # "its logo has no chosen inks and are converted" went to the print shop.
    def note(brand: dict[str, object], logo: bool) -> str | None:
        data: dict[str, object] = {"school": {"name": "Oakfield Academy"}, "brand": brand}
        if logo:
            Image.new("RGB", (600, 300), "#336699").save(tmp_path / "logo.png")
            data["school"] = {"name": "Oakfield Academy", "logo": "logo.png"}
        return school_cmyk_note(tailoring_from_data(data, tmp_path / "s.toml", {}, TEMPLATES))

    assert note({}, logo=False) is None  # the campaign's colours have chosen inks
    assert "its logo has no chosen inks and is converted by" in (note({}, logo=True) or "")
    one = note({"primary": "#0B6E4F"}, logo=False) or ""
    assert "colour #0B6E4F has no chosen inks and is converted by" in one
    two = note({"primary": "#0B6E4F", "accent": "#F2A900"}, logo=False) or ""
    assert "colours #0B6E4F, #F2A900 have no chosen inks and are converted by" in two
    both = note({"primary": "#0B6E4F"}, logo=True) or ""
    assert "#0B6E4F and its logo have no chosen inks and are converted by" in both


def test_a_deputy_line_that_would_overflow_is_left_out_rather_than_refused(
    library: Library, tmp_path: Path
) -> None:
    from dataclasses import replace

    school = _with_deputy(tmp_path, "Mr R Shah")
    assert school.dsl is not None
    # Longer than a profile allows (200 characters fit at every size): a box full to the brim.
    crowded = replace(school, dsl=replace(school.dsl, deputy="Mr R Shah or Mrs K Hill, " * 40))
    check_school_fits(library, crowded, TEMPLATES, ["A4"])  # no problem: the line is left out

    def staff_a4(tailoring: Tailoring) -> str:
        files = poster_files(library, tailoring, TEMPLATES, ["staff"], ["A4"], previews=False)
        page = PdfReader(io.BytesIO(files["posters/staff-a4.pdf"])).pages[0]
        return " ".join(page.extract_text().split())

    text = staff_a4(crowded)
    assert "Talk to Ms J Patel in the Pastoral Office" in text
    assert "Deputy" not in text and "Shah" not in text
    assert "Deputy: Mr R Shah." in staff_a4(school)  # where it fits, it is printed


def test_a_dsl_line_too_long_is_named_as_before_when_there_is_a_deputy(
    library: Library, tmp_path: Path
) -> None:
    from dataclasses import replace

    from cse_lessonpack.profile import load_profile

    profile = tmp_path / "school.toml"
    profile.write_text(
        '[school]\nname = "Oakfield Academy"\n\n[safeguarding]\n'
        'dsl_name = "Ms J Patel"\ndsl_location = "the Pastoral Office"\ndeputy_dsl = "Mr R Shah"\n',
        encoding="utf-8",
    )
    school = load_profile(profile, TEMPLATES)
    assert school.dsl is not None
    # Longer than a profile allows: the staff poster fits any DSL line a profile can hold.
    place = ", ".join(["the Family Support Room next to the School Office downstairs"] * 8)
    school = replace(school, dsl=replace(school.dsl, location=place))
    with pytest.raises(ProfileError) as caught:
        poster_files(library, school, TEMPLATES, ["staff"], ["A4"], previews=False)
    (problem,) = caught.value.problems
    # The deputy's line is left out first: the problem is the DSL's own line, as without one.
    assert str(problem).startswith(
        f"{display_path(profile)}:6: [safeguarding] dsl_location: the 'staff' poster on A4 says "
        "'Talk to Ms J Patel in the Family Support Room"
    )
    assert "Deputy" not in str(problem)
    with pytest.raises(ProfileError, match=r"\[safeguarding\] dsl_location: the 'staff'"):
        check_school_fits(library, school, TEMPLATES, ["A4"])


def test_the_young_pupils_poster_draws_its_zeros_plain(
    library: Library, tailoring: Tailoring
) -> None:
    # As on their worksheets: Atkinson Hyperlegible's slashed zero, printed 60 pt high as
    # Childline's 0800 1111, may be read by a young child as an 8.
    from dataclasses import replace

    ks1 = library.stages[KeyStage.KS1].model_copy(update={"plain_zeros": True})
    plain = replace(library, stages={**library.stages, KeyStage.KS1: ks1})

    def zero_faces(lib: Library, audience: str) -> set[str]:
        files = poster_files(lib, tailoring, TEMPLATES, [audience], ["A4"], previews=False)
        (data,) = files.values()
        found: set[str] = set()

        def seen(text: str, _cm: object, _tm: object, font: object, _size: object) -> None:
            if "0" in text and isinstance(font, dict):
                found.add(str(font["/BaseFont"]).split("+")[-1])

        PdfReader(io.BytesIO(data)).pages[0].extract_text(visitor_text=seen)
        return found

    assert any(face.startswith("Lato-Bold") for face in zero_faces(plain, "primary-pupils"))
    assert not any("Lato" in face for face in zero_faces(library, "primary-pupils"))
    assert not any("Lato" in face for face in zero_faces(plain, "secondary-pupils"))


@pytest.mark.parametrize(
    ("stages", "place"),
    [((KeyStage.KS1, KeyStage.KS2), "school,"), ((KeyStage.KS5,), "school or college,")],
)
def test_the_parents_poster_names_a_college_only_for_a_build_with_ks5(
    library: Library, tailoring: Tailoring, stages: tuple[KeyStage, ...], place: str
) -> None:
    # A sixth-form college's parents read "Talk to your child's school"; a primary school's
    # should not read "or college".
    source = load_posters(library, TEMPLATES, ["parents"])["parents"]
    poster = compose_poster(library, dataclasses.replace(tailoring, stages=stages), source)
    assert poster.call_to_action.startswith(f"Talk to your child\u2019s {place} or get advice")


@pytest.mark.parametrize(
    ("stages", "heading"),
    [
        ((KeyStage.KS3, KeyStage.KS4), "In school"),
        ((KeyStage.KS3, KeyStage.KS5), "In school or college"),
    ],
)
def test_the_students_poster_names_a_college_only_for_a_build_with_ks5(
    library: Library, tmp_path: Path, stages: tuple[KeyStage, ...], heading: str
) -> None:
    # A KS3-KS4 school's packs and guides say "school", but its students' poster and download
    # page said "In school or college: Talk to Ms J Patel".
    school = dataclasses.replace(_school(tmp_path, "the Pastoral Office"), stages=stages)
    source = load_posters(library, TEMPLATES, ["secondary-pupils"])["secondary-pupils"]
    poster = compose_poster(library, school, source)
    assert poster.school is not None and poster.school.talk_to_heading == heading


@pytest.mark.parametrize("letters", [30, 50])
def test_a_school_name_with_a_very_long_word_prints_whole(
    library: Library, tmp_path: Path, letters: int
) -> None:
    # A 30-letter word in a school's name was broken across two lines of the A3 parents'
    # poster ("Abbbb… / …bbb Academy"), and the build failed its check that the school is named.
    import pypdfium2 as pdfium

    word = "A" + "b" * (letters - 1)
    school = _school(tmp_path, "the Pastoral Office", name=f"{word} Academy")
    files = poster_files(library, school, TEMPLATES, ["parents"], ["A4", "A3"], previews=False)
    for path, data in files.items():
        page = pdfium.PdfDocument(data)[0]
        assert word in page.get_textpage().get_text_range(), path
