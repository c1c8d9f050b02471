"""Composition: which lessons and activities a pack holds, fitted to the lesson length."""

from __future__ import annotations

import dataclasses

import pytest

from cse_lessonpack import compose
from cse_lessonpack.content import Library
from cse_lessonpack.errors import ProfileError
from cse_lessonpack.model import Contents, Cover, Heading, KeyStage, Worksheet, plain_text
from cse_lessonpack.profile import Tailoring
from cse_lessonpack.templating import make_environment

from .conftest import TEMPLATES


def test_lessons_keep_every_activity_at_full_length(library: Library, tailoring: Tailoring) -> None:
    (lesson,) = compose.lessons_for(library, KeyStage.KS1, tailoring)
    assert [(a.id, a.start, a.end) for a in lesson.activities] == [
        ("fixture-circle", 0, 10),
        ("fixture-sheet", 10, 45),
        ("fixture-close", 45, 60),
    ]
    assert lesson.dropped == ()


def test_a_shorter_lesson_drops_optional_activities_from_the_end(
    library: Library, tailoring: Tailoring
) -> None:
    short = dataclasses.replace(tailoring, lesson_minutes=45)
    (lesson,) = compose.lessons_for(library, KeyStage.KS1, short)
    assert [a.id for a in lesson.activities] == ["fixture-circle", "fixture-sheet"]
    assert [a.id for a in lesson.dropped] == ["fixture-close"]
    assert lesson.minutes == 45 and lesson.spare_minutes == 0


def test_spare_minutes_are_reported(library: Library, tailoring: Tailoring) -> None:
    short = dataclasses.replace(tailoring, lesson_minutes=50)
    (lesson,) = compose.lessons_for(library, KeyStage.KS1, short)
    assert lesson.used_minutes == 45 and lesson.spare_minutes == 5


def test_core_activities_longer_than_the_lesson_name_the_lesson(
    library: Library, tailoring: Tailoring
) -> None:
    short = dataclasses.replace(tailoring, lesson_minutes=40, source="school.toml")
    with pytest.raises(ProfileError) as caught:
        compose.lessons_for(library, KeyStage.KS1, short)
    assert str(caught.value) == (
        "school.toml: lesson_minutes = 40 is shorter than the core activities of lesson "
        "'ks1-fixture' (Telling a trusted adult), which take 45 minutes; choose at least 45 "
        "minutes or exclude the lesson"
    )


def test_excluded_lessons_are_left_out_and_unknown_ones_refused(
    library: Library, tailoring: Tailoring
) -> None:
    without = dataclasses.replace(tailoring, exclude_lessons=("ks1-fixture",))
    assert compose.lessons_for(library, KeyStage.KS1, without) == []
    unknown = dataclasses.replace(tailoring, exclude_lessons=("ks1-nothing",), source="school.toml")
    with pytest.raises(ProfileError, match="unknown lesson id 'ks1-nothing'"):
        compose.check_exclusions(library, unknown)


def test_pupil_helplines_follow_the_stage(library: Library) -> None:
    ks1 = [h.id for h in compose.helplines_for(library, "ks1")]
    ks4 = [h.id for h in compose.helplines_for(library, "ks4")]
    assert ks1 == ["emergency", "childline"]
    assert {"ceop", "report-remove", "safecall"} <= set(ks4)
    assert "nspcc-helpline" not in ks4  # an adults' service
    assert "nspcc-helpline" in [h.id for h in compose.helplines_for(library, "parents")]


def test_statistics_are_for_adults_only(library: Library) -> None:
    pupil_facts = compose.facts_for(library, "ks1")
    assert pupil_facts == []
    assert all(f.source.organisation for f in compose.facts_for(library, "staff"))


def test_the_pack_has_every_section(library: Library, tailoring: Tailoring) -> None:
    document = compose.compose_pack(library, KeyStage.KS3, tailoring, make_environment(TEMPLATES))
    assert isinstance(document.blocks[0], Cover)
    assert isinstance(document.blocks[1], Contents)
    top = [
        plain_text(b.children) for b in document.blocks if isinstance(b, Heading) and b.level == 1
    ]
    assert top == [
        "About this pack",
        "Before you teach",
        "Responding to a disclosure",
        "Understanding child sexual exploitation",
        "Lesson 1: Healthy or controlling?",
        "Pupil worksheets",
        "Letter to parents and carers",
        "Where to get help",
        "Glossary",
        "Sources and review",
    ]
    sheets = [b for b in document.blocks if isinstance(b, Worksheet)]
    assert [s.title for s in sheets] == ["What could Ali do?"]
    help_text = " ".join(plain_text(b.children) for b in sheets[0].help if hasattr(b, "children"))
    help_text = help_text.replace("\u00a0", " ")  # numbers are kept on one line
    assert "Childline: 0800 1111" in help_text and "Emergency: 999" in help_text
    assert document.meta.title == "Know About CSE: Key Stage 3 lesson pack"
    assert document.meta.date.isoformat() == "2026-11-28"
