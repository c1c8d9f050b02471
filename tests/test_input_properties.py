"""Arbitrary text in every kind of input: always loaded as that text or refused with a located
error, never a crash (property tests with hypothesis)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cse_lessonpack.batch import COLUMNS, check_row, read_rows
from cse_lessonpack.content import load_library
from cse_lessonpack.errors import ContentError, ProfileError
from cse_lessonpack.profile import load_profile

from .conftest import FIXTURE_LESSONS, TEMPLATES

# Anything at all, including the characters that break XML (U+0000–U+001F) and reportlab markup.
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80) | st.sampled_from(
    [
        "<b>x</b>",
        "</para>",
        "&amp;",
        "{{ x }}",
        "{% if %}",
        "=SUM(A1)",
        "\x00",
        "\x1f",
        "😀",
        "x" * 300,
    ]
)
SETTINGS = settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


@SETTINGS
@given(ANY_TEXT)
def test_any_lesson_title_is_loaded_as_written_or_refused(title: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        lessons = Path(folder) / "lessons"
        shutil.copytree(FIXTURE_LESSONS, lessons)
        plan = lessons / "plans" / "ks1" / "01-fixture.md"
        quoted = yaml.safe_dump(title, allow_unicode=True, default_style='"', width=10**9).strip()
        quoted = quoted.removesuffix("\n...").strip()
        text = plan.read_text(encoding="utf-8").replace(
            "title: Telling a trusted adult", f"title: {quoted}"
        )
        plan.write_text(text, encoding="utf-8")
        try:
            library = load_library(lessons)
        except ContentError as exc:
            assert all(p.path.endswith(".md") or p.path.endswith(".yaml") for p in exc.problems)
            assert all(p.message for p in exc.problems)
            return
        assert library.plans[0].front.title == title.strip()


@SETTINGS
@given(ANY_TEXT, ANY_TEXT)
def test_any_school_profile_text_is_loaded_or_refused(name: str, location: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        profile = Path(folder) / "school.toml"
        body = (
            f"[school]\nname = {json.dumps(name, ensure_ascii=False)}\n\n[safeguarding]\n"
            f'dsl_name = "Ms J Patel"\ndsl_location = {json.dumps(location, ensure_ascii=False)}\n'
        )
        profile.write_text(body, encoding="utf-8")
        try:
            tailoring = load_profile(profile, TEMPLATES)
        except ProfileError as exc:
            assert exc.problems and all(p.message for p in exc.problems)
            return
        assert tailoring.school_name == name.strip()


@SETTINGS
@given(st.lists(ANY_TEXT, min_size=len(COLUMNS), max_size=len(COLUMNS)))
def test_any_spreadsheet_row_is_read_or_refused(cells: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        sheet = Path(folder) / "schools.csv"
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerow(cells)
        sheet.write_text(out.getvalue(), encoding="utf-8")
        try:
            rows = read_rows(sheet)
            for row in rows:
                check_row(sheet, row, len(COLUMNS), TEMPLATES)
        except ProfileError as exc:
            assert exc.problems and all(p.message for p in exc.problems)
