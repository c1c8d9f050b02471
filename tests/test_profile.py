"""School profiles: a starter that works, merged values, and exact messages for every mistake."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from cse_lessonpack.errors import ProfileError
from cse_lessonpack.model import KeyStage
from cse_lessonpack.profile import describe, load_profile

from .conftest import TEMPLATES

GOOD = """
[school]
name = "Oakfield Academy"
logo = "logo.png"

[safeguarding]
dsl_name = "Ms J Patel"
dsl_location = "the Pastoral Office"
dsl_phone = "01782 000000"
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
    assert rows["pack.stages"] == "ks3, ks4"


def test_the_starter_from_init_is_a_valid_profile(tmp_path: Path) -> None:
    starter = (TEMPLATES / "school-profile.toml").read_text(encoding="utf-8")
    tailoring = load_profile(_profile(tmp_path, starter), TEMPLATES)
    assert tailoring.school_name == "Oakfield Academy"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('primary = "#0b6e4f"', 'primary = "green"'),
            "17: [brand] primary: expected a colour written #RRGGBB, got 'green'",
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
            "22: [pack] stages[1]: expected 'ks1', 'ks2', 'ks3', 'ks4' or 'ks5', got 'ks9'",
        ),
        (
            ('dsl_email = "dsl@oakfield.example"', 'dsl_email = "patel at oakfield"'),
            "10: [safeguarding] dsl_email: expected an email address such as dsl@school.example, got 'patel at oakfield'",
        ),
        (
            ("lesson_minutes = 50", "lesson_minutes = 5"),
            "23: [pack] lesson_minutes: expected at least 20, got 5",
        ),
        (
            ('name = "Oakfield Academy"', 'name = "=HYPERLINK(\\"x\\")"'),
            "3: [school] name: must not start with '=' (a spreadsheet formula), got '=HYPERLINK(\"x\")'",
        ),
        (
            ("large_print = true", "large_print = true\nsize = 3"),
            "20: [brand] size: unknown key (see `cse-lessonpack init` for the keys a profile has)",
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
    ) == ['7: invalid TOML: Invalid value (put text in double quotes: name = "Oakfield Academy")']


def test_an_apostrophe_in_single_quotes_gets_plain_advice(tmp_path: Path) -> None:
    text = GOOD.replace('name = "Oakfield Academy"', "name = 'St Mary's Academy'")
    assert _messages(tmp_path, text, _png()) == [
        "3: invalid TOML: Expected newline or end of document after a statement (text with an "
        "apostrophe goes in double quotes: name = \"St Mary's\", not name = 'St Mary's')"
    ]


@pytest.mark.parametrize(
    ("logo_text", "logo", "message"),
    [
        ('"missing.png"', _png(), "4: [school] logo: file not found: {dir}/missing.png"),
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
            "4: [school] logo: the logo must be in the profile's folder or below it, got '../logo.png'",
        ),
        (
            '"/etc/passwd"',
            _png(),
            "4: [school] logo: give a path relative to the profile's folder, got '/etc/passwd'",
        ),
    ],
)
def test_logo_problems(tmp_path: Path, logo_text: str, logo: bytes, message: str) -> None:
    text = GOOD.replace('logo = "logo.png"', f"logo = {logo_text}")
    found = _messages(tmp_path, text, logo)
    assert found == [message.format(dir=tmp_path.as_posix())]


def test_a_decompression_bomb_logo_is_refused(tmp_path: Path) -> None:
    bomb = io.BytesIO()
    Image.new("1", (9000, 9000)).save(bomb, format="PNG")  # tiny file, 81 megapixels
    found = _messages(tmp_path, GOOD, bomb.getvalue())
    assert found == [
        f"4: [school] logo: {tmp_path.as_posix()}/logo.png is 9000×9000 pixels; expected at most 40 megapixels"
    ]
