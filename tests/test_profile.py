"""School profiles: a starter that works, merged values, and exact messages for every mistake."""

from __future__ import annotations

import io
import os
import re
import warnings
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from cse_lessonpack.errors import ProfileError
from cse_lessonpack.model import KeyStage
from cse_lessonpack.profile import default_tailoring, describe, load_profile

from .conftest import TEMPLATES

GOOD = """
[school]
name = "Oakfield Academy"
logo = "logo.png"

[safeguarding]
dsl_name = "Ms J Patel"
dsl_location = "the Pastoral Office"
dsl_phone = "01782 234567"
dsl_email = "dsl@oakfield.example"

[[local_contacts]]
name = "Stoke-on-Trent Children's Advice and Support"
phone = "01782 235100"

[brand]
primary = "#0b6e4f"
font = "lato"
large_print = true

[pack]
stages = ["ks3", "ks4"]
lesson_minutes = 50
"""


# What a logo over 10 MB or 40 megapixels is told: the packs use a logo at most 1200 pixels across.
SMALLER = (
    "save a smaller copy, at most 1200 pixels wide and high (the packs never use a logo bigger "
    "than that)"
)


def _png(width: int = 40, height: int = 20) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "#336699").save(out, format="PNG")
    return out.getvalue()


def _profile(tmp_path: Path, text: str, logo: bytes | None = None) -> Path:
    path = tmp_path / "school.toml"
    path.write_text(text, encoding="utf-8")
    if logo is not None:
        (tmp_path / "logo.png").write_bytes(logo)
    return path


def _messages(tmp_path: Path, text: str, logo: bytes | None = None) -> list[str]:
    path = _profile(tmp_path, text, logo)
    with pytest.raises(ProfileError) as caught:
        load_profile(path, TEMPLATES)
    return [f"{p.line}: {p.message}" for p in caught.value.problems]


def _filled_starter() -> str:
    """``init``'s starter with its required stand-ins replaced, the commented lines left as they are."""
    starter = (TEMPLATES / "school-profile.toml").read_text(encoding="utf-8")
    return (
        starter.replace("Your school's name", "Oakfield Academy")
        .replace("Your DSL's name", "Ms J Patel")
        .replace("Where pupils find your DSL", "the Pastoral Office")
    )


def test_a_full_profile_is_merged_over_the_brand(tmp_path: Path) -> None:
    tailoring = load_profile(_profile(tmp_path, GOOD, _png()), TEMPLATES)
    assert tailoring.school_name == "Oakfield Academy"
    assert tailoring.dsl is not None and tailoring.dsl.role == "Designated Safeguarding Lead"
    assert tailoring.theme.primary == "#0B6E4F" and tailoring.theme.on_primary == "#FFFFFF"
    assert tailoring.theme.accent == "#F4B400"  # the campaign's, not given by the school
    assert tailoring.theme.font == "lato"
    assert tailoring.theme.body_size >= 16  # large print
    assert tailoring.stages == (KeyStage.KS3, KeyStage.KS4)
    assert tailoring.lesson_minutes == 50
    assert tailoring.logo is not None and tailoring.logo.png.startswith(b"\x89PNG")
    assert tailoring.theme.school_logo_ref == "asset:school-logo"
    rows = dict(describe(tailoring))
    assert rows["school.name"] == "Oakfield Academy"
    assert rows["school.logo"] == f"{(tmp_path / 'logo.png').as_posix()} (40 × 20 pixels)"
    assert rows["pack.stages"] == "ks3, ks4"
    assert rows["safeguarding.contact"] == "01782 234567, dsl@oakfield.example"
    assert rows["brand.large_print"] == "yes: body text 16 pt, worksheets 20 pt"


def test_config_show_gives_a_large_logos_own_size_and_the_size_it_is_used_at(
    tmp_path: Path,
) -> None:
    # A 2400 × 300 logo was shown as "1200 × 150 pixels", the size it is shrunk to: a user
    # checking the file they chose saw numbers that were not its own.
    Image.new("RGB", (2400, 300), "navy").save(tmp_path / "logo.png")
    rows = dict(describe(load_profile(_profile(tmp_path, GOOD), TEMPLATES)))
    shown = f"{(tmp_path / 'logo.png').as_posix()}"
    assert rows["school.logo"] == f"{shown} (2400 × 300 pixels, used at 1200 × 150 pixels)"


def test_config_show_says_what_a_profile_leaves_out_instead_of_showing_nothing(
    tmp_path: Path,
) -> None:
    # A blank value read as a fault: each row says what the packs do without it.
    bare = load_profile(_profile(tmp_path, '[school]\nname = "Oakfield Academy"\n'), TEMPLATES)
    rows = dict(describe(bare))
    assert rows["safeguarding.contact"] == "(none)"
    assert rows["safeguarding.deputy_dsl"] == "(none)"
    assert rows["brand.large_print"].startswith("no: body text 11 pt")
    no_contact = GOOD.replace(
        'dsl_phone = "01782 234567"\ndsl_email = "dsl@oakfield.example"\n', ""
    )
    rows = dict(describe(load_profile(_profile(tmp_path, no_contact, _png()), TEMPLATES)))
    assert rows["safeguarding.contact"] == "(no phone or email given)"
    assert all(value.strip() for value in rows.values())


def test_a_stand_in_typed_with_a_curly_apostrophe_is_still_the_example(tmp_path: Path) -> None:
    # Word, Outlook and a Mac type "Your school’s name" with a curly apostrophe: it passed, and
    # a pack went out "Prepared for Your school’s name".
    starter = (TEMPLATES / "school-profile.toml").read_text(encoding="utf-8")
    curly = starter.replace("Your school's name", "YOUR SCHOOL’S NAME").replace(
        "Your DSL's name", "Your DSL’s name"
    )
    messages = _messages(tmp_path, curly)
    assert messages[0].startswith("9: [school] name: still the example")
    assert messages[1].startswith("13: [safeguarding] dsl_name: still the example")


def test_the_starter_from_init_builds_only_once_filled_in(tmp_path: Path) -> None:
    starter = (TEMPLATES / "school-profile.toml").read_text(encoding="utf-8")
    # Untouched, it would send out packs naming a made-up school and DSL: each stand-in is named.
    assert _messages(tmp_path, starter) == [
        "9: [school] name: still the example \"Your school's name\"; put in your school's name",
        '13: [safeguarding] dsl_name: still the example "Your DSL\'s name"; put in your '
        "Designated Safeguarding Lead's name",
        '15: [safeguarding] dsl_location: still the example "Where pupils find your DSL"; put '
        "in where pupils find them, such as the Pastoral Office",
    ]
    filled = _filled_starter()
    tailoring = load_profile(_profile(tmp_path, filled), TEMPLATES)
    assert tailoring.school_name == "Oakfield Academy"
    assert tailoring.dsl is not None and tailoring.dsl.location == "the Pastoral Office"
    # The campaign area's local numbers are examples to choose from, not a default.
    assert tailoring.local_contacts == ()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'dsl_phone = "01782 234567"',
            'dsl_phone = "01782 000000"',
            '9: [safeguarding] dsl_phone: still the example "01782 000000"; put in the DSL\'s own '
            "number, or delete the line",
        ),
        (
            'dsl_phone = "01782 234567"',
            'dsl_phone = "(01782) 000-000"',  # the same number, written another way
            '9: [safeguarding] dsl_phone: still the example "01782 000000"; put in the DSL\'s own '
            "number, or delete the line",
        ),
        (
            'dsl_phone = "01782 234567"',
            'dsl_phone = "01782 000000 ext. 214"',  # an extension added to the made-up number
            '9: [safeguarding] dsl_phone: still the example "01782 000000"; put in the DSL\'s own '
            "number, or delete the line",
        ),
        (
            'dsl_email = "dsl@oakfield.example"',
            'dsl_email = "DSL@school.example"',
            '10: [safeguarding] dsl_email: still the example "dsl@school.example"; put in the '
            "DSL's own address, or delete the line",
        ),
    ],
)
def test_the_example_contact_details_a_batch_refuses_are_refused_in_a_profile(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    # The starter's and the batch template's made-up number would be printed on the posters.
    assert old in GOOD
    assert _messages(tmp_path, GOOD.replace(old, new), _png()) == [message]


def test_the_starters_contact_lines_uncommented_as_they_are_are_refused(tmp_path: Path) -> None:
    filled = (
        _filled_starter()
        .replace("# dsl_phone =", "dsl_phone =")
        .replace("# dsl_email =", "dsl_email =")
    )
    assert [m.split(": ")[1] for m in _messages(tmp_path, filled)] == [
        "[safeguarding] dsl_phone",
        "[safeguarding] dsl_email",
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('primary = "#0b6e4f"', 'primary = "green"'),
            "17: [brand] primary: expected a colour written #RRGGBB, such as #4B2A7B (a dark "
            "purple), got 'green' (green is written #008000, which carries white text)",
        ),
        (
            ('primary = "#0b6e4f"', 'primary = "#3FA7D6"'),
            "17: [brand] primary: #3FA7D6 with white text on it is only 2.7:1; WCAG AA needs 4.5:1 "
            "(choose a darker colour)",
        ),
        (
            ('font = "lato"', 'accent = "#5B3C11"\nfont = "lato"'),
            "18: [brand] accent: #5B3C11 with black text on it is only 2.1:1; WCAG AA needs 4.5:1 "
            "(choose a lighter colour)",
        ),
        (
            ('font = "lato"', 'font = "comic-sans"'),
            "18: [brand] font: unknown font 'comic-sans' (expected one of: atkinson-hyperlegible, lato)",
        ),
        (
            ('stages = ["ks3", "ks4"]', 'stages = ["ks3", "ks9"]'),
            "22: [pack] stages (item 2): expected 'ks1', 'ks2', 'ks3', 'ks4' or 'ks5', got 'ks9'",
        ),
        (  # refused as typed, though "KS3" is read as ks3
            ('stages = ["ks3", "ks4"]', 'stages = ["KS3", "KS9"]'),
            "22: [pack] stages (item 2): expected 'ks1', 'ks2', 'ks3', 'ks4' or 'ks5', got 'KS9'",
        ),
        (
            ('dsl_email = "dsl@oakfield.example"', 'dsl_email = "patel at oakfield"'),
            "10: [safeguarding] dsl_email: expected an email address such as dsl@school.example, got 'patel at oakfield'",
        ),
        (
            ("lesson_minutes = 50", "lesson_minutes = 5"),
            "23: [pack] lesson_minutes: expected at least 20 minutes, got 5",
        ),
        (
            ('name = "Oakfield Academy"', 'name = "=HYPERLINK(\\"x\\")"'),
            "3: [school] name: must not start with '=' (a spreadsheet formula), got "
            "'=HYPERLINK(\"x\")'; remove the leading =",
        ),
        (
            ("large_print = true", "large_print = true\nsize = 3"),
            "20: [brand] size: unknown key (see `cse-lessonpack init` for the keys a profile has)",
        ),
        # With the quote open, "#" is text: the advice once dropped the colour ("write
        # primary = \"\""), and following it gave a second error.
        (
            ('primary = "#0b6e4f"', 'primary = "#0b6e4f'),
            '17: invalid TOML: the closing double quote is missing (write primary = "#0b6e4f")',
        ),
        # Text that starts with "t" or "f" was taken for true or false and got no advice.
        (
            ('dsl_location = "the Pastoral Office"', "dsl_location = the Student Support Centre"),
            "8: invalid TOML: Invalid value (put text in double quotes: "
            'dsl_location = "the Student Support Centre")',
        ),
        (
            ('dsl_location = "the Pastoral Office"', "dsl_location = the office  # by the hall"),
            '8: invalid TOML: Invalid value (put text in double quotes: dsl_location = "the office")',
        ),
        # Quotes pasted from a word processor.
        (
            ('dsl_location = "the Pastoral Office"', "dsl_location = \u201cthe office\u201d"),
            "8: invalid TOML: Invalid value (use straight double quotes, not curly ones: "
            'dsl_location = "the office")',
        ),
        # A long name whole, so the line can be copied back.
        (
            (
                'dsl_location = "the Pastoral Office"',
                "dsl_location = \u201cStudent Services in Block B, past the sports hall and up "
                "the stairs\u201d",
            ),
            "8: invalid TOML: Invalid value (use straight double quotes, not curly ones: "
            'dsl_location = "Student Services in Block B, past the sports hall and up the '
            'stairs")',
        ),
        # One quote curly, one straight: the advice once doubled the straight one.
        (
            ('dsl_location = "the Pastoral Office"', 'dsl_location = \u201cthe office"'),
            "8: invalid TOML: Invalid value (use straight double quotes, not curly ones: "
            'dsl_location = "the office")',
        ),
        (
            ('dsl_location = "the Pastoral Office"', 'dsl_location = "the office\u201d'),
            "8: invalid TOML: the closing quote is a curly one (write "
            'dsl_location = "the office" with straight quotes)',
        ),
        # A list with curly quotes is a list: the advice said to write a list.
        (
            ('stages = ["ks3", "ks4"]', "stages = [\u201cks3\u201d, \u201cks4\u201d]"),
            "22: invalid TOML: Invalid value (use straight double quotes, not curly ones: "
            'stages = ["ks3", "ks4"])',
        ),
        # A key typed as a spreadsheet's column heading.
        (
            ('dsl_email = "dsl@oakfield.example"', 'DSL email = "dsl@oakfield.example"'),
            "10: invalid TOML: Expected '=' after a key in a key/value pair (keys are written "
            'with underscores, not spaces: dsl_email = "dsl@oakfield.example")',
        ),
        # A required key misspelt is one mistake, not also a missing key.
        (
            ('dsl_name = "Ms J Patel"', 'dsl_nmae = "Ms J Patel"'),
            "7: [safeguarding] dsl_nmae: unknown key; did you mean dsl_name?",
        ),
        (
            ("[safeguarding]", "[safegaurding]"),
            "6: safegaurding: unknown section; did you mean [safeguarding]?",
        ),
        # The unit, which the key's name already says.
        (
            ("lesson_minutes = 50", "lesson_minutes = 55 minutes"),
            "23: invalid TOML: Expected newline or end of document after a statement (write the "
            "number alone: lesson_minutes = 55)",
        ),
        (
            ("lesson_minutes = 50", 'lesson_minutes = "fifty"'),
            "23: [pack] lesson_minutes: expected a whole number, got 'fifty' (write it in digits)",
        ),
        # A key given twice: TOML's words name neither it nor the first time.
        (
            ('dsl_phone = "01782 234567"', 'dsl_phone = "01782 234567"\ndsl_name = "Mr B"'),
            "10: invalid TOML: Cannot overwrite a value (dsl_name is given twice, on lines 7 and "
            "10: delete one)",
        ),
    ],
)
def test_mistakes_name_the_key_and_line(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    assert _messages(tmp_path, GOOD.replace(*change), _png()) == [message]


def test_missing_required_key(tmp_path: Path) -> None:
    assert _messages(tmp_path, GOOD.replace('name = "Oakfield Academy"\n', ""), _png()) == [
        "2: missing required key 'name' in [school]"
    ]


def test_invalid_toml_names_the_line(tmp_path: Path) -> None:
    assert _messages(
        tmp_path, GOOD.replace('dsl_name = "Ms J Patel"', "dsl_name = Ms J Patel"), _png()
    ) == ['7: invalid TOML: Invalid value (put text in double quotes: dsl_name = "Ms J Patel")']


def test_yes_for_large_print_is_told_to_write_true(tmp_path: Path) -> None:
    # "Put text in double quotes" led to large_print = "yes", which is refused in turn.
    text = GOOD.replace("large_print = true", "large_print = yes")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("large_print"))
    assert _messages(tmp_path, text, _png()) == [
        f"{line}: invalid TOML: Invalid value (write true or false, without quotes: "
        "large_print = true)"
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        # Unquoted, "#" starts a comment; the README allows a colour without its "#".
        (('primary = "#0b6e4f"', "primary = #0b6e4f"), "Invalid value"),
        (
            ('primary = "#0b6e4f"', "primary = 0b6e4f"),
            "Expected newline or end of document after a statement",
        ),
    ],
)
def test_an_unquoted_colour_is_told_to_go_in_quotes(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    assert _messages(tmp_path, GOOD.replace(*change), _png()) == [
        f'17: invalid TOML: {message} (put a colour in double quotes: primary = "#4B2A7B")'
    ]


def test_stages_as_text_and_a_section_as_a_key_are_told_how_to_write_them(
    tmp_path: Path,
) -> None:
    text = GOOD.replace('stages = ["ks3", "ks4"]', 'stages = "ks3 ks4"')
    assert _messages(tmp_path, text, _png()) == [
        '22: [pack] stages: expected a list, got text (write a list: stages = ["ks3", "ks4"])'
    ]
    text = 'school = "Oakfield Academy"\n' + GOOD.split("[safeguarding]")[1].join(
        ["[safeguarding]", ""]
    )
    assert _messages(tmp_path, text, _png())[0] == (
        "1: school: expected a mapping of fields, got text (a section: write [school] on a line "
        "of its own, its keys below it)"
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            'stages = "KS1, KS2"',
            '22: [pack] stages: expected a list, got text (write a list: stages = ["ks1", "ks2"])',
        ),
        (
            "stages = KS1, KS2",  # without its quotes too: invalid TOML
            '22: invalid TOML: Invalid value (write a list: stages = ["ks1", "ks2"])',
        ),
        (
            'stages = "Primary"',
            "22: [pack] stages: expected a list, got text (a primary school's are ks1 and ks2: "
            'write stages = ["ks1", "ks2"])',
        ),
        (
            'stages = "Years 1-6"',
            "22: [pack] stages: expected a list, got text (Years 1\u20136 are ks1 and ks2: "
            'write stages = ["ks1", "ks2"])',
        ),
    ],
    ids=["text", "unquoted", "phase", "years"],
)
def test_stages_as_text_are_given_back_as_a_list_of_the_users_own_stages(
    tmp_path: Path, line: str, message: str
) -> None:
    # A primary school's "KS1, KS2" was told to write stages = ["ks3", "ks4"], a secondary's.
    text = GOOD.replace('stages = ["ks3", "ks4"]', line)
    assert _messages(tmp_path, text, _png()) == [message]


def test_a_missing_closing_quote_is_named(tmp_path: Path) -> None:
    text = GOOD.replace('dsl_name = "Ms J Patel"', 'dsl_name = "Ms J Patel')
    assert _messages(tmp_path, text, _png()) == [
        '7: invalid TOML: the closing double quote is missing (write dsl_name = "Ms J Patel")'
    ]


@pytest.mark.parametrize("logo", ["logos\\brookhill.png", "images\\new.png", "logos\\team.png"])
def test_a_windows_path_that_toml_reads_as_escapes_is_explained(tmp_path: Path, logo: str) -> None:
    # "\b", "\n" and "\t" are escapes TOML accepts: the checks then spoke of a control
    # character or a line break the user never typed, and told them to remove it.
    text = GOOD.replace('logo = "logo.png"', f'logo = "{logo}"')
    forward = logo.replace("\\", "/")  # the user's own path, ready to copy back
    assert _messages(tmp_path, text, _png()) == [
        "4: [school] logo: in double quotes a backslash starts an escape: write the path with "
        f'forward slashes, logo = "{forward}"'
    ]


def test_a_mistyped_key_is_matched_to_the_key_it_was_meant_to_be(tmp_path: Path) -> None:
    text = GOOD.replace("stages =", "stage =").replace("large_print", "large_prnt")
    assert _messages(tmp_path, text, _png()) == [
        "19: [brand] large_prnt: unknown key; did you mean large_print?",
        "22: [pack] stage: unknown key; did you mean stages?",
    ]


def test_an_apostrophe_in_single_quotes_gets_plain_advice(tmp_path: Path) -> None:
    text = GOOD.replace('name = "Oakfield Academy"', "name = 'St Mary's Academy'")
    assert _messages(tmp_path, text, _png()) == [
        "3: invalid TOML: Expected newline or end of document after a statement (text with an "
        "apostrophe goes in double quotes: name = \"St Mary's\", not name = 'St Mary's')"
    ]


@pytest.mark.parametrize(
    ("logo_text", "logo", "message"),
    [
        (
            '"missing.png"',
            _png(),
            "4: [school] logo: file not found: {dir}/missing.png (a logo's path is read from the "
            "profile's folder)",
        ),
        (  # a name in another case: one computer finds it, another (a server) does not
            '"Logo.PNG"',
            _png(),
            "4: [school] logo: file not found: {dir}/Logo.PNG (a logo's path is read from the "
            "profile's folder); did you mean logo.png?",
        ),
        ('"logo.png"', b"", "4: [school] logo: {dir}/logo.png is empty"),
        (
            '"logo.png"',
            b"GIF89a not really",
            "4: [school] logo: {dir}/logo.png is not a PNG or JPEG image",
        ),
        (
            '"logo.png"',
            _png()[:40],
            "4: [school] logo: {dir}/logo.png cannot be read as an image (UnidentifiedImageError)",
        ),
        (
            '"../logo.png"',
            _png(),
            '4: [school] logo: the logo must be in the profile\'s folder or below it, got "../logo.png": '
            "copy the logo next to the profile and give its file name, e.g. logo.png",
        ),
        (
            '"/etc/passwd"',
            _png(),
            '4: [school] logo: give a path relative to the profile\'s folder, got "/etc/passwd": '
            "copy the logo next to the profile and give its file name, e.g. logo.png, or "
            "logos/logo.png for a logos folder beside it",
        ),
        (
            "'C:\\Users\\jo\\logo.png'",  # a TOML literal string: backslashes as typed
            _png(),
            "4: [school] logo: give a path relative to the profile's folder, got \"C:\\Users\\jo\\"
            'logo.png": copy the logo next to the profile and give its file name, e.g. logo.png, '
            "or logos/logo.png for a logos folder beside it",
        ),
        (
            '"file:///home/jo/logo.png"',  # a browser's address for the file
            _png(),
            "4: [school] logo: give the logo file's path relative to the profile's folder, not "
            'an address, got "file:///home/jo/logo.png": copy the logo next to it and give its '
            "file name, e.g. logo.png",
        ),
    ],
)
def test_logo_problems(tmp_path: Path, logo_text: str, logo: bytes, message: str) -> None:
    text = GOOD.replace('logo = "logo.png"', f"logo = {logo_text}")
    found = _messages(tmp_path, text, logo)
    assert found == [message.format(dir=tmp_path.as_posix())]


@pytest.mark.parametrize(
    ("written", "saved", "ending"),
    [
        ("logo", "logo.png", ".png"),
        ("Crest", "crest.jpeg", ".jpeg"),
        ("a.png", "a.png.png", ".png"),
    ],
)
def test_a_logo_named_without_its_ending_is_told_the_file_with_it(
    tmp_path: Path, written: str, saved: str, ending: str
) -> None:
    # Windows hides a file's ending: logo.png shows as "logo", and "logo" was only not found.
    (tmp_path / saved).write_bytes(_png())
    (tmp_path / "notes.txt").write_text("not a logo", encoding="utf-8")
    text = GOOD.replace('logo = "logo.png"', f'logo = "{written}"')
    assert _messages(tmp_path, text) == [
        f"4: [school] logo: file not found: {tmp_path.as_posix()}/{written} (a logo's path is "
        f"read from the profile's folder); did you mean {saved}? (Windows may hide the "
        f"{ending} at the end of a file's name: write the name with it)"
    ]


def test_a_logo_path_in_quotes_is_the_path(tmp_path: Path) -> None:
    # Windows' "Copy as path" puts quotes round it; pasted into a cell, they are not the name.
    text = GOOD.replace('logo = "logo.png"', "logo = '\"logo.png\"'")
    tailoring = load_profile(_profile(tmp_path, text, _png()), TEMPLATES)
    assert tailoring.logo is not None and tailoring.logo.source.endswith("logo.png")


def test_a_decompression_bomb_logo_is_refused(tmp_path: Path) -> None:
    bomb = io.BytesIO()
    Image.new("1", (9000, 9000)).save(bomb, format="PNG")  # tiny file, 81 megapixels
    found = _messages(tmp_path, GOOD, bomb.getvalue())
    assert found == [
        f"4: [school] logo: {tmp_path.as_posix()}/logo.png is 9000×9000 pixels; expected at "
        f"most 40 megapixels: {SMALLER}"
    ]


def test_a_logo_over_10_mb_is_told_to_save_a_smaller_copy(tmp_path: Path) -> None:
    big = b"\x89PNG\r\n\x1a\n" + bytes(10_000_001)
    assert _messages(tmp_path, GOOD, big) == [
        f"4: [school] logo: {tmp_path.as_posix()}/logo.png is 10,000,009 bytes; expected at "
        f"most 10 MB: {SMALLER}"
    ]


# --- text the packs cannot print ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('name = "Oakfield Academy"', 'name = "Oak 😀 School"'),
            "3: [school] name: 'Oak 😀 School' has a character the packs cannot print: "
            "'😀' (U+1F600); remove it",
        ),
        (
            ('dsl_name = "Ms J Patel"', 'dsl_name = "\\uFEFFMs J Patel"'),
            "7: [safeguarding] dsl_name: '\\ufeffMs J Patel' has an invisible character the "
            "packs cannot print: U+FEFF (ZERO WIDTH NO-BREAK SPACE); remove it",
        ),
        (
            ('dsl_location = "the Pastoral Office"', 'dsl_location = "the\\u200bOffice"'),
            "8: [safeguarding] dsl_location: 'the\\u200bOffice' has an invisible character the "
            "packs cannot print: U+200B (ZERO WIDTH SPACE); remove it",
        ),
        (
            ('dsl_location = "the Pastoral Office"', 'dsl_location = "מזכירות"'),
            "8: [safeguarding] dsl_location: 'מזכירות' has right-to-left text (such as 'מ', "
            "U+05DE), which the PDF packs cannot lay out; write it in a left-to-right script "
            "such as the Latin alphabet",
        ),
        (
            ('dsl_location = "the Pastoral Office"', 'dsl_role = "\\u202eDSL"'),
            "8: [safeguarding] dsl_role: '\\u202eDSL' has an invisible character the packs "
            "cannot print: U+202E (RIGHT-TO-LEFT OVERRIDE); remove it",
        ),
        (
            ('dsl_email = "dsl@oakfield.example"', 'dsl_email = "dsl@学校.example"'),
            "10: [safeguarding] dsl_email: 'dsl@学校.example' has characters the packs cannot "
            "print: '学' (U+5B66), '校' (U+6821); remove them",
        ),
        (
            ("Stoke-on-Trent Children's Advice and Support", "مركز الدعم"),
            "13: [[local_contacts]] (number 1) name: 'مركز الدعم' has right-to-left text (such "
            "as 'م', U+0645), which the PDF packs cannot lay out; write it in a left-to-right "
            "script such as the Latin alphabet",
        ),
        (
            ('phone = "01782 235100"', 'phone = "01782 235100"\nhours = "9–5 ☎️"'),
            "15: [[local_contacts]] (number 1) hours: '9–5 ☎️' has characters the packs cannot "
            "print: '☎' (U+260E), U+FE0F (VARIATION SELECTOR-16); remove them",
        ),
    ],
)
def test_text_the_packs_cannot_print_is_refused(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    assert _messages(tmp_path, GOOD.replace(*change), _png()) == [message]


def test_what_is_printable_depends_on_the_chosen_font(tmp_path: Path) -> None:
    # Lato has the baht sign; Atkinson Hyperlegible and the fallback (Noto Sans) do not.
    text = GOOD.replace('name = "Oakfield Academy"', 'name = "Oakfield ฿ Academy"')
    assert load_profile(_profile(tmp_path, text, _png()), TEMPLATES).school_name == (
        "Oakfield ฿ Academy"
    )
    atkinson = text.replace('font = "lato"', 'font = "atkinson-hyperlegible"')
    assert _messages(tmp_path, atkinson, _png()) == [
        "3: [school] name: 'Oakfield ฿ Academy' has a character the packs cannot print: "
        "'฿' (U+0E3F); remove it"
    ]


def test_text_drawn_from_the_fallback_font_is_accepted(tmp_path: Path) -> None:
    text = GOOD.replace('name = "Oakfield Academy"', 'name = "Ακαδημία Όακφιλντ"')
    text = text.replace('font = "lato"\n', "")
    assert load_profile(_profile(tmp_path, text, _png()), TEMPLATES).school_name == (
        "Ακαδημία Όακφιλντ"
    )


# --- phone numbers, nesting and types ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "message"),
    [
        (
            "+33 1 23 45 67 89",  # another country's: the read-back check knows UK numbers
            "9: [safeguarding] dsl_phone: expected a UK number, written as dialled in the UK such "
            "as 01782 123456 (or as +44 1782 123456), got '+33 1 23 45 67 89'",
        ),
        (
            "0033 1 23 45 67 89",
            "9: [safeguarding] dsl_phone: expected a UK number, written as dialled in the UK such "
            "as 01782 123456 (or as +44 1782 123456), got '0033 1 23 45 67 89'",
        ),
        (
            "+44 (0)1782 000000",  # the starter's example number, however it is written
            '9: [safeguarding] dsl_phone: still the example "01782 000000"; put in the DSL\'s own '
            "number, or delete the line",
        ),
        (
            "1782 555123",  # typed in a profile: no spreadsheet to blame
            "9: [safeguarding] dsl_phone: a UK number starts with 0 (is it missing?): "
            "write 01782 555123",
        ),
        (
            "01632 96O456 ext DSL",  # a letter O for a zero, as a coordinator typed it
            "9: [safeguarding] dsl_phone: expected a phone number: digits, with spaces, brackets "
            "or hyphens if you like, and an extension after it if need be, such as 01782 123456 "
            "or 01782 123456 ext 2345, got '01632 96O456 ext DSL' (a letter O where a zero should "
            "be?)",
        ),
        (
            "(01782) 4567.89 ext 2345",  # quoted as typed, not as tidied
            "9: [safeguarding] dsl_phone: expected a UK phone number such as 01782 123456 or "
            "0800 1111 (spaces only between groups of digits), got '(01782) 4567.89 ext 2345'",
        ),
        (
            "0 1782 111222",
            "9: [safeguarding] dsl_phone: expected a UK phone number such as 01782 123456 or "
            "0800 1111 (spaces only between groups of digits), got '0 1782 111222'",
        ),
        # A digit short or over is a typing slip, not a matter of spacing.
        (
            "07 1782 000000",
            "9: [safeguarding] dsl_phone: expected a UK phone number such as 01782 123456, got "
            "'07 1782 000000': it has 12 digits, and a UK number has at most 11 (is one too "
            "many?)",
        ),
        (
            "01782 99988",
            "9: [safeguarding] dsl_phone: expected a UK phone number such as 01782 123456, got "
            "'01782 99988': it has 10 digits, and most UK numbers have 11 (is one missing?)",
        ),
        (
            "4.41782E+11",  # Excel's way with a long number it took for a quantity
            "9: [safeguarding] dsl_phone: expected a phone number, got '4.41782E+11': the "
            "spreadsheet has turned it into a number in scientific notation; format the column "
            "as text and type the number again",
        ),
    ],
)
def test_phone_numbers_are_written_as_dialled_in_the_uk(
    tmp_path: Path, number: str, message: str
) -> None:
    text = GOOD.replace('dsl_phone = "01782 234567"', f'dsl_phone = "{number}"')
    assert _messages(tmp_path, text, _png()) == [message]


@pytest.mark.parametrize("number", ["01782 234567", "01782234567", "020 7946 0018", "0800 1111"])
def test_uk_phone_numbers_are_accepted(tmp_path: Path, number: str) -> None:
    text = GOOD.replace('dsl_phone = "01782 234567"', f'dsl_phone = "{number}"')
    tailoring = load_profile(_profile(tmp_path, text, _png()), TEMPLATES)
    assert tailoring.dsl is not None and tailoring.dsl.phone == number


@pytest.mark.parametrize(
    "number",
    [
        "01782 456789 ext 2345",
        "01782 456789 ext. 2345",
        "01782-456789 x2345",
        "(01782) 456789 (extension 2345)",
        "01782 456789, Ext 2345",
        "01782 456789 Ext: 2345",
        "01782 456789 ext: 2345",
        "01782 456789 (Ext.: 2345)",
    ],
)
def test_a_dsl_number_may_carry_an_extension(tmp_path: Path, number: str) -> None:
    # The staff poster's blank asks for "Phone or extension": a school switchboard and the
    # DSL's extension is how many schools are reached.
    text = GOOD.replace('dsl_phone = "01782 234567"', f'dsl_phone = "{number}"')
    tailoring = load_profile(_profile(tmp_path, text, _png()), TEMPLATES)
    assert tailoring.dsl is not None and tailoring.dsl.phone == "01782 456789 ext 2345"


def test_deeply_nested_toml_is_invalid_toml_not_a_crash(tmp_path: Path) -> None:
    text = GOOD + "\n[extra]\na = " + "[" * 500 + "]" * 500 + "\n"
    assert _messages(tmp_path, text, _png()) == [
        "26: invalid TOML: values are nested too deeply (a profile has no lists inside lists)"
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("large_print = true", 'large_print = "yes"'),
            "19: [brand] large_print: expected true or false, got 'yes' (write true, without quotes)",
        ),
        (
            ("large_print = true", "large_print = 1"),
            "19: [brand] large_print: expected true or false, got 1",
        ),
        (
            ("large_print = true", "large_print = 0.0"),
            "19: [brand] large_print: expected true or false, got 0.0",
        ),
        (
            ("lesson_minutes = 50", 'lesson_minutes = "50"'),
            "23: [pack] lesson_minutes: expected a whole number, got '50' (write it without quotes: 50)",
        ),
        (
            ("lesson_minutes = 50", "lesson_minutes = true"),
            "23: [pack] lesson_minutes: expected a whole number, got True",
        ),
    ],
)
def test_toml_values_must_have_their_type(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    assert _messages(tmp_path, GOOD.replace(*change), _png()) == [message]


# --- logos that are not whole image files -----------------------------------------------------------


def test_a_logo_over_pillows_own_limit_gets_the_megapixel_message(tmp_path: Path) -> None:
    big = io.BytesIO()
    Image.new("1", (10000, 10000)).save(big, format="PNG")  # 100 megapixels: Pillow warns
    assert _messages(tmp_path, GOOD, big.getvalue()) == [
        f"4: [school] logo: {tmp_path.as_posix()}/logo.png is 10000×10000 pixels; "
        f"expected at most 40 megapixels: {SMALLER}"
    ]


def test_a_truncated_logo_is_called_truncated(tmp_path: Path) -> None:
    noise = io.BytesIO()
    Image.effect_noise((300, 200), 50).convert("RGB").save(noise, format="PNG")
    data = noise.getvalue()
    assert _messages(tmp_path, GOOD, data[: len(data) // 2]) == [
        f"4: [school] logo: {tmp_path.as_posix()}/logo.png is truncated or damaged; "
        "save or export the image again"
    ]


def test_a_logo_that_is_a_folder_is_not_a_file(tmp_path: Path) -> None:
    (tmp_path / "logo.png").mkdir()
    assert _messages(tmp_path, GOOD) == [
        f"4: [school] logo: {tmp_path.as_posix()}/logo.png is a folder, not a file; "
        "expected a PNG or JPEG image"
    ]


def test_a_logo_that_is_a_pipe_is_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "logo.png")  # reading it would wait for a writer for ever
    assert _messages(tmp_path, GOOD) == [
        f"4: [school] logo: {tmp_path.as_posix()}/logo.png is not a regular file (a pipe or "
        "device); expected a PNG or JPEG image"
    ]


def test_a_logo_link_that_loops_is_reported(tmp_path: Path) -> None:
    (tmp_path / "logo.png").symlink_to("logo.png")
    assert _messages(tmp_path, GOOD) == [
        '4: [school] logo: "logo.png" is a symbolic link that loops; expected an image file'
    ]


def test_every_problem_in_a_profile_is_named_in_one_run(tmp_path: Path) -> None:
    # A coordinator fixes them all at once, instead of one per run (the logo hid the rest).
    text = GOOD.replace('primary = "#0b6e4f"', 'primary = "#F4B400"').replace(
        "lesson_minutes = 50", "lesson_minutes = 20"
    )
    path = _profile(tmp_path, text)  # no logo file written: the logo is missing

    def check(tailoring: object) -> None:
        raise ProfileError.one(path, 23, "[pack] lesson_minutes = 20 is too short")

    with pytest.raises(ProfileError) as caught:
        load_profile(path, TEMPLATES, check)
    assert [p.line for p in caught.value.problems] == [4, 17, 23]  # logo, primary, minutes
    assert "[school] logo: file not found" in caught.value.problems[0].message
    assert "[brand] primary: #F4B400 with white text" in caught.value.problems[1].message


def test_the_colours_and_logo_are_checked_even_when_another_value_is_wrong(
    tmp_path: Path,
) -> None:
    text = GOOD.replace('primary = "#0b6e4f"', 'primary = "#F4B400"').replace(
        'dsl_phone = "01782 234567"', 'dsl_phone = "+44 1782 000000"'
    )
    messages = _messages(tmp_path, text)
    assert [m.split(":")[0] for m in messages] == ["4", "9", "17"]  # logo, phone, primary
    assert "logo" in messages[0] and "dsl_phone" in messages[1] and "primary" in messages[2]


def test_a_colour_is_checked_even_when_the_font_is_unknown(tmp_path: Path) -> None:
    text = GOOD.replace('primary = "#0b6e4f"', 'primary = "#88CCAA"').replace(
        'font = "lato"', 'font = "Arial"'
    )
    messages = _messages(tmp_path, text, logo=_png())
    assert messages == [
        "17: [brand] primary: #88CCAA with white text on it is only 1.9:1; WCAG AA needs 4.5:1 "
        "(choose a darker colour)",
        "18: [brand] font: unknown font 'Arial' (expected one of: atkinson-hyperlegible, lato)",
    ]


def test_values_written_as_in_a_spreadsheet_are_read_as_meant(tmp_path: Path) -> None:
    text = (
        GOOD.replace('dsl_phone = "01782 234567"', 'dsl_phone = "(01782) 234-567"')
        .replace('primary = "#0b6e4f"', 'primary = "0b6e4f"')
        .replace('font = "lato"', 'font = "Lato"')
    )
    tailoring = load_profile(_profile(tmp_path, text, _png()), TEMPLATES)
    assert tailoring.dsl is not None and tailoring.dsl.phone == "01782 234 567"
    assert tailoring.theme.primary == "#0B6E4F"
    assert tailoring.theme.font == "lato"
    named = GOOD.replace('font = "lato"', 'font = "Atkinson Hyperlegible"')
    assert load_profile(_profile(tmp_path, named, _png()), TEMPLATES).theme.font == (
        "atkinson-hyperlegible"
    )


def test_stages_are_read_as_the_packs_print_them(tmp_path: Path) -> None:
    # "KS3" was refused in a profile while a spreadsheet's stages cell took it.
    text = GOOD.replace('stages = ["ks3", "ks4"]', 'stages = ["KS3", " Ks4"]')
    tailoring = load_profile(_profile(tmp_path, text, _png()), TEMPLATES)
    assert [s.value for s in tailoring.stages] == ["ks3", "ks4"]


def test_a_range_of_stages_is_read_as_a_spreadsheet_reads_it(tmp_path: Path) -> None:
    # "KS3-KS5" was taken in a batch's stages cell but refused in a profile.
    for written in ('["KS3-KS5"]', '["ks3, ks4", "KS5"]', '["KS3\u2013KS5"]'):
        text = GOOD.replace('stages = ["ks3", "ks4"]', f"stages = {written}")
        tailoring = load_profile(_profile(tmp_path, text, _png()), TEMPLATES)
        assert [s.value for s in tailoring.stages] == ["ks3", "ks4", "ks5"], written
    # A wrong stage beside a range is named by its own place in the list as typed.
    text = GOOD.replace('stages = ["ks3", "ks4"]', 'stages = ["KS3-KS5", "KS9"]')
    assert _messages(tmp_path, text, _png()) == [
        "22: [pack] stages (item 2): expected 'ks1', 'ks2', 'ks3', 'ks4' or 'ks5', got 'KS9'"
    ]


# --- the deputy DSL ----------------------------------------------------------------------------


DEPUTY = GOOD.replace(
    'dsl_email = "dsl@oakfield.example"\n',
    'dsl_email = "dsl@oakfield.example"\ndeputy_dsl = "Mr R Shah or Mrs K Hill"\n',
)


def test_a_deputy_dsl_is_carried_with_the_dsl_and_shown_by_config_show(tmp_path: Path) -> None:
    tailoring = load_profile(_profile(tmp_path, DEPUTY, _png()), TEMPLATES)
    assert tailoring.dsl is not None and tailoring.dsl.deputy == "Mr R Shah or Mrs K Hill"
    assert dict(describe(tailoring))["safeguarding.deputy_dsl"] == "Mr R Shah or Mrs K Hill"
    # Optional: a profile without one is read as before, and config show says there is none.
    plain = load_profile(_profile(tmp_path, GOOD, _png()), TEMPLATES)
    assert plain.dsl is not None and plain.dsl.deputy is None
    assert dict(describe(plain))["safeguarding.deputy_dsl"] == (
        "(none: the packs say to ask for a deputy)"
    )


def test_a_deputy_without_a_dsl_is_refused(tmp_path: Path) -> None:
    text = '[school]\nname = "Oakfield Academy"\n\n[safeguarding]\ndeputy_dsl = "Mr R Shah"\n'
    assert _messages(tmp_path, text) == ["4: missing required key 'dsl_name' in [safeguarding]"]


@pytest.mark.parametrize(
    ("deputy", "message"),
    [
        (
            '"=HYPERLINK(1)"',
            "11: [safeguarding] deputy_dsl: must not start with '=' (a spreadsheet formula), "
            "got '=HYPERLINK(1)'; remove the leading =",
        ),
        (
            '"Mr R Shah \\u2060"',
            "11: [safeguarding] deputy_dsl: 'Mr R Shah \\u2060' has an invisible character the "
            "packs cannot print: U+2060 (WORD JOINER); remove it",
        ),
        (
            "1",
            "11: [safeguarding] deputy_dsl: expected text, got a number (put it in double "
            'quotes: deputy_dsl = "1")',
        ),
    ],
)
def test_the_deputy_is_checked_as_the_dsls_name_is(
    tmp_path: Path, deputy: str, message: str
) -> None:
    text = DEPUTY.replace('"Mr R Shah or Mrs K Hill"', deputy)
    assert _messages(tmp_path, text, _png()) == [message]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "dsl_phone = 1782555123",  # "expected text" did not tell a coordinator what to do
            "[safeguarding] dsl_phone: expected text, got a number (a phone number goes in double "
            'quotes, with its first 0: dsl_phone = "01782555123")',
        ),
        (
            "dsl_phone = 8001111",  # too short to have lost a 0: only the quotes
            "[safeguarding] dsl_phone: expected text, got a number (a phone number goes in double "
            'quotes, with its first 0: dsl_phone = "8001111")',
        ),
    ],
)
def test_a_phone_typed_without_quotes_says_how_to_write_it(
    tmp_path: Path, line: str, message: str
) -> None:
    text = '[school]\nname = "Ash School"\n\n[safeguarding]\ndsl_name = "Ms J Patel"\n' + line
    assert _messages(tmp_path, text) == [f"6: {message}"]


def test_the_starters_deputy_line_uncommented_as_it_is_is_refused(tmp_path: Path) -> None:
    filled = _filled_starter()
    assert '# deputy_dsl = "Your deputy DSL\'s name"' in filled  # a commented example
    uncommented = filled.replace("# deputy_dsl =", "deputy_dsl =")
    assert _messages(tmp_path, uncommented) == [
        '18: [safeguarding] deputy_dsl: still the example "Your deputy DSL\'s name"; put in '
        "your deputy DSL's name (or their names: Mr R Shah or Mrs K Hill), or delete the line"
    ]
    named = uncommented.replace("Your deputy DSL's name", "Mr R Shah")
    tailoring = load_profile(_profile(tmp_path, named), TEMPLATES)
    assert tailoring.dsl is not None and tailoring.dsl.deputy == "Mr R Shah"


# --- values copied from letterheads, Outlook and phones -------------------------------------------


@pytest.mark.parametrize(
    ("number", "stored"),
    [
        ("+44 1632 960222", "01632 960222"),
        ("+44 (0)1632 960222", "01632 960222"),
        ("+44 (0) 1632 960222 ext 12", "01632 960222 ext 12"),
        ("0044 1632 960222", "01632 960222"),
        ("+441632960222", "01632960222"),
        ("+44 20 7946 0018", "020 7946 0018"),
    ],
)
def test_a_uk_number_in_its_international_form_is_stored_as_dialled_in_the_uk(
    tmp_path: Path, number: str, stored: str
) -> None:
    text = GOOD.replace('dsl_phone = "01782 234567"', f'dsl_phone = "{number}"')
    tailoring = load_profile(_profile(tmp_path, text, _png()), TEMPLATES)
    assert tailoring.dsl is not None and tailoring.dsl.phone == stored


@pytest.mark.parametrize("written", ["mailto:nu@school.example", "MailTo: nu@school.example"])
def test_an_email_copied_as_a_mailto_link_is_stored_as_the_address(
    tmp_path: Path, written: str
) -> None:
    text = GOOD.replace('dsl_email = "dsl@oakfield.example"', f'dsl_email = "{written}"')
    tailoring = load_profile(_profile(tmp_path, text, _png()), TEMPLATES)
    assert tailoring.dsl is not None and tailoring.dsl.email == "nu@school.example"
    # The starter's example address is still refused, as a link too.
    text = GOOD.replace(
        'dsl_email = "dsl@oakfield.example"', 'dsl_email = "mailto:dsl@school.example"'
    )
    assert _messages(tmp_path, text, _png()) == [
        '10: [safeguarding] dsl_email: still the example "dsl@school.example"; put in the DSL\'s '
        "own address, or delete the line"
    ]


@pytest.mark.parametrize(
    "address",
    [
        "jj@school..example",
        "jj@.school.example",
        ".jj@school.example",
        "jj.@school.example",
        "j..j@school.example",
    ],
)
def test_an_email_with_an_empty_part_between_dots_is_refused(tmp_path: Path, address: str) -> None:
    text = GOOD.replace('dsl_email = "dsl@oakfield.example"', f'dsl_email = "{address}"')
    assert _messages(tmp_path, text, _png()) == [
        f"10: [safeguarding] dsl_email: expected an email address such as dsl@school.example, got "
        f"'{address}' (a dot at the start or end, or two dots together)"
    ]


@pytest.mark.parametrize(
    ("address", "odd"),
    [
        ("x?cc=someone@evil.example", "?"),  # a mailto: link would copy someone in
        ("javascript:alert(1)@b.example", ":"),
        ("dsl/x@school.example", "/"),
        ("[/]@x.example", "["),
    ],
)
def test_an_email_with_a_character_no_school_address_has_is_refused(
    tmp_path: Path, address: str, odd: str
) -> None:
    text = GOOD.replace('dsl_email = "dsl@oakfield.example"', f'dsl_email = "{address}"')
    (message,) = _messages(tmp_path, text, _png())
    assert message.startswith(
        f"10: [safeguarding] dsl_email: expected an email address such as dsl@school.example, "
        f"got '{address}': it has '{odd}', which a school's email address does not"
    )


def test_an_email_with_a_plus_a_dot_and_a_hyphen_is_taken(tmp_path: Path) -> None:
    address = "jo.smith+dsl@st-anne.example"
    text = GOOD.replace('dsl_email = "dsl@oakfield.example"', f'dsl_email = "{address}"')
    tailoring = load_profile(_profile(tmp_path, text, _png()), TEMPLATES)
    assert tailoring.dsl is not None and tailoring.dsl.email == address


def _jpeg_on_its_side(orientation: int = 6) -> bytes:
    """A 60×30 JPEG with its left third blue, as a phone stores a photo: with an EXIF tag
    saying how to turn it upright (6: a quarter turn clockwise)."""
    image = Image.new("RGB", (60, 30), "#ffffff")
    image.paste((0, 0, 255), (0, 0, 20, 30))
    exif = Image.Exif()
    exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), quality=95)
    return out.getvalue()


def test_a_phone_photo_logo_is_turned_upright_by_its_exif_tag(tmp_path: Path) -> None:
    (tmp_path / "logo.jpg").write_bytes(_jpeg_on_its_side())
    path = _profile(tmp_path, GOOD.replace('"logo.png"', '"logo.jpg"'))
    first = load_profile(path, TEMPLATES).logo
    assert first is not None and first.aspect == 2.0  # 30 wide, 60 high: upright
    with Image.open(io.BytesIO(first.png)) as image:
        assert image.size == (30, 60)
        rgb = image.convert("RGB")
        top, bottom = rgb.getpixel((15, 5)), rgb.getpixel((15, 55))
    assert isinstance(top, tuple) and isinstance(bottom, tuple)
    assert top[2] > 200 and top[0] < 60 and min(bottom) > 200, (top, bottom)  # blue on top
    assert b"eXIf" not in first.png  # no tag left to turn it a second time
    # The same file gives the same bytes, run after run.
    again = load_profile(path, TEMPLATES).logo
    assert again is not None and again.png == first.png


def _logo_notes(tmp_path: Path, image: Image.Image) -> list[str]:
    """What a profile with ``image`` as its logo is told, the logo named "logo.png"."""
    from cse_lessonpack.profile import logo_notes

    image.save(tmp_path / "logo.png")
    logo = load_profile(_profile(tmp_path, GOOD), TEMPLATES).logo
    assert logo is not None
    return [n.replace(logo.source, "logo.png") for n in logo_notes(logo)]


def test_a_logo_that_will_print_badly_is_noted(tmp_path: Path) -> None:
    # A 32-pixel icon printed 35 mm wide on the covers looked blocky, and a 3000 × 250 banner
    # printed a sliver whose words could not be read: neither was said. The covers now print a
    # logo as tall as the campaign's beside it: a square one about 22 mm wide, a banner 60 mm.
    def notes(size: tuple[int, int]) -> list[str]:
        return _logo_notes(tmp_path, Image.new("RGB", size, "navy"))

    (small,) = notes((32, 32))
    assert small == (
        "the logo logo.png is 32 pixels wide: printed 22 mm wide on the covers, that is about 38 "
        "pixels an inch, and it will look blocky; a logo at least 128 pixels wide prints sharply"
    )
    (wide,) = notes((3000, 250))  # re-encoded at most 1200 wide: still sharp enough
    assert wide.startswith("the logo logo.png is 12 times as wide as it is tall: it prints 5 mm")
    assert notes((240, 48))[0] == (  # a banner 60 mm wide: 102 pixels an inch
        "the logo logo.png is 240 pixels wide: printed 60 mm wide on the covers, that is about "
        "102 pixels an inch, and it will look blocky; a logo at least 355 pixels wide prints "
        "sharply"
    )
    assert notes((600, 400)) == []  # a usual logo: nothing to say
    # A 6:1 banner prints 10 mm tall on the covers and under 7 mm in the page headers: it was
    # not noted once the covers printed it as tall as 10 mm.
    (banner,) = notes((1800, 300))
    assert banner.startswith("the logo logo.png is 6 times as wide as it is tall: it prints 10 mm")


def test_a_white_or_pale_logo_is_noted(tmp_path: Path) -> None:
    # A white "reversed" logo, as schools often send, printed as an empty white tile on the
    # covers and an empty circle in the page headers, without a word.
    def notes(fill: str, outline: str | None = None) -> list[str]:
        image = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
        ImageDraw.Draw(image).ellipse((20, 20, 380, 380), fill=fill, outline=outline, width=4)
        return _logo_notes(tmp_path, image)

    for pale in ("#FFFFFF", "#F2E6A0"):  # white, and a pale yellow
        (note,) = notes(pale)
        assert "is almost all white or pale" in note and "made for white paper" in note
    assert notes("#0B6E4F") == []
    assert notes("#FFFFFF", outline="#1A1A1A") == []  # a white crest with a dark outline shows
    # A dark wordmark on a wide white canvas: judged by the words, not by the white round them.
    canvas = Image.new("RGB", (1000, 500), "white")
    ImageDraw.Draw(canvas).rectangle((150, 246, 849, 253), fill="#111111")  # 1.1% of it
    assert _logo_notes(tmp_path, canvas) == []


def test_a_tall_narrow_logo_is_noted_and_a_sliver_measured_in_tenths(tmp_path: Path) -> None:
    def notes(size: tuple[int, int]) -> list[str]:
        return _logo_notes(tmp_path, Image.new("RGB", size, "navy"))

    # 12 times as tall as wide: printed under 2 mm wide on the covers, and nothing was said.
    (tall,) = notes((100, 1200))
    assert tall.startswith("the logo logo.png is 12 times as tall as it is wide: it prints 2 mm")
    # A 1200 × 10 banner printed "0 mm tall".
    (sliver,) = notes((1200, 10))
    assert "it prints 0.5 mm tall on the covers and 0.3 mm in the page headers" in sliver


def test_the_logo_notes_measure_the_covers_as_the_templates_set_them() -> None:
    # The notes' sizes repeat the cover templates' picture widths and the campaign logo's
    # shape: a change to one without the other would make every note wrong.
    from cse_lessonpack import artwork
    from cse_lessonpack.profile import COVER_LOGO_MM

    tile_mm, widest_mm = COVER_LOGO_MM
    for name in ("partials/cover.md.j2", "guide.md.j2"):
        text = (TEMPLATES / name).read_text(encoding="utf-8")
        campaign = re.search(r'asset:campaign-logo-reverse "(\d+)"', text)
        school = re.search(r'asset:school-logo "(\d+)"', text)
        assert campaign and school, name
        assert float(campaign.group(1)) * artwork.aspect("logo") == pytest.approx(tile_mm)
        assert float(school.group(1)) == widest_mm


@pytest.mark.parametrize(
    ("stage", "message"),
    [
        (
            '"Year 7"',
            "22: [pack] stages (item 1): expected a key stage, got 'Year 7' (Year 7 is ks3)",
        ),
        (
            '"Years 10-11"',
            "22: [pack] stages (item 1): expected a key stage, got 'Years 10-11' (Years 10\u201311 "
            "are ks4)",
        ),
    ],
)
def test_a_school_year_for_a_stage_is_refused_naming_its_stage(
    tmp_path: Path, stage: str, message: str
) -> None:
    text = GOOD.replace('stages = ["ks3", "ks4"]', f'stages = [{stage}, "ks4"]')
    assert _messages(tmp_path, text, _png()) == [message]
    spelt = GOOD.replace('stages = ["ks3", "ks4"]', 'stages = ["Key Stage 3", "KS 4"]')
    tailoring = load_profile(_profile(tmp_path, spelt, _png()), TEMPLATES)
    assert [s.value for s in tailoring.stages] == ["ks3", "ks4"]


def test_links_keep_the_brand_colour_only_where_it_reads_on_every_fill(tmp_path: Path) -> None:
    # #1976D2 carries white text at 4.6:1, but links in it on a note box's tint were 4.1:1.
    starter = _filled_starter()
    blue = load_profile(
        _profile(tmp_path, starter.replace("[brand]", '[brand]\nprimary = "#1976D2"', 1)),
        TEMPLATES,
    ).theme
    assert blue.primary == "#1976D2" and blue.link == blue.text
    dark = load_profile(
        _profile(tmp_path, starter.replace("[brand]", '[brand]\nprimary = "#0B4F8A"', 1)),
        TEMPLATES,
    ).theme
    assert dark.link == "#0B4F8A"
    assert default_tailoring(TEMPLATES).theme.link == "#4B2A7B"  # the campaign's violet


def test_a_windows_path_in_double_quotes_is_told_to_use_forward_slashes(tmp_path: Path) -> None:
    # TOML's own words ("Unescaped '\' in a string", "Invalid hex value") said nothing of what
    # to do; "C:\Users\..." is an invalid escape, "logos\crest.png" an unescaped backslash.
    # A whole path from the drive is not read (it is not relative to the profile), so that
    # one is told to copy the file beside the profile, in its own name.
    for path, toml_says, hint in (
        (
            "logos\\crest.png",
            "Unescaped '\\' in a string",
            "in double quotes a backslash starts an escape: write the path with forward "
            'slashes, logo = "logos/crest.png"',
        ),
        (
            "C:\\Users\\pshe\\Oak Crest.png",
            "Invalid hex value",
            "a backslash in double quotes starts an escape, and a path from the drive is not "
            'read: copy Oak Crest.png into the profile\'s folder and write logo = "Oak Crest.png"',
        ),
    ):
        text = GOOD.replace('logo = "logo.png"', f'logo = "{path}"')
        assert _messages(tmp_path, text, _png()) == [f"4: invalid TOML: {toml_says} ({hint})"]
    # In single quotes the same path is read, as the hint says.
    (tmp_path / "logos").mkdir()
    (tmp_path / "logos" / "crest.png").write_bytes(_png())
    text = GOOD.replace('logo = "logo.png"', "logo = 'logos\\crest.png'")
    assert load_profile(_profile(tmp_path, text), TEMPLATES).logo is not None


def test_an_unquoted_phone_number_is_told_to_go_in_quotes(
    tmp_path: Path,
) -> None:
    text = GOOD.replace('dsl_phone = "01782 234567"', "dsl_phone = 01782 234567")
    assert _messages(tmp_path, text, _png()) == [
        "9: invalid TOML: Expected newline or end of document after a statement "
        '(put a phone number in double quotes: dsl_phone = "01782 000000")'
    ]


def test_a_key_under_the_wrong_section_says_where_it_belongs(tmp_path: Path) -> None:
    # dsl_email added at the end of the file lands in the last [[local_contacts]] table.
    text = GOOD.replace('dsl_email = "dsl@oakfield.example"\n', "").replace(
        'phone = "01782 235100"\n', 'phone = "01782 235100"\ndsl_email = "dsl@oakfield.example"\n'
    )
    assert _messages(tmp_path, text, _png()) == [
        "14: [[local_contacts]] (number 1) dsl_email: unknown key here; dsl_email belongs under "
        "[safeguarding]: move it there (every key after a [section] line belongs to that section)"
    ]


def test_a_key_of_another_table_under_safeguarding_is_taken_for_the_dsls(tmp_path: Path) -> None:
    # "phone" under [safeguarding] was said to belong under [[local_contacts]]: the DSL's
    # phone was meant.
    text = GOOD.replace('dsl_phone = "01782 234567"', 'phone = "01782 234567"')
    assert _messages(tmp_path, text, _png()) == [
        "9: [safeguarding] phone: unknown key; did you mean dsl_phone?"
    ]


def test_full_width_digits_in_quotes_get_no_hint_to_remove_the_quotes(tmp_path: Path) -> None:
    # "５０" (full-width, as some keyboards type it) is no TOML number even without quotes.
    text = GOOD.replace("lesson_minutes = 50", 'lesson_minutes = "５０"')
    assert _messages(tmp_path, text, _png()) == [
        "23: [pack] lesson_minutes: expected a whole number, got '５０'"
    ]


# --- a coordinator's slips, each told what to write -----------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        # A key written as in YAML or an email, with a colon.
        (
            ("lesson_minutes = 50", "lesson_minutes: 50"),
            "23: invalid TOML: Expected '=' after a key in a key/value pair (write "
            "lesson_minutes = 50: an equals sign, not a colon)",
        ),
        (
            ('dsl_name = "Ms J Patel"', "dsl_name: Ms J Patel  # the DSL"),
            "7: invalid TOML: Expected '=' after a key in a key/value pair (write "
            'dsl_name = "Ms J Patel": an equals sign, not a colon)',
        ),
        (
            ('primary = "#0b6e4f"', "primary: #0b6e4f"),
            "17: invalid TOML: Expected '=' after a key in a key/value pair (write "
            'primary = "#0b6e4f": an equals sign, not a colon)',
        ),
        # A section's line with a bracket missing.
        (
            ("[pack]", "[pack"),
            "21: invalid TOML: Expected ']' at the end of a table declaration (write [pack], "
            "with a bracket at each end)",
        ),
        (
            ("[brand]", "brand]"),
            "16: invalid TOML: Expected '=' after a key in a key/value pair (write [brand], "
            "with a bracket at each end)",
        ),
        (
            ("[[local_contacts]]", "[[local_contacts]"),
            "12: invalid TOML: Expected ']]' at the end of an array declaration (write "
            "[[local_contacts]], with two brackets at each end, above each contact)",
        ),
        # Spaces pasted from a word processor, which TOML does not take for spaces.
        (
            ('dsl_name = "Ms J Patel"', 'dsl_name\u00a0= "Ms J Patel"'),
            "7: invalid TOML: an invisible non-breaking space, pasted from a word processor: "
            'retype the spaces around = (write dsl_name = "Ms J Patel")',
        ),
        (
            ('dsl_name = "Ms J Patel"', 'dsl_name =\u00a0"Ms J Patel"  # the DSL'),
            "7: invalid TOML: an invisible non-breaking space, pasted from a word processor: "
            'retype the spaces around = (write dsl_name = "Ms J Patel")',
        ),
        (
            ("lesson_minutes = 50", "lesson_minutes\u200b = 50"),
            "23: invalid TOML: an invisible zero-width space, pasted from a word processor: "
            "retype the spaces around = (write lesson_minutes = 50)",
        ),
        (
            ("[pack]", "[pack]\u00a0"),
            "21: invalid TOML: an invisible non-breaking space, pasted from a word processor: "
            "retype the line (write [pack])",
        ),
        # Inside the quotes it is text, and the line's mistake is another.
        (
            ('dsl_location = "the Pastoral Office"', 'dsl_location = "the\u00a0office'),
            '8: invalid TOML: the closing double quote is missing (write dsl_location = "the\u00a0'
            'office")',
        ),
        # [local_contacts] in single brackets is one table, not a list of contacts.
        (
            ("[[local_contacts]]", "[local_contacts]"),
            "12: local_contacts: expected a list, got a mapping (write [[local_contacts]], with "
            "two brackets at each end, above each contact)",
        ),
        (
            (
                'phone = "01782 235100"\n',
                'phone = "01782 235100"\n[local_contacts]\nname = "Childline"\nphone = "0800 1111"\n',
            ),
            "15: invalid TOML: Cannot declare ('local_contacts',) twice (write [[local_contacts]], "
            "with two brackets at each end, above each contact)",
        ),
        # A comma or semicolon closing a value, as in a list or a program: TOML's own words
        # ("Expected newline or end of document") say nothing of it.
        (
            ('name = "Oakfield Academy"', 'name = "Oakfield Academy",'),
            "3: invalid TOML: Expected newline or end of document after a statement (delete the , "
            'at the end of the line: write name = "Oakfield Academy")',
        ),
        (
            ("lesson_minutes = 50", "lesson_minutes = 50;  # our lessons"),
            "23: invalid TOML: Expected newline or end of document after a statement (delete the "
            "; at the end of the line: write lesson_minutes = 50)",
        ),
        # Lessons of two lengths: the packs must fit the shorter.
        (
            ("lesson_minutes = 50", "lesson_minutes = 50-55"),
            "23: invalid TOML: Expected newline or end of document after a statement (give one "
            "length, the shortest lesson's: lesson_minutes = 50)",
        ),
        (
            ("lesson_minutes = 50", "lesson_minutes = 60 to 45 minutes"),
            "23: invalid TOML: Expected newline or end of document after a statement (give one "
            "length, the shortest lesson's: lesson_minutes = 45)",
        ),
        # A section written as YAML writes it, among TOML's keys.
        (
            ("[pack]", "pack:"),
            "21: invalid TOML: Expected '=' after a key in a key/value pair (write [pack], with a "
            "bracket at each end)",
        ),
    ],
)
def test_a_slip_in_the_toml_is_told_the_line_to_write(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    assert _messages(tmp_path, GOOD.replace(*change), _png()) == [message]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        # Too short for a spelling check to find, but plainly meant: one message, not also
        # "missing required key 'dsl_name'".
        (
            ('dsl_name = "Ms J Patel"', 'dsl = "Ms J Patel"'),
            "7: [safeguarding] dsl: unknown key; did you mean dsl_name?",
        ),
        (
            ('name = "Oakfield Academy"', 'school_name = "Oakfield Academy"'),
            "3: [school] school_name: unknown key; did you mean name?",
        ),
        (
            ('primary = "#0b6e4f"', 'colour = "#0b6e4f"'),
            "17: [brand] colour: unknown key; did you mean primary?",
        ),
        (
            ('primary = "#0b6e4f"', 'color = "#0b6e4f"'),
            "17: [brand] color: unknown key; did you mean primary?",
        ),
        (
            ('primary = "#0b6e4f"', 'colour_primary = "#0b6e4f"'),
            "17: [brand] colour_primary: unknown key; did you mean primary?",
        ),
        (
            ("lesson_minutes = 50", "lesson_length = 50"),
            "23: [pack] lesson_length: unknown key; did you mean lesson_minutes?",
        ),
        (
            ('phone = "01782 235100"', 'telephone = "01782 235100"'),
            "14: [[local_contacts]] (number 1) telephone: unknown key; did you mean phone?",
        ),
        # Beside a primary, "colour" is no slip for it: renamed, primary would be given twice.
        (
            ('primary = "#0b6e4f"', 'primary = "#0b6e4f"\ncolour = "#0b6e4f"'),
            "18: [brand] colour: unknown key (see `cse-lessonpack init` for the keys a profile "
            "has)",
        ),
    ],
)
def test_a_key_named_another_way_is_matched_to_the_key_it_means(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    assert _messages(tmp_path, GOOD.replace(*change), _png()) == [message]


@pytest.mark.parametrize(
    "number", ["01632\u2013960456", "01632 \u2013 960456", "01632\u2014960456", "01632\u2011960456"]
)
def test_a_phone_number_with_a_word_processors_dash_is_read_as_written(
    tmp_path: Path, number: str
) -> None:
    # Word turns "01632-960456" into an en dash: refused, with a message about hyphens.
    text = GOOD.replace('dsl_phone = "01782 234567"', f'dsl_phone = "{number}"')
    tailoring = load_profile(_profile(tmp_path, text, _png()), TEMPLATES)
    assert tailoring.dsl is not None and tailoring.dsl.phone == "01632 960456"


@pytest.mark.parametrize("number", ["960456", "960 456 ext 12", "2345678"])
def test_a_phone_number_without_its_area_code_is_told_so(tmp_path: Path, number: str) -> None:
    text = GOOD.replace('dsl_phone = "01782 234567"', f'dsl_phone = "{number}"')
    assert _messages(tmp_path, text, _png()) == [
        f"9: [safeguarding] dsl_phone: expected a UK phone number such as 01782 123456, got "
        f"'{number}': it needs its area code in front (UK numbers start with 0 and have 10 or 11 "
        "digits)"
    ]
    # A national helpline's short number has no area code to add.
    text = GOOD.replace('dsl_phone = "01782 234567"', 'dsl_phone = "116 123"')
    tailoring = load_profile(_profile(tmp_path, text, _png()), TEMPLATES)
    assert tailoring.dsl is not None and tailoring.dsl.phone == "116 123"


@pytest.mark.parametrize(
    ("stages", "message"),
    [
        (
            '["Secondary"]',
            "22: [pack] stages: expected key stages, got 'Secondary' (a secondary school's are "
            'ks3 and ks4: write stages = ["ks3", "ks4"], or stages = ["ks3", "ks4", "ks5"] with a '
            "sixth form)",
        ),
        (
            '["Primary"]',
            "22: [pack] stages: expected key stages, got 'Primary' (a primary school's are ks1 "
            'and ks2: write stages = ["ks1", "ks2"])',
        ),
        (
            '["All"]',
            "22: [pack] stages: expected key stages, got 'All' (for all five, write stages = "
            '["ks1", "ks2", "ks3", "ks4", "ks5"])',
        ),
        # Beside other stages, the item to write in its place.
        (
            '["ks2", "Secondary"]',
            "22: [pack] stages (item 2): expected a key stage, got 'Secondary' (a secondary "
            'school\'s are ks3 and ks4: write "ks3", "ks4", and "ks5" with a sixth form)',
        ),
        (
            '["Sixth form", "ks4"]',
            "22: [pack] stages (item 1): expected a key stage, got 'Sixth form' (a sixth form is "
            'ks5: write "ks5")',
        ),
        # Numbers alone: one message for the line, not one for each number.
        (
            "[3, 4]",
            '22: [pack] stages: expected key stages such as "ks3", got numbers alone (write '
            'stages = ["ks3", "ks4"])',
        ),
        (
            '["3", "4"]',
            '22: [pack] stages: expected key stages such as "ks3", got numbers alone (write '
            'stages = ["ks3", "ks4"])',
        ),
        (
            '["ks3", 4]',
            '22: [pack] stages (item 2): expected a key stage, got 4 (write "ks4", in quotes)',
        ),
        (
            '["ks3", "4"]',
            "22: [pack] stages (item 2): expected a key stage, got '4' (write \"ks4\")",
        ),
        (
            '["Year 9"]',
            "22: [pack] stages (item 1): expected a key stage, got 'Year 9' (Year 9 is ks3)",
        ),
    ],
)
def test_stages_given_as_a_phase_or_as_numbers_are_told_what_to_write(
    tmp_path: Path, stages: str, message: str
) -> None:
    text = GOOD.replace('stages = ["ks3", "ks4"]', f"stages = {stages}")
    assert _messages(tmp_path, text, _png()) == [message]


def test_the_stages_hint_for_a_spreadsheet_cell_is_the_one_batch_gives() -> None:
    # Moved here from batch.py so that a profile and a spreadsheet share one table of phases.
    from cse_lessonpack.profile import stages_hint

    assert stages_hint("All") == "leave the cell empty for all five"
    assert (
        stages_hint("Secondary")
        == "a secondary school's are ks3 and ks4, and ks5 with a sixth form"
    )
    assert stages_hint("Post-16") == "post-16 is ks5"
    assert stages_hint("3, 4") == "write ks3 ks4"
    assert stages_hint("ks3") is None


def _given(path: Path) -> list[str]:
    """What loading ``path`` as a profile says, each problem as `path:line: message`."""
    with pytest.raises(ProfileError) as caught:
        load_profile(path, TEMPLATES)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("some-logo.png", _png(), "a PNG image"),
        ("crest.jpg", b"\xff\xd8\xff\xe0" + bytes(64), "a JPEG image"),
    ],
    ids=["png", "jpeg"],
)
def test_an_image_given_as_the_profile_is_named_as_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, data: bytes, kind: str
) -> None:
    # "not valid UTF-8 text (byte 0x89); save the file as UTF-8" sent people to re-save a logo.
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_bytes(data)
    assert _given(Path(name)) == [
        f"{name}: {kind}, not a school profile: give the profile, the .toml file that "
        "`cse-lessonpack init` wrote, such as --school school.toml (a logo is named in the "
        f'profile: logo = "{name}" under [school])'
    ]
    (tmp_path / "oakfield.toml").write_text(GOOD, encoding="utf-8")  # the profile beside it
    assert "such as --school oakfield.toml (a logo" in _given(Path(name))[0]


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("profile.pdf", b"%PDF-1.7\n%\xe2\xe3", "a PDF"),
        ("profile.docx", b"PK\x03\x04\x14\x00\xff", "a Word document or other zipped file"),
    ],
    ids=["pdf", "docx"],
)
def test_a_document_given_as_the_profile_is_named_as_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, data: bytes, kind: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_bytes(data)
    assert _given(Path(name)) == [
        f"{name}: {kind}, not a school profile: give the profile, the .toml file that "
        "`cse-lessonpack init` wrote, such as --school school.toml (edit the profile in "
        "Notepad or TextEdit, which keep it as plain text)"
    ]


def test_a_folder_given_as_the_profile_names_the_profiles_in_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ".: cannot read file (Is a directory)" said nothing of what to give instead.
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "oak field"
    folder.mkdir()
    assert _given(Path("oak field")) == [
        "oak field: a folder, with no school profile (.toml file) in it: give the profile file "
        "that `cse-lessonpack init` wrote, such as --school school.toml"
    ]
    (folder / "school.toml").write_text(GOOD, encoding="utf-8")
    assert _given(Path("oak field")) == [
        "oak field: a folder, not a school profile: give the profile file in it, --school "
        "'oak field/school.toml'"
    ]
    (folder / "autumn.toml").write_text(GOOD, encoding="utf-8")
    assert _given(Path("oak field")) == [
        "oak field: a folder, not a school profile: give one of the profile files in it "
        "('oak field/autumn.toml', 'oak field/school.toml'), such as --school "
        "'oak field/autumn.toml'"
    ]


def test_a_profile_saved_with_txt_on_the_end_is_told_to_rename_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Notepad saves "school.toml" as school.toml.txt, and Windows shows it as school.toml.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "school.toml.txt").write_text(GOOD, encoding="utf-8")
    advice = (
        "the profile was saved as school.toml.txt, with .txt on the end, which Windows hides "
        "(to see it, turn on File name extensions in File Explorer's View menu): rename it "
        "school.toml"
    )
    assert _given(Path("school.toml")) == [
        f"school.toml: no such file, but school.toml.txt is beside it: {advice}"
    ]
    assert _given(Path()) == [
        f".: a folder, not a school profile: {advice} and give --school school.toml"
    ]
    # Without one beside it, a missing file is only missing.
    assert _given(Path("other.toml")) == [
        "other.toml: cannot read file (No such file or directory)"
    ]


def test_a_utf16_profile_is_told_how_to_save_it_as_utf8(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "school.toml").write_bytes(GOOD.encode("utf-16"))
    assert _given(Path("school.toml")) == [
        "school.toml:1: file is UTF-16; expected UTF-8 text: save it as UTF-8 (in Notepad: "
        "File > Save as, Encoding: UTF-8)"
    ]


def test_an_ansi_profile_is_told_how_to_save_it_as_utf8(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Notepad's "ANSI" (Windows-1252) writes a curly quote as one byte that UTF-8 has not.
    monkeypatch.chdir(tmp_path)
    text = GOOD.replace("the Pastoral Office", "the \u2018Pastoral\u2019 Office")
    (tmp_path / "school.toml").write_bytes(text.encode("cp1252"))
    assert _given(Path("school.toml")) == [
        "school.toml:8: not valid UTF-8 text (byte 0x91); save the file as UTF-8 (in Notepad: "
        "File > Save as, Encoding: UTF-8)"
    ]


@pytest.mark.parametrize(
    ("logo", "png"), [("crest.svg", "crest.png"), ("logos/crest.svg", "logos/crest.png")]
)
def test_an_svg_logo_is_told_to_be_exported_as_png(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, logo: str, png: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / logo).parent.mkdir(exist_ok=True)
    (tmp_path / logo).write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    text = GOOD.replace('logo = "logo.png"', f'logo = "{logo}"')
    assert _messages(tmp_path, text) == [
        f"4: [school] logo: {logo} is an SVG drawing, not a PNG or JPEG image: export it as PNG "
        f"from your drawing program and give that file instead, such as {png}"
    ]


@pytest.mark.parametrize(
    ("number", "digits"),
    [("0163 296", 7), ("0163296", 7), ("01632 9601", 9), ("0163 2960", 8), ("016329", 6)],
)
def test_a_phone_number_with_digits_missing_is_refused_with_its_count(
    tmp_path: Path, number: str, digits: int
) -> None:
    # "01632 9601" matched the pattern of a UK number and was printed in the packs as the DSL's.
    text = GOOD.replace('dsl_phone = "01782 234567"', f'dsl_phone = "{number}"')
    assert _messages(tmp_path, text, _png()) == [
        f"9: [safeguarding] dsl_phone: expected a UK phone number such as 01782 123456, got "
        f"'{number}': it has {digits} digits, and a UK number has 10 or 11; check it"
    ]
    text = GOOD.replace('phone = "01782 235100"', f'phone = "{number}"')
    assert _messages(tmp_path, text, _png()) == [
        f"14: [[local_contacts]] (number 1) phone: expected a UK phone number such as 01782 "
        f"123456, got '{number}': it has {digits} digits, and a UK number has 10 or 11; check it"
    ]


@pytest.mark.parametrize("number", ["0800 1111", "0800 123 456", "0808 800 5000", "116 000"])
def test_short_freephone_and_116_numbers_are_still_accepted(tmp_path: Path, number: str) -> None:
    text = GOOD.replace('phone = "01782 235100"', f'phone = "{number}"')
    tailoring = load_profile(_profile(tmp_path, text, _png()), TEMPLATES)
    assert tailoring.local_contacts[0].phone == number


def test_999_is_refused_as_the_emergency_number(tmp_path: Path) -> None:
    text = GOOD.replace('dsl_phone = "01782 234567"', 'dsl_phone = "999"')
    assert _messages(tmp_path, text, _png()) == [
        "9: [safeguarding] dsl_phone: expected the DSL's own number, such as 01782 123456, got "
        "'999': that is the emergency number"
    ]
    text = GOOD.replace('phone = "01782 235100"', 'phone = "999"')
    assert _messages(tmp_path, text, _png()) == [
        "14: [[local_contacts]] (number 1) phone: expected the service's own number, such as "
        "01782 123456, got '999': that is the emergency number"
    ]


def test_an_email_with_a_word_processors_dash_is_told_to_use_a_hyphen(tmp_path: Path) -> None:
    # "dsl–safeguarding@…" was accepted, and printed: no mail reaches that address.
    text = GOOD.replace("dsl@oakfield.example", "dsl\u2013safeguarding@oakfield.example")
    assert _messages(tmp_path, text, _png()) == [
        "10: [safeguarding] dsl_email: expected an email address such as dsl@school.example, "
        "got 'dsl\u2013safeguarding@oakfield.example': it has a dash (\u2013) pasted from a word "
        "processor; type a hyphen (-) in its place"
    ]


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2009"])
def test_a_word_processors_space_in_a_phone_number_is_a_space(tmp_path: Path, space: str) -> None:
    text = GOOD.replace('dsl_phone = "01782 234567"', f'dsl_phone = "01782{space}234567"')
    text = text.replace('phone = "01782 235100"', f'phone = "01782{space}235100 ext 12"')
    tailoring = load_profile(_profile(tmp_path, text, _png()), TEMPLATES)
    assert tailoring.dsl is not None and tailoring.dsl.phone == "01782 234567"
    assert tailoring.local_contacts[0].phone == "01782 235100 ext 12"


@pytest.mark.parametrize("written", ["#4B2A7B ", " #4b2a7b", "#4B2A7B\u00a0"])
def test_a_colour_with_a_space_around_it_is_read(tmp_path: Path, written: str) -> None:
    text = GOOD.replace('primary = "#0b6e4f"', f'primary = "{written}"')
    tailoring = load_profile(_profile(tmp_path, text, _png()), TEMPLATES)
    assert tailoring.theme.primary == "#4B2A7B"


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("1h", "write the length in minutes: lesson_minutes = 60"),
        ("1.5 hours", "write the length in minutes: lesson_minutes = 90"),
        ("1:00", "write the length in minutes: lesson_minutes = 60"),
        ("fifty", "write the minutes in digits: lesson_minutes = 50"),
        ("forty-five", "write the minutes in digits: lesson_minutes = 45"),
        ("an hour", "write the minutes in digits: lesson_minutes = 60"),
        ("Fifty Five", "write the minutes in digits: lesson_minutes = 55"),
        ("lots", "write the minutes in digits: lesson_minutes = 50"),
    ],
)
def test_an_unquoted_lesson_length_in_hours_or_words_is_told_the_minutes(
    tmp_path: Path, value: str, hint: str
) -> None:
    # "1h" was told to write lesson_minutes = 1, and "fifty" to put it in quotes.
    text = GOOD.replace("lesson_minutes = 50", f"lesson_minutes = {value}")
    [message] = _messages(tmp_path, text, _png())
    assert message.startswith("23: invalid TOML: ")
    assert message.endswith(f" ({hint})")


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        (
            "accent",
            "yellow",
            "expected a colour written #RRGGBB, such as #F4B400 (a warm yellow), got 'yellow' "
            "(yellow is written #FFFF00, which carries black text)",
        ),
        (
            "accent",
            "navy",
            "expected a colour written #RRGGBB, such as #F4B400 (a warm yellow), got 'navy' "
            "(navy is #000080, too dark for black text on it: choose a lighter colour)",
        ),
        (
            "primary",
            "Purple",
            "expected a colour written #RRGGBB, such as #4B2A7B (a dark purple), got 'Purple' "
            "(Purple is written #800080, which carries white text)",
        ),
        (
            "primary",
            "yellow",
            "expected a colour written #RRGGBB, such as #4B2A7B (a dark purple), got 'yellow' "
            "(yellow is #FFFF00, too pale for white text on it: choose a darker colour)",
        ),
        (
            "primary",
            "rgb(75, 42, 123)",
            "expected a colour written #RRGGBB, such as #4B2A7B (a dark purple), got "
            "'rgb(75, 42, 123)' (rgb(75, 42, 123) is written #4B2A7B, which carries white text)",
        ),
        (
            "primary",
            "Pantone 2685 C",
            "expected a colour written #RRGGBB, such as #4B2A7B (a dark purple), got "
            "'Pantone 2685 C'",
        ),
    ],
)
def test_a_colour_by_name_is_told_its_hex_and_an_accent_an_example_it_may_use(
    tmp_path: Path, key: str, value: str, message: str
) -> None:
    # The accent's example was #4B2A7B, which is refused for an accent.
    text = GOOD.replace('primary = "#0b6e4f"', f'primary = "#0b6e4f"\n{key} = "{value}"')
    if key == "primary":
        text = GOOD.replace('primary = "#0b6e4f"', f'primary = "{value}"')
    line = 18 if key == "accent" else 17
    assert _messages(tmp_path, text, _png()) == [f"{line}: [brand] {key}: {message}"]


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (
            '"Designated Safeguarding Lead"',
            "7: [safeguarding] Designated Safeguarding Lead: unknown key; did you mean dsl_name?",
        ),
        ('"DSL name"', "7: [safeguarding] DSL name: unknown key; did you mean dsl_name?"),
        ("'dsl-name'", "7: [safeguarding] dsl-name: unknown key; did you mean dsl_name?"),
        ("DSL_NAME", "7: [safeguarding] DSL_NAME: unknown key; did you mean dsl_name?"),
    ],
)
def test_a_quoted_or_capitalised_key_is_named_on_its_own_line_and_matched(
    tmp_path: Path, key: str, message: str
) -> None:
    # Blamed on the [safeguarding] line, with no did-you-mean and a missing dsl_name besides.
    text = GOOD.replace('dsl_name = "Ms J Patel"', f'{key} = "Ms J Patel"')
    assert _messages(tmp_path, text, _png()) == [message]


@pytest.mark.parametrize(
    ("key", "hint"),
    [
        (
            "Designated Safeguarding Lead",
            'write dsl_name = "Ms J Patel": the profile\'s key for it, without spaces',
        ),
        ("DSL name", 'keys are written with underscores, not spaces: dsl_name = "Ms J Patel"'),
        (
            "Head Teacher",
            "a key has no spaces: see `cse-lessonpack init` for the keys a profile has",
        ),
    ],
)
def test_a_key_written_with_spaces_is_told_the_profiles_own_key(
    tmp_path: Path, key: str, hint: str
) -> None:
    # "Designated Safeguarding Lead" was told to write designated_safeguarding_lead, no key.
    text = GOOD.replace('dsl_name = "Ms J Patel"', f'{key} = "Ms J Patel"')
    assert _messages(tmp_path, text, _png()) == [
        f"7: invalid TOML: Expected '=' after a key in a key/value pair ({hint})"
    ]


@pytest.mark.parametrize("header", ["[[local_contact]]", "[[Local_Contacts]]", "[local_contact]"])
def test_a_contacts_section_misnamed_is_told_to_write_it_in_double_brackets(
    tmp_path: Path, header: str
) -> None:
    # "did you mean [local_contacts]?", in single brackets, is one table, not a list of contacts.
    text = GOOD.replace("[[local_contacts]]", header)
    assert _messages(tmp_path, text, _png()) == [
        f"12: {header.strip('[]')}: unknown section; did you mean [[local_contacts]]?"
    ]


@pytest.mark.parametrize("header", ["[SCHOOL]", "[School]"])
def test_a_section_in_capitals_is_matched(tmp_path: Path, header: str) -> None:
    text = GOOD.replace("[school]", header)
    assert _messages(tmp_path, text, _png()) == [
        f"2: {header[1:-1]}: unknown section; did you mean [school]?"
    ]


def test_a_zipped_document_that_reads_as_text_is_named_as_a_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its first bytes are letters and nulls, which read as text: TOML said "Expected '='".
    monkeypatch.chdir(tmp_path)
    (tmp_path / "school.docx").write_bytes(b"PK\x03\x04" + bytes(300))
    assert _given(Path("school.docx")) == [
        "school.docx: a Word document or other zipped file, not a school profile: give the "
        "profile, the .toml file that `cse-lessonpack init` wrote, such as --school school.toml "
        "(edit the profile in Notepad or TextEdit, which keep it as plain text)"
    ]


@pytest.mark.parametrize(
    ("text", "said"), [("", "is empty"), ("\n# to do\n\n", "has nothing in it but comments")]
)
def test_an_empty_profile_is_told_how_to_make_one(tmp_path: Path, text: str, said: str) -> None:
    assert _messages(tmp_path, text) == [
        f"None: the profile {said}: run `cse-lessonpack init` to make one, or write at least "
        '[school] and, on the line below it, name = "your school\'s name"'
    ]


def test_a_list_without_its_closing_bracket_is_named_on_its_own_line(tmp_path: Path) -> None:
    # tomllib blames the line after the list ("Unclosed array").
    text = GOOD.replace('stages = ["ks3", "ks4"]', 'stages = ["ks3", "ks4"')
    assert _messages(tmp_path, text, _png()) == [
        "22: invalid TOML: the list that starts on this line needs a ] at its end (write "
        'stages = ["ks3", "ks4"])'
    ]
    # Over several lines, and at the end of the file: the line it starts on, nothing to copy.
    text = GOOD + 'exclude_lessons = ["ks3-consent",\n  "ks3-online-safety"\n'
    assert _messages(tmp_path, text, _png()) == [
        "24: invalid TOML: the list that starts on this line needs a ] at its end"
    ]
    # A list closed already: the mistake is another, and TOML's words stand.
    text = GOOD.replace('stages = ["ks3", "ks4"]', 'stages = ["ks3" "ks4"]')
    assert _messages(tmp_path, text, _png()) == [
        '22: invalid TOML: Unclosed array (write a list: stages = ["ks3", "ks4"])'
    ]


def test_a_section_given_twice_names_both_lines(tmp_path: Path) -> None:
    # tomllib says "Cannot declare ('school',) twice", in Python's words.
    text = GOOD + '\n[school]\nlogo = "logo.png"\n'
    assert _messages(tmp_path, text, _png()) == [
        "25: invalid TOML: [school] appears twice (lines 2 and 25): keep one, with all its keys "
        "under it"
    ]


@pytest.mark.parametrize(
    ("stages", "before"),
    [('["Reception"]', "Reception"), ('["EYFS", "ks1"]', "EYFS"), ('["Nursery"]', "Nursery")],
)
def test_the_years_before_year_1_are_told_where_the_packs_start(
    tmp_path: Path, stages: str, before: str
) -> None:
    text = GOOD.replace('stages = ["ks3", "ks4"]', f"stages = {stages}")
    assert _messages(tmp_path, text, _png()) == [
        f"22: [pack] stages (item 1): expected a key stage, got {before!r} ({before} comes "
        "before ks1, where the packs start (Years 1 and 2))"
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('logo = "logo.png"', 'logo = ""'),
            "4: [school] logo: expected some text, got an empty value (delete the line if the "
            "school has none)",
        ),
        (
            ('dsl_email = "dsl@oakfield.example"', 'dsl_email = "  "'),
            "10: [safeguarding] dsl_email: expected an email address such as dsl@school.example, "
            "got '  ' (delete the line if the school has none)",
        ),
        (
            ('dsl_phone = "01782 234567"', 'dsl_phone = ""'),
            "9: [safeguarding] dsl_phone: expected a phone number: digits, with spaces, brackets "
            "or hyphens if you like, and an extension after it if need be, such as 01782 123456 "
            "or 01782 123456 ext 2345, got '' (delete the line if the school has none)",
        ),
        # A required key has no such way out.
        (
            ('dsl_name = "Ms J Patel"', 'dsl_name = ""'),
            "7: [safeguarding] dsl_name: expected some text, got an empty value",
        ),
    ],
)
def test_an_empty_optional_value_is_told_to_delete_its_line(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    assert _messages(tmp_path, GOOD.replace(*change), _png()) == [message]


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("school.json", '{"school": {"name": "Oakfield Academy"}}\n', "JSON"),
        ("school.toml", '\n{\n  "school": {"name": "Oakfield Academy"}\n}\n', "JSON"),
        ("school.yaml", "school:\n  name: Oakfield Academy\n", "YAML (key: value)"),
        (
            "school.toml",
            "# our school\nschool:\n  name: Oakfield Academy\nsafeguarding:\n  dsl_name: Ms J Patel\n",
            "YAML (key: value)",
        ),
    ],
)
def test_a_profile_written_as_json_or_yaml_is_named_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str, said: str
) -> None:
    # TOML said "Invalid statement", or told YAML's "school:" to be school = "".
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text(text, encoding="utf-8")
    assert _given(Path(name)) == [
        f"{name}: invalid TOML: this is written as {said}, and a profile is TOML: [school] on a "
        'line of its own, then name = "Oakfield Academy" below it. Run `cse-lessonpack init '
        "school.toml` for a starter profile and copy your values into it"
    ]


@pytest.mark.parametrize(
    ("accent", "noted"), [("#F2E6F7", True), ("#C8E6F5", True), ("#F2A900", False)]
)
def test_a_pastel_accent_is_noted_as_barely_showing_on_white_paper(
    tmp_path: Path, accent: str, noted: bool
) -> None:
    # A pale pastel accent passed every check ("black text on it: 17.4:1"), and the rules
    # under headings and the staff poster's box bars all but vanished; the campaign's amber
    # (2.0:1 on white) shows.
    from cse_lessonpack.profile import accent_note

    text = GOOD.replace('primary = "#0b6e4f"', f'primary = "#0b6e4f"\naccent = "{accent}"')
    tailoring = load_profile(_profile(tmp_path, text, _png()), TEMPLATES)
    note = accent_note(tailoring)
    if noted:
        assert note is not None and note.startswith(f"[brand] accent {accent} is very pale")
        assert "a stronger shade of it shows better" in note
    else:
        assert note is None


def test_a_letter_typed_with_a_separate_accent_is_joined_into_one(tmp_path: Path) -> None:
    # "Cafe\u0301" (an "e" and a combining accent, as some Macs paste it) printed its accent
    # after the "e"; the same words in one character each print as they should.
    text = GOOD.replace('name = "Oakfield Academy"', 'name = "E\u0301cole Saint-Rene\u0301"')
    tailoring = load_profile(_profile(tmp_path, text, _png()), TEMPLATES)
    assert tailoring.school_name == "\u00c9cole Saint-Ren\u00e9"


def test_a_logo_with_damaged_exif_prints_no_library_warning(tmp_path: Path) -> None:
    # Pillow's "UserWarning: Corrupt EXIF data" went to the terminal, naming its own source
    # file, not the logo; the logo is still used, as stored.
    buffer = io.BytesIO()
    Image.new("RGB", (400, 200), "#336699").save(buffer, "JPEG")
    exif = b"Exif\x00\x00II*\x00\x08\x00\x00\x00\x05\x00" + b"\xff" * 40
    jpeg = buffer.getvalue()
    damaged = jpeg[:2] + b"\xff\xe1" + (len(exif) + 2).to_bytes(2, "big") + exif + jpeg[2:]
    (tmp_path / "logo.jpg").write_bytes(damaged)
    text = GOOD.replace('logo = "logo.png"', 'logo = "logo.jpg"')
    with warnings.catch_warnings(record=True) as shown:
        warnings.simplefilter("always")  # every warning a user's terminal could show
        tailoring = load_profile(_profile(tmp_path, text), TEMPLATES)
    assert tailoring.logo is not None
    assert not [w for w in shown if "EXIF" in str(w.message)]
