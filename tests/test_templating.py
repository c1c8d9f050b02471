"""Templates: values are always escaped, undefined names fail loudly, fragments are placed whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from cse_lessonpack import markdown, templating
from cse_lessonpack.errors import TemplateError
from cse_lessonpack.model import Heading, Paragraph, plain_text


def _env(tmp_path: Path, source: str) -> templating.SandboxedEnvironment:
    (tmp_path / "t.md.j2").write_text(source, encoding="utf-8")
    return templating.make_environment(tmp_path)


def test_values_are_text_never_markup_or_template_code(tmp_path: Path) -> None:
    env = _env(tmp_path, "# {{ name }}\n\n{{ note }}\n")
    hostile = "**St Mary's** <b>&</b> {{ x }} {% if %} [link](https://x) ::: note\n# not a heading"
    rendered = templating.render(env, "t.md.j2", {"name": "O'Neil & *Sons*", "note": hostile})
    heading, paragraph = markdown.read(rendered.text)
    assert isinstance(heading, Heading) and plain_text(heading.children) == "O'Neil & *Sons*"
    assert isinstance(paragraph, Paragraph)
    assert plain_text(paragraph.children) == " ".join(hostile.split())


def test_undefined_names_are_an_error(tmp_path: Path) -> None:
    env = _env(tmp_path, "{{ missing }}")
    with pytest.raises(TemplateError, match="'missing' is undefined"):
        templating.render(env, "t.md.j2", {})


def test_fragments_keep_their_blocks_and_shift_headings(tmp_path: Path) -> None:
    env = _env(tmp_path, "# Top\n\n{{ notes | blocks(1) }}\n")
    notes = markdown.read("## Inside\n\nText with *emphasis*.\n")
    rendered = templating.render(env, "t.md.j2", {"notes": notes})
    context = markdown.ReadContext(fragments=rendered.fragments.table)
    blocks = markdown.read(rendered.text, allowed=markdown.ALL_CONTAINERS, context=context)
    assert [type(b).__name__ for b in blocks] == ["Heading", "Heading", "Paragraph"]
    assert isinstance(blocks[1], Heading) and blocks[1].level == 3


def test_long_date_is_british() -> None:
    import datetime as dt

    assert templating.long_date(dt.date(2026, 3, 18)) == "18 March 2026"


def test_year_groups_read_naturally() -> None:
    assert templating.years([3, 4, 5, 6]) == "Years 3–6"
    assert templating.years([2, 1]) == "Years 1 and 2"
    assert templating.years([6]) == "Year 6"
    assert templating.years([7, 9]) == "Years 7 and 9"
    assert templating.years([7, 9, 11]) == "Years 7, 9, 11"


def test_phone_numbers_do_not_break() -> None:
    assert templating.phone("0800 1111") == "0800\u00a01111"


def test_opening_hours_keep_a_number_with_its_word() -> None:
    assert templating.hours("24 hours a day, every day") == "24\u00a0hours a day, every day"
    # Times and day ranges already hold together and are left as written.
    assert templating.hours("Mon–Thu 8:30am–5pm, Fri 8:30am–4:30pm") == (
        "Mon–Thu 8:30am–5pm, Fri 8:30am–4:30pm"
    )


def test_counts_in_running_text_are_words_up_to_nine() -> None:
    # A cover reading "4 lessons about ..." looks like a spreadsheet, not a publication.
    assert templating.counted(4, "lesson") == "four lessons"
    assert templating.counted(1, "Key Stage 3 lesson") == "one Key Stage 3 lesson"
    assert templating.counted(12, "lesson") == "12 lessons"
