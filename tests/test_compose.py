"""Composition: which lessons and activities a pack holds, fitted to the lesson length."""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from docx import Document as open_docx

from cse_lessonpack import compose
from cse_lessonpack.content import Library, load_library
from cse_lessonpack.errors import ProfileError
from cse_lessonpack.markdown import all_text
from cse_lessonpack.model import (
    Block,
    Callout,
    Contents,
    Cover,
    Document,
    Heading,
    KeyStage,
    Letter,
    ListBlock,
    PageBreak,
    Paragraph,
    Strong,
    Table,
    Text,
    Worksheet,
    WriteSpace,
    plain_text,
)
from cse_lessonpack.profile import Contact, Dsl, Tailoring, default_tailoring
from cse_lessonpack.render import RENDERERS
from cse_lessonpack.templating import make_environment
from cse_lessonpack.typography import straighten

from .conftest import LESSONS, TEMPLATES


def test_lessons_keep_every_activity_at_full_length(library: Library, tailoring: Tailoring) -> None:
    (lesson,) = compose.lessons_for(library, KeyStage.KS1, tailoring)
    assert [(a.id, a.start, a.end) for a in lesson.activities] == [
        ("fixture-circle", 0, 10),
        ("fixture-sheet", 10, 45),
        ("fixture-close", 45, 60),
    ]
    assert lesson.dropped == ()


def test_a_shorter_lesson_drops_optional_activities(library: Library, tailoring: Tailoring) -> None:
    short = dataclasses.replace(tailoring, lesson_minutes=45)
    (lesson,) = compose.lessons_for(library, KeyStage.KS1, short)
    assert [a.id for a in lesson.activities] == ["fixture-circle", "fixture-sheet"]
    assert [a.id for a in lesson.dropped] == ["fixture-close"]
    assert lesson.minutes == 45 and lesson.spare_minutes == 0


def test_a_shorter_lesson_keeps_the_most_teaching_time(
    library: Library, tailoring: Tailoring
) -> None:
    # Cut from 60 to 50 minutes, a lesson with a 10-minute optional extra and a 5-minute
    # optional calm finish loses the extra alone: dropping from the end lost both, 5 min spare.
    (lesson,) = compose.lessons_for(library, KeyStage.KS1, tailoring)
    circle, sheet, close = lesson.activities
    views = [
        dataclasses.replace(circle, minutes=10),
        dataclasses.replace(circle, id="extra", role="optional", minutes=10),
        dataclasses.replace(sheet, minutes=35),
        dataclasses.replace(close, id="calm", minutes=5),
    ]
    kept, dropped = compose.fit(views, 50, lesson.plan, "school.toml")
    assert [(v.id, v.start, v.end) for v in kept] == [
        ("fixture-circle", 0, 10),
        ("fixture-sheet", 10, 45),
        ("calm", 45, 50),
    ]
    assert [v.id for v in dropped] == ["extra"]
    # When leaving out either keeps as much time, the later one goes.
    views[1] = dataclasses.replace(views[1], minutes=5)
    kept, dropped = compose.fit(views, 50, lesson.plan, "school.toml")
    assert [v.id for v in dropped] == ["calm"]


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
        "minutes or exclude the lesson (with shorter periods, choose 60, the full lesson, and "
        "teach it over two periods of 40 minutes)"
    )


def test_a_length_no_chosen_lesson_fits_does_not_suggest_excluding_them(
    tailoring: Tailoring,
) -> None:
    # "choose at least 45 minutes or exclude those lessons" for 30 minutes, when those lessons
    # were all eight of the school's: excluding them leaves nothing to teach.
    real = load_library(LESSONS)
    stages = (KeyStage.KS3, KeyStage.KS4)
    short = dataclasses.replace(tailoring, stages=stages, lesson_minutes=30, source="school.toml")
    (message,) = _problems(real, short)
    count = sum(len(real.plans_for(s)) for s in stages)
    # Every one of them needs 45 minutes: naming one as "the longest" sent a coordinator
    # looking for what was special about it.
    assert message.endswith(
        f"is shorter than the core activities of every chosen lesson (all {count}; each needs "
        "45 minutes); choose at least 45 minutes (with shorter periods, choose 60, the full "
        "lesson, and teach it over two periods of 30 minutes)"
    )


def test_excluded_lessons_are_left_out_and_unknown_ones_refused(
    library: Library, tailoring: Tailoring
) -> None:
    without = dataclasses.replace(tailoring, exclude_lessons=("ks1-fixture",))
    assert compose.lessons_for(library, KeyStage.KS1, without) == []
    unknown = dataclasses.replace(tailoring, exclude_lessons=("ks1-nothing",), source="school.toml")
    with pytest.raises(ProfileError, match="unknown lesson id 'ks1-nothing'"):
        compose.check_tailoring(library, unknown)
    typo = dataclasses.replace(unknown, exclude_lessons=("ks1-fixtur",))
    assert _problems(library, typo) == [
        "school.toml: [pack] exclude_lessons: unknown lesson id 'ks1-fixtur' (did you mean "
        "'ks1-fixture'? `cse-lessonpack list` shows the ids)"
    ]


def _problems(library: Library, tailoring: Tailoring) -> list[str]:
    with pytest.raises(ProfileError) as caught:
        compose.check_tailoring(library, tailoring)
    return [str(p) for p in caught.value.problems]


def test_excluding_every_lesson_of_a_chosen_stage_is_refused(
    library: Library, tailoring: Tailoring
) -> None:
    emptied = dataclasses.replace(
        tailoring,
        stages=(KeyStage.KS1, KeyStage.KS3),
        exclude_lessons=("ks1-fixture",),
        source="school.toml",
        lines={("pack", "exclude_lessons"): 9},
    )
    assert _problems(library, emptied) == [
        "school.toml:9: [pack] exclude_lessons: leaves ks1 with no lessons (all 1 are excluded); "
        "keep at least one of its lessons or take ks1 out of [pack] stages"
    ]
    # A stage that is not built may lose all its lessons.
    compose.check_tailoring(library, dataclasses.replace(emptied, stages=(KeyStage.KS3,)))


@pytest.mark.parametrize(
    ("phone", "service"),
    [("0800 1111", "Childline"), ("0808 800 5000", "NSPCC Helpline"), ("01782 234567", None)],
)
def test_the_dsls_phone_is_not_a_national_helplines(
    library: Library, tailoring: Tailoring, phone: str, service: str | None
) -> None:
    # "Call Ms J Patel on 0800 1111" sent a worried child to Childline as if it were the school.
    school = dataclasses.replace(
        tailoring,
        dsl=Dsl("Ms J Patel", "Designated Safeguarding Lead", None, phone, None),
        source="school.toml",
        lines={("safeguarding", "dsl_phone"): 9},
    )
    if service is None:
        compose.check_tailoring(library, school)
    else:
        assert _problems(library, school) == [
            f"school.toml:9: [safeguarding] dsl_phone: {phone} is {service}'s number, not the "
            "DSL's; give the number that reaches the DSL at school (their extension, or the "
            "school office), or leave it out"
        ]


@pytest.mark.parametrize(
    ("name", "phone", "message"),
    [
        (
            "Childline",
            "01782 235100",
            "school.toml:13: [[local_contacts]] (number 2) name: 'Childline' is a national helpline whose number is 0800 1111, not 01782 235100; use 0800 1111, or give "
            "this contact a name of its own",
        ),
        (
            "NSPCC HELPLINE Stoke",
            "01782 000111",
            "school.toml:13: [[local_contacts]] (number 2) name: 'NSPCC HELPLINE Stoke' names "
            "NSPCC Helpline, a national helpline whose number is 0808 800 5000, not "
            "01782 000111; use 0808 800 5000, or give this contact a name of its own",
        ),
        ("Childline", "0800 1111", None),  # its own number: nothing contradicts it
        ("Childlines Café", "01782 000111", None),  # another word, not the helpline's name
    ],
)
def test_a_local_contact_named_like_a_helpline_needs_its_number(
    library: Library, tailoring: Tailoring, name: str, phone: str, message: str | None
) -> None:
    contacts = (Contact("Oak Family Hub", "01782 111222", None), Contact(name, phone, None))
    school = dataclasses.replace(
        tailoring,
        local_contacts=contacts,
        source="school.toml",
        lines={("local_contacts", 1): 12, ("local_contacts", 1, "name"): 13},
    )
    if message is None:
        compose.check_tailoring(library, school)
    else:
        assert _problems(library, school) == [message]


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


def test_a_staff_fact_about_one_phase_shows_only_in_that_phases_packs(
    tailoring: Tailoring,
) -> None:
    # A survey of secondary teachers filled a page of its own in the KS1 pack, and meant little
    # to a primary teacher; the staff briefing, for every phase, keeps it.
    env = make_environment(TEMPLATES)
    library = load_library(LESSONS)

    def text(stage: KeyStage) -> str:
        return "\n".join(all_text(compose.compose_pack(library, stage, tailoring, env).blocks))

    assert "secondary teachers" not in text(KeyStage.KS1)
    assert "NASUWT" not in text(KeyStage.KS2)  # nor its source
    assert "secondary teachers" in text(KeyStage.KS3)
    briefing = compose.compose_guide(library, "staff-briefing", tailoring, env)
    assert "secondary teachers" in "\n".join(all_text(briefing.blocks))


def test_the_pack_has_every_section(library: Library, tailoring: Tailoring) -> None:
    document = compose.compose_pack(library, KeyStage.KS3, tailoring, make_environment(TEMPLATES))
    assert isinstance(document.blocks[0], Cover)
    assert isinstance(document.blocks[1], Contents)
    # The letter goes home on pages of its own, under its own heading.
    letters = [b for b in document.blocks if isinstance(b, Letter)]
    assert len(letters) == 1
    blocks = [
        inner for b in document.blocks for inner in (b.blocks if isinstance(b, Letter) else (b,))
    ]
    top = [plain_text(b.children) for b in blocks if isinstance(b, Heading) and b.level == 1]
    assert top == [
        "About this pack",
        "Before you teach",
        "Responding to a disclosure",
        "Understanding child sexual exploitation",
        "Lesson 1: Healthy or controlling?",
        "Assessment record",
        "Student worksheets",  # KS3's learners are students, as its plans call them
        "Letter to parents and carers",
        "Where to get help",
        "Glossary",
        "Sources and review",
    ]
    sheets = [b for b in document.blocks if isinstance(b, Worksheet)]
    # The lesson's key words and worksheet, and the pupils' page of "Where to get help", in
    # worksheet type.
    assert [s.title for s in sheets] == [
        "Key words for Lesson 1",
        "What could Ali do?",
        "Where you can get help",
    ]
    help_text = " ".join(plain_text(b.children) for b in sheets[1].help if hasattr(b, "children"))
    help_text = help_text.replace("\u00a0", " ")  # numbers are kept on one line
    assert "Childline: 0800 1111" in help_text and "Emergency: 999" in help_text
    assert document.meta.title == "Know About CSE: Key Stage 3 lesson pack"
    assert document.meta.worksheet_label == "Student worksheet"
    assert document.meta.date.isoformat() == "2026-11-28"


def _plain(blocks: tuple[Block, ...]) -> str:
    """Blocks' words on one line, spaces evened out and quotes straight, as a reader sees them."""
    return straighten(" ".join(" ".join(all_text(blocks)).split()))


def _pack_text(lessons: Path, stage: KeyStage) -> str:
    library = load_library(lessons)
    document = compose.compose_pack(
        library, stage, default_tailoring(TEMPLATES), make_environment(TEMPLATES)
    )
    return "\n".join(all_text(document.blocks))


def test_a_suggested_year_is_given_with_the_lessons_years_and_in_about_this_pack(
    lessons_copy: Path, edit: Callable[[str, str, str], Path]
) -> None:
    plain = _pack_text(lessons_copy, KeyStage.KS1).replace("\u00a0", " ")
    assert "suggested" not in plain
    edit("plans/ks1/01-fixture.md", "years: [1, 2]\n", "years: [1, 2]\nsuggested_year: 2\n")
    text = _pack_text(lessons_copy, KeyStage.KS1).replace("\u00a0", " ")
    assert "Years 1 and 2 (suggested: Year 2)" in text  # the overview table
    assert "Key Stage 1, Years 1 and 2 (suggested: Year 2)" in text  # the lesson's own table
    # A pack of one lesson has no order to keep: the paragraph is for a key stage's several.
    assert "teach each in its suggested year" not in text
    ks2 = _pack_text(LESSONS, KeyStage.KS2).replace("\u00a0", " ")
    assert (
        "A Year 5 or Year 6 class can be taught all six lessons in one year, in order. To spread "
        "them over Key Stage 2 instead, teach each in its suggested year: Lessons 1 and 2 in Year "
        "3; Lessons 3 and 4 in Year 4; Lesson 5 in Year 5; Lesson 6 in Year 6."
    ) in " ".join(ks2.split())


def test_the_youngest_pupils_lessons_point_them_to_a_grown_up_they_trust() -> None:
    # Each KS1 lesson's "Where to get help" said "a trusted adult in school", the one place
    # its lessons did not say "grown-up" (the glossary's headword aside).
    ks1 = _pack_text(LESSONS, KeyStage.KS1)
    assert ks1.count("a grown-up they trust in school") == 4  # one for each lesson
    assert "a trusted adult in school" not in ks1
    assert "a trusted adult in school" in _pack_text(LESSONS, KeyStage.KS2)


def test_a_variants_own_notes_purpose_and_label_print_only_in_its_stage(
    lessons_copy: Path, edit: Callable[[str, str, str], Path]
) -> None:
    edit(
        "activities/fixture-circle.md",
        "    stretch: Ask students to explain where pressure becomes control.\n",
        "    stretch: Ask students to explain where pressure becomes control.\n"
        "    purpose: Students place statements on a line from healthy to controlling.\n"
        "    prompts_label: Statements to read out\n"
        "    notes: |\n"
        "      In Key Stage 3, link the line to the law on consent.\n",
    )
    ks3, ks1 = _pack_text(lessons_copy, KeyStage.KS3), _pack_text(lessons_copy, KeyStage.KS1)
    assert "In Key Stage 3, link the line to the law on consent." in ks3
    assert "In Key Stage 3, link the line" not in ks1
    assert "Keep the situations fictional." in ks1 and "Keep the situations fictional." in ks3
    assert "Students place statements on a line from healthy to controlling." in ks3
    assert "Pupils say how characters might feel, as a baseline." in ks1
    assert "Pupils say how characters might feel" not in ks3
    assert "Statements to read out" in ks3 and "Statements to read out" not in ks1
    assert "Ask the class" in ks1


def test_a_worksheet_can_leave_out_the_name_line(
    lessons_copy: Path, edit: Callable[[str, str, str], Path]
) -> None:
    def name_lines() -> int:
        library = load_library(lessons_copy)
        document = compose.compose_pack(
            library, KeyStage.KS1, default_tailoring(TEMPLATES), make_environment(TEMPLATES)
        )
        sheet = next(
            b for b in document.blocks if isinstance(b, Worksheet) and b.title == "Who can I tell?"
        )
        return sum(1 for b in sheet.blocks if isinstance(b, WriteSpace) and b.label == "Name")

    assert name_lines() == 1
    edit(
        "activities/fixture-sheet.md",
        "      title: Who can I tell?\n",
        "      title: Who can I tell?\n      name_line: false\n",
    )
    assert name_lines() == 0


def test_each_lessons_worksheets_start_with_its_key_words_to_write_or_draw_beside(
    library: Library, tailoring: Tailoring
) -> None:
    # An EAL specialist asked for a sheet of each lesson's words to meet before the lesson,
    # with room for the pupil's own language or a picture.
    document = compose.compose_pack(library, KeyStage.KS1, tailoring, make_environment(TEMPLATES))
    sheets = [b for b in document.blocks if isinstance(b, Worksheet)]
    assert [s.title for s in sheets][:2] == ["Key words for Lesson 1", "Who can I tell?"]
    (table,) = [b for b in sheets[0].blocks if isinstance(b, Table)]
    assert [plain_text(c) for c in table.header] == ["Word", "What it means", "My picture or word"]
    assert [[plain_text(c) for c in row] for row in table.rows] == [
        ["trusted adult", "A grown-up you know well. They keep you safe and listen to you.", ""],
        ["secret", "Something you are told not to tell. If it makes you sad, tell a grown-up.", ""],
    ]
    assert any(isinstance(b, WriteSpace) and b.label == "Name" for b in sheets[0].blocks)
    assert "Childline: 0800\u00a01111" in " ".join(all_text(sheets[0].help))
    # The plan sends the teacher to it, and the worksheets' list names it first.
    text = "\n".join(all_text(document.blocks))
    assert "These words and meanings are on the sheet Key words for Lesson 1 (in Pupil" in text
    (listed,) = [
        b
        for b in document.blocks
        if isinstance(b, Table) and [plain_text(c) for c in b.header] == ["Worksheet", "Used in"]
    ]
    assert plain_text(listed.rows[0][0]) == "Key words for Lesson 1"


def test_key_words_about_bodies_and_images_are_written_never_drawn(tailoring: Tailoring) -> None:
    # An EAL review: the sheets told pupils to draw every word, "private parts" and "nude"
    # among them, against "Before you teach": the word and its translation, never a picture.
    real = load_library(LESSONS)
    env = make_environment(TEMPLATES)

    def sheet(stage: KeyStage, lesson: int) -> tuple[str, Table]:
        document = compose.compose_pack(real, stage, tailoring, env)
        (found,) = [
            b
            for b in document.blocks
            if isinstance(b, Worksheet) and b.title == f"Key words for Lesson {lesson}"
        ]
        (table,) = [b for b in found.blocks if isinstance(b, Table)]
        return " ".join(all_text(found.blocks)), table

    text, table = sheet(KeyStage.KS1, 1)
    assert "You can draw a picture for a word too, but not for a word marked (words only)." in text
    marked = [plain_text(r[0]) for r in table.rows if "(words only)" in plain_text(r[0])]
    assert marked == [
        "private parts (words only)",
        "safe touch (words only)",
        "unsafe touch (words only)",
    ]
    assert table.row_height == 35  # room for a young child to draw
    text, table = sheet(KeyStage.KS2, 1)  # no such word: the sheet does not mention it
    assert "words only" not in text and "or draw a picture to help you remember it." in text
    for stage, lesson in ((KeyStage.KS3, 3), (KeyStage.KS4, 3), (KeyStage.KS5, 2)):
        text, table = sheet(stage, lesson)  # nudes, indecent images, deepfakes: none drawn
        assert not re.search(r"\bdraw\b", text, re.I) and "words only" not in text
        assert "In the last column, write each word in your first language, or in your own" in text


def test_a_lessons_resources_include_its_key_words_sheet(tailoring: Tailoring) -> None:
    text = _pack_text(LESSONS, KeyStage.KS2)
    assert (
        "Key words for Lesson 3, one for each of the pupils you go through it with before the "
        "lesson (see Key vocabulary)" in text
    )
    # Who fills in the last column, and who never does: a classmate or family member
    # translating words about bodies or images.
    assert "A bilingual adult, or your EAL or interpreting service, writes each word" in text
    assert "Never ask a classmate or a family member to translate words about bodies" in text
    assert "Keep the sheet in school." in text


def test_a_helplines_pupil_wording_is_used_on_that_stages_help_page(
    lessons_copy: Path, edit: Callable[[str, str, str], Path]
) -> None:
    edit(
        "helplines.yaml",
        "      ks2: telling the police about someone online who has worried you, with a trusted adult\n",
        "      ks2: telling the police about someone online who has worried you, with a trusted adult\n"
        "      ks3: reporting someone online who worries you\n",
    )
    ks3 = _pack_text(lessons_copy, KeyStage.KS3)
    assert "reporting someone online who worries you" in ks3  # the pupils' table
    assert "reporting online sexual abuse or grooming" in ks3  # the adults' table keeps its own


def test_a_helplines_pupil_cost_wording_is_used_only_on_that_stages_pupil_table(
    lessons_copy: Path, edit: Callable[[str, str, str], Path]
) -> None:
    edit(
        "helplines.yaml",
        "    cost: Free, and the call does not show on the phone bill\n",
        "    cost: Free, and the call does not show on the phone bill\n"
        "    cost_for_pupils:\n"
        "      ks1: Free to call, from any phone\n",
    )
    ks1 = _pack_text(lessons_copy, KeyStage.KS1)
    assert "Free to call, from any phone" in ks1
    # A phone bill means nothing to a six-year-old: the pupils' table drops it, the adults' keeps it.
    assert ks1.count("does not show on the phone bill") == 1
    ks3 = _pack_text(lessons_copy, KeyStage.KS3)
    assert ks3.count("does not show on the phone bill") == 2  # older pupils keep it
    assert "Free to call, from any phone" not in ks3


def test_a_helplines_pupil_hours_wording_is_used_only_on_that_stages_pupil_table(
    lessons_copy: Path, edit: Callable[[str, str, str], Path]
) -> None:
    # "24 hours a day, every day" on a Year 1 help page, read aloud: a six-year-old hears
    # "any time, day or night".
    edit(
        "helplines.yaml",
        "    hours: 24 hours a day, every day\n    cost: Free, and the call does not show",
        "    hours: 24 hours a day, every day\n    hours_for_pupils:\n"
        "      ks1: Any time, day or night\n    cost: Free, and the call does not show",
    )
    ks1 = _pack_text(lessons_copy, KeyStage.KS1)
    assert ks1.count("Any time, day or night") == 1  # the pupils' table; the adults' keeps its own
    ks3 = _pack_text(lessons_copy, KeyStage.KS3)
    assert "Any time, day or night" not in ks3


def test_the_parents_guide_lists_only_the_lessons_the_school_chose(tailoring: Tailoring) -> None:
    from .conftest import LESSONS

    real = load_library(LESSONS)
    ks1 = real.plans_for(KeyStage.KS1)
    school = dataclasses.replace(
        tailoring,
        school_name="Oakfield Primary",
        stages=(KeyStage.KS1, KeyStage.KS2),
        exclude_lessons=(ks1[-1].front.id,),
    )
    guide = compose.compose_guide(real, "parents-guide", school, make_environment(TEMPLATES))
    text = "\n".join(all_text(guide.blocks))
    assert ks1[0].front.title in text
    assert ks1[-1].front.title not in text  # left out of the school's packs
    assert real.plans_for(KeyStage.KS2)[0].front.title in text
    for stage in (KeyStage.KS3, KeyStage.KS4, KeyStage.KS5):
        for plan in real.plans_for(stage):
            assert plan.front.title not in text, plan.front.title


def _progression_map(guide: object) -> tuple[list[str], dict[str, list[str]], list[str]]:
    """The staff briefing's progression map: its header, its rows by thread, and the lists of
    each stage's lessons under it."""
    blocks = guide.blocks  # type: ignore[attr-defined]
    start = next(
        i
        for i, b in enumerate(blocks)
        if isinstance(b, Heading) and plain_text(b.children) == "How the lessons build"
    )
    table = next(b for b in blocks[start:] if isinstance(b, Table))
    listed = next(b for b in blocks[start:] if isinstance(b, ListBlock))

    def text(inlines: object) -> str:  # no-break spaces keep "Key Stage 1" together
        return plain_text(inlines).replace("\u00a0", " ")  # type: ignore[arg-type]

    rows = {text(r[0]): [text(c) for c in r[1:]] for r in table.rows}
    items = [" ".join(all_text(item)).replace("\u00a0", " ") for item in listed.items]
    return [text(c) for c in table.header], rows, items


def test_the_staff_briefing_maps_each_thread_to_the_lessons_that_teach_it(
    tailoring: Tailoring,
) -> None:
    # A curriculum lead asked for a KS1-KS5 progression map: which lessons come back to which
    # thread, stage by stage.
    real = load_library(LESSONS)
    env = make_environment(TEMPLATES)
    header, rows, items = _progression_map(
        compose.compose_guide(real, "staff-briefing", tailoring, env)
    )
    assert header == ["Thread", *(f"Key Stage {n}" for n in range(1, 6))]
    assert list(rows) == [strand.name for strand in real.strands.values()]
    for stage_index, stage in enumerate(KeyStage):
        for number, plan in enumerate(real.plans_for(stage), start=1):
            for strand in real.strands.values():
                cell = rows[strand.name][stage_index].split(", ")
                assert (str(number) in cell) == (strand.id in plan.front.strands), plan.front.id
    assert rows["Grooming and exploitation"][0] == "none"  # never an empty box to write in
    assert items[1].startswith("Key Stage 2 (Years 3–6): 1 Good friends, online and")
    assert "6 The trust trick: understanding grooming (Years 5 and 6)." in items[1]

    # A school's briefing maps only its stages, numbered as in its packs.
    ks3 = real.plans_for(KeyStage.KS3)
    school = dataclasses.replace(
        tailoring, stages=(KeyStage.KS3,), exclude_lessons=(ks3[0].front.id,)
    )
    header, rows, items = _progression_map(
        compose.compose_guide(real, "staff-briefing", school, env)
    )
    assert header == ["Thread", "Key Stage 3"]
    assert rows["Grooming and exploitation"] == ["1"]  # Lesson 2 in the full pack
    assert "Healthy friendships and relationships" not in rows  # only Lesson 1 taught it
    assert items == [
        f"Key Stage 3 (Years 7–9): 1 {ks3[1].front.title}; 2 {ks3[2].front.title}; 3 {ks3[3].front.title}."
    ]

    # A Key Stage 1 school's staff are not told to ask what earlier packs taught.
    infants = dataclasses.replace(tailoring, stages=(KeyStage.KS1,))
    text = straighten(_guide_text(infants, "staff-briefing"))
    assert "The map below shows which of this pack's lessons teach each thread" in text
    assert "packs for earlier key stages" not in text
    assert "packs for earlier key stages" in _guide_text(
        dataclasses.replace(tailoring, stages=(KeyStage.KS5,)), "staff-briefing"
    )


def test_the_staff_briefing_says_what_each_key_stage_adds_to_each_thread(
    tailoring: Tailoring,
) -> None:
    # The same curriculum lead asked for a phrase in each cell of the map saying what that key
    # stage adds to the thread: the numbers alone did not say what had been taught.
    real = load_library(LESSONS)
    env = make_environment(TEMPLATES)
    text = _plain(compose.compose_guide(real, "staff-briefing", tailoring, env).blocks)
    assert "What each key stage adds" in text
    for strand in real.strands.values():
        assert strand.adds, strand.id
        for stage, phrase in strand.adds.items():
            numbers = [
                str(n)
                for n, plan in enumerate(real.plans_for(stage), start=1)
                if strand.id in plan.front.strands
            ]
            listed = (
                f"Lesson {numbers[0]}"
                if len(numbers) == 1
                else f"Lessons {', '.join(numbers[:-1])} and {numbers[-1]}"
            )
            assert f"{real.stages[stage].label} ({listed}): {phrase}." in text

    # A pack without one of a stage's lessons on a thread gives only the map's numbers for it:
    # the phrase would describe the lesson left out too.
    ks4 = real.plans_for(KeyStage.KS4)
    school = dataclasses.replace(
        tailoring, stages=(KeyStage.KS4,), exclude_lessons=(ks4[3].front.id,)
    )
    text = _plain(compose.compose_guide(real, "staff-briefing", school, env).blocks)
    assert real.strands["others"].adds[KeyStage.KS4] not in text  # Lessons 1 and 4 taught it
    assert f"Key Stage 4 (Lessons 1, 2 and 3): {real.strands['grooming'].adds[KeyStage.KS4]}." in (
        text
    )


def test_a_number_that_takes_texts_says_so_wherever_it_is_printed() -> None:
    # SafeCall's 116 000 takes calls and texts; a young person reading only "116 000" would not
    # know they could text it.
    from cse_lessonpack.model import Table

    from .conftest import LESSONS

    real = load_library(LESSONS)
    pack = compose.compose_pack(
        real, KeyStage.KS4, default_tailoring(TEMPLATES), make_environment(TEMPLATES)
    )
    cells = [
        plain_text(cell).replace("\u00a0", " ")
        for block in pack.blocks
        if isinstance(block, Table)
        for row in block.rows
        for cell in row
    ]
    # The adults' help table, and the pupils' help page.
    assert [c for c in cells if "116 000" in c] == [
        "116 000 (call or text) · www.missingpeople.org.uk"
    ]
    (pupils,) = [b for b in pack.blocks if isinstance(b, Worksheet) and "get help" in b.title]
    text = " ".join(all_text(pupils.blocks)).replace("\u00a0", " ")
    assert text.count("116 000") == text.count("116 000 (call or text)") == 1


@pytest.mark.parametrize(
    ("stage", "large_print", "size"),
    [
        (KeyStage.KS1, False, 18),  # children learning to read
        (KeyStage.KS2, False, 15),  # the brand's
        (KeyStage.KS5, False, 13),  # sixth-formers: their sheets were three pages each
        (KeyStage.KS5, True, 20),  # large print: still 4 pt above its 16 pt body
    ],
)
def test_each_stage_sets_its_worksheet_type(
    stage: KeyStage, large_print: bool, size: float, tmp_path: Path
) -> None:
    from cse_lessonpack.profile import load_profile

    from .conftest import LESSONS

    real = load_library(LESSONS)
    profile = tmp_path / "school.toml"
    flag = "true" if large_print else "false"
    profile.write_text(f'[school]\nname = "Oak"\n\n[brand]\nlarge_print = {flag}\n')
    school = load_profile(profile, TEMPLATES)
    pack = compose.compose_pack(real, stage, school, make_environment(TEMPLATES))
    assert pack.theme.worksheet_size == size
    assert pack.theme.body_size == (16 if large_print else 11)


def _with_dsl(
    tailoring: Tailoring, deputy: str | None, phone: str | None = None, email: str | None = None
) -> Tailoring:
    dsl = Dsl(
        "Ms J Patel", "Designated Safeguarding Lead", "the Pastoral Office", phone, email, deputy
    )
    return dataclasses.replace(tailoring, school_name="Oakfield Academy", dsl=dsl)


def _guide_text(school: Tailoring, guide: str) -> str:
    from .conftest import LESSONS

    document = compose.compose_guide(
        load_library(LESSONS), guide, school, make_environment(TEMPLATES)
    )
    return " ".join(" ".join(all_text(document.blocks)).split())


def test_a_deputy_dsl_is_named_where_staff_and_parents_are_told_to_ask_for_one(
    library: Library, tailoring: Tailoring
) -> None:
    # Text from a profile is data: a table's bar, markup and template syntax print as typed.
    deputy = "Mr R Shah | <b>Mrs K Hill</b> {{ x }}"
    school = _with_dsl(tailoring, deputy)
    school = dataclasses.replace(
        school, dsl=dataclasses.replace(school.dsl, phone="01782 234567", email="dsl@oak.example")
    )
    pack = compose.compose_pack(library, KeyStage.KS3, school, make_environment(TEMPLATES))
    text = " ".join(" ".join(all_text(pack.blocks)).split())
    assert f"Deputies: {deputy}" in text  # Before you teach: the DSL's box, naming two
    # Phone and email share a line there, so the box leaves "Getting ready" on its page.
    assert "Phone: 01782\u00a0234567 · Email: dsl@oak.example" in " ".join(all_text(pack.blocks))
    assert f"If they are away, ask for {deputy}." in text  # the help page's table for adults
    assert "ask for a deputy" not in text
    staff = _guide_text(school, "staff-briefing")
    assert (
        f"If they are not available, tell the deputy DSLs ({deputy}) or a senior leader." in staff
    )
    parents = _guide_text(school, "parents-guide")
    assert f"If they are away, talk to {deputy}. You do not have to be sure" in parents


def test_one_deputy_is_headed_deputy_and_several_deputies(
    library: Library, tailoring: Tailoring
) -> None:
    # "Deputy: Mr R Shah, Mrs K Hill or Dr A Okonkwo" read as one person's title.
    for deputy, label, guide in [
        ("Mr R Shah", "Deputy", "deputy DSL"),
        ("Mr R Shah, Mrs K Hill or Dr A Okonkwo", "Deputies", "deputy DSLs"),
        ("Mr R Shah and Mrs K Hill", "Deputies", "deputy DSLs"),
    ]:
        school = _with_dsl(tailoring, deputy)
        pack = compose.compose_pack(library, KeyStage.KS3, school, make_environment(TEMPLATES))
        text = " ".join(" ".join(all_text(pack.blocks)).split())
        assert f"{label}: {deputy}" in text
        assert f"tell the {guide} ({deputy})" in _guide_text(school, "staff-briefing")


def test_without_a_deputy_the_pages_say_to_ask_for_one(
    library: Library, tailoring: Tailoring
) -> None:
    school = _with_dsl(tailoring, None)
    pack = compose.compose_pack(library, KeyStage.KS3, school, make_environment(TEMPLATES))
    text = " ".join(" ".join(all_text(pack.blocks)).split())
    assert "If they are away, ask for a deputy." in text
    assert "Deputy:" not in text
    # The DSL's box in "Before you teach" said nothing of who to tell when they are away.
    assert "If they are away: a deputy DSL, or a senior leader" in text
    staff = _guide_text(school, "staff-briefing")
    assert "If they are not available, tell a deputy or a senior leader." in staff
    parents = _guide_text(school, "parents-guide")
    assert "Designated Safeguarding Lead. You do not have to be sure" in parents


def test_the_letter_home_has_lines_for_what_only_the_school_knows(
    library: Library, tailoring: Tailoring
) -> None:
    def letter(school: Tailoring) -> list[str]:
        pack = compose.compose_pack(library, KeyStage.KS1, school, make_environment(TEMPLATES))
        (letter,) = [b for b in pack.blocks if isinstance(b, Letter)]
        heading = letter.blocks[0]
        assert isinstance(heading, Heading)
        assert plain_text(heading.children) == "Letter to parents and carers"
        # Only what a parent reads: no note to the teacher on the pages sent home.
        assert not [b for b in letter.blocks if isinstance(b, Paragraph) and b.style == "small"]
        return [b.label for b in letter.blocks if isinstance(b, WriteSpace)]

    # A letter sent home without the school's name or the dates is one a parent cannot act on.
    assert letter(tailoring) == [
        "School",
        "Date",
        "The lessons will take place on",
        "Signed",
        "Name and role",
    ]
    named = letter(_with_dsl(tailoring, None))
    assert named == ["Date", "The lessons will take place on", "Signed", "Name and role"]


def test_the_letters_home_say_what_parents_can_and_cannot_withdraw_from(
    tailoring: Tailoring,
) -> None:
    # A secondary letter sent parents to the school's RSE policy, which does not name these
    # lessons, to find which parts are sex education; the primary letters said nothing of
    # withdrawal, which parents of pupils taught about grooming ask about.
    real = load_library(LESSONS)
    env = make_environment(TEMPLATES)

    def letter(stage: KeyStage) -> tuple[str, list[str]]:
        pack = compose.compose_pack(real, stage, tailoring, env)
        (found,) = [b for b in pack.blocks if isinstance(b, Letter)]
        words = " ".join(" ".join(all_text(found.blocks)).split())
        return words, [b.label for b in found.blocks if isinstance(b, WriteSpace)]

    for stage in (KeyStage.KS1, KeyStage.KS2):
        words, _ = letter(stage)
        assert "they are not sex education, so there is no right to withdraw from them" in words
    for stage in (KeyStage.KS3, KeyStage.KS4):
        words, lines = letter(stage)
        label = "The parts of these lessons that are sex education (if any), and who to speak to"
        assert label in lines
        assert "three terms before your child’s 16th birthday" in words
        # A box the school must fill in is named where staff are told what to write in.
        pack = compose.compose_pack(real, stage, tailoring, env)
        text = " ".join(" ".join(all_text(pack.blocks)).split())
        assert "any parts your RSE policy treats as sex education" in text
    assert "child sexual exploitation (CSE), including grooming, consent" in letter(KeyStage.KS3)[0]


def test_a_letter_for_lessons_spread_over_the_years_asks_which_ones_the_class_has(
    tailoring: Tailoring,
) -> None:
    # The KS2 lessons suggest a year each (3 to 6), but the letter said "This term, your child's
    # class will take part in a short series" and left one date to fill in: for a school that
    # spreads them, a Year 3 parent read of lessons their child will not have for years.
    real = load_library(LESSONS)
    env = make_environment(TEMPLATES)

    def letter(stage: KeyStage) -> tuple[str, list[str]]:
        document = compose.compose_letter(real, stage, tailoring, env)
        (found,) = [b for b in document.blocks if isinstance(b, Letter)]
        labels = [b.label for b in found.blocks if isinstance(b, WriteSpace)]
        return _plain(found.blocks), labels

    words, labels = letter(KeyStage.KS2)
    assert "This term" not in words
    assert "a series of six that runs through Years 3 to 6" in words
    assert "Lessons for your child’s class, and dates" in labels
    assert "The lessons will take place on" not in labels
    # Stages taught as one block keep their single date.
    assert "The lessons will take place on" in letter(KeyStage.KS3)[1]


def test_the_letters_answer_what_a_worried_parent_asks_first(tailoring: Tailoring) -> None:
    # Two parents reading the letters asked whether they had to reply, where the parents'
    # guide was (no letter named it), what "CEOP" is, and, for a secondary child, whether
    # they would be told if their child raised a worry.
    real = load_library(LESSONS)
    env = make_environment(TEMPLATES)
    for stage in KeyStage:
        words = _plain(compose.compose_letter(real, stage, tailoring, env).blocks)
        assert "You do not need to reply." in words, stage
        assert "the campaign's guide for parents and carers" in words, stage
        assert "CEOP Safety Centre, from the National Crime Agency" in words, stage
        if stage.value in {"ks3", "ks4", "ks5"}:
            assert "we usually involve parents and carers, unless that could put the" in words
        if stage.value in {"ks3", "ks4"}:
            assert "write to the headteacher" in words, stage
    ks4 = _plain(compose.compose_letter(real, KeyStage.KS4, tailoring, env).blocks)
    for word in ("sextortion", "county lines", "child-on-child", "Fearless"):
        assert f"{word} is" in ks4 or f"{word} exploitation is" in ks4, word


def test_the_letters_home_explain_the_words_a_parent_may_not_know(tailoring: Tailoring) -> None:
    # A parent reading the letters met "PSHE", "RSHE policy" and "a statutory subject"
    # unexplained, and a KS1 or KS2 parent the campaign's "CSE" with nothing to say what it
    # stands for; a KS5 letter, also given to students of 18, said only that "a 16- or
    # 17-year-old" is never to blame, and gave no route to help for an adult.
    real = load_library(LESSONS)
    env = make_environment(TEMPLATES)
    for stage in KeyStage:
        letter = compose.compose_letter(real, stage, tailoring, env)
        words = _plain(letter.blocks)
        assert "statutory" not in words.lower() and "RSHE" not in words, stage
        if "PSHE" in words:
            assert "PSHE (personal, social, health and economic education)" in words, stage
        # What CSE stands for is said by the time the letter first uses it.
        first = words.index("CSE")
        assert "child sexual exploitation" in words[: first + 50], (stage, words[: first + 50])
    ks5 = _plain(compose.compose_letter(real, KeyStage.KS5, tailoring, env).blocks)
    assert "No student, whatever their age, is ever to blame for being exploited" in ks5
    assert "report a worry to the police on 101" in ks5


def test_the_parents_guide_gives_one_message_about_nude_pictures(tailoring: Tailoring) -> None:
    # It told parents to say at home that a child "who was pushed or tricked" is not in
    # trouble, narrower than the lessons' "nobody is in trouble for asking for help", and that
    # a child sent a picture "should not keep it", a line above "Do not delete anything".
    text = straighten(_guide_text(tailoring, "parents-guide"))
    assert "who was pushed or tricked is not in trouble" not in text
    assert "should not keep it" not in text
    assert text.count("nobody is in trouble for asking for help") >= 2
    assert "should not save it, show it to anyone or send it on" in text


@pytest.mark.parametrize("stage", list(KeyStage))
def test_every_pack_prepares_staff_for_pupils_who_communicate_without_words(
    stage: KeyStage, tailoring: Tailoring
) -> None:
    # A SENCo's reading: nothing said how a pupil using signs, symbols, a communication aid or
    # a drawing might disclose, or warned that offering yes and no symbols then leads; nor how
    # such a pupil asks for help without speaking or writing.
    real = load_library(LESSONS)
    pack = compose.compose_pack(real, stage, tailoring, make_environment(TEMPLATES))
    text = _plain(pack.blocks)
    assert "show rather than tell: through behaviour, a drawing, signs, symbols or a" in text
    assert "never a choice of answers, such as yes and no symbols" in text
    assert "or someone who knows their signs or aid, the DSL arranges one, never a family" in text
    assert "(or signs or symbols; keep any drawing)" in text
    assert "a way to ask for help without speaking or writing" in text
    # In words every stage's pack uses ("the rule about private parts" is KS1's alone).
    assert "link what the lessons teach about their body and privacy to their care plan" in text
    assert "Use photos of staff only with their agreement" in text


def test_the_staff_briefing_prepares_staff_for_children_who_show_rather_than_tell(
    tailoring: Tailoring,
) -> None:
    text = straighten(_guide_text(tailoring, "staff-briefing"))
    assert "show rather than tell: through behaviour, a drawing, signs, symbols or a" in text
    assert "offer a choice of answers (such as yes and no symbols)" in text
    assert "(or the signs or symbols they used; keep any drawing)" in text


def test_the_ks4_sextortion_cards_for_send_have_no_camera_on_the_evidence_step(
    tailoring: Tailoring,
) -> None:
    # A camera symbol on the "keep the evidence" card taught the opposite of "never the image".
    real = load_library(LESSONS)
    pack = compose.compose_pack(real, KeyStage.KS4, tailoring, make_environment(TEMPLATES))
    text = _plain(pack.blocks)
    assert "camera, phone" not in text
    assert "with no camera symbol: the messages are kept, but never the image" in text


def test_a_lessons_plenary_note_is_printed_with_its_plenary(tmp_path: Path) -> None:
    # Its question and the answers to read out were among the teacher notes, four or five
    # pages before the plenary that told the teacher to go back and find them.
    from .conftest import LESSONS

    real = load_library(LESSONS)
    pack = compose.compose_pack(
        real, KeyStage.KS3, default_tailoring(TEMPLATES), make_environment(TEMPLATES)
    )
    blocks = list(pack.blocks)
    notes = [
        i for i, b in enumerate(blocks) if isinstance(b, Callout) and b.title == "In the plenary"
    ]
    plenaries = [
        i
        for i, b in enumerate(blocks)
        if isinstance(b, Heading) and plain_text(b.children).startswith("Plenary:")
    ]
    lessons = [
        i
        for i, b in enumerate(blocks)
        if isinstance(b, Heading) and b.level == 1 and plain_text(b.children).startswith("Lesson ")
    ]
    assert len(notes) == len(lessons) == len(real.plans_for(KeyStage.KS3))
    for note in notes:
        # After its lesson's plenary heading, with no other heading in between.
        heading = max(i for i in plenaries if i < note)
        assert not any(isinstance(b, Heading) for b in blocks[heading + 1 : note])


def test_a_pupils_help_list_long_enough_to_run_over_a_page_ends_each_page_with_help() -> None:
    # KS5's list runs to two pages; the second, put up on its own, had no trusted adult,
    # Childline or 999 on it.
    from .conftest import LESSONS

    real = load_library(LESSONS)

    def pupils_page(stage: KeyStage) -> Worksheet:
        pack = compose.compose_pack(
            real, stage, default_tailoring(TEMPLATES), make_environment(TEMPLATES)
        )
        (page,) = [b for b in pack.blocks if isinstance(b, Worksheet) and "get help" in b.title]
        return page

    long_list = pupils_page(KeyStage.KS5)
    footer = " ".join(all_text(long_list.help)).replace("\u00a0", " ")
    # Students of 18 are adults themselves: the staff they can talk to, as their pages say.
    assert "Talk to a member of staff you trust" in footer, footer
    assert "0800 1111" in footer and "999" in footer
    assert not pupils_page(KeyStage.KS4).help  # one page: its list already starts with them


def test_a_helpline_whose_cost_is_not_known_prints_none(
    lessons_copy: Path, edit: Callable[[str, str, str], Path]
) -> None:
    # Unconfirmed details are left out, never guessed at or filled with "see the website".
    edit(
        "helplines.yaml",
        "    hours: Online reporting, at any time\n    cost: Free\n",
        "    hours: Online reporting, at any time\n",
    )
    ks3 = " ".join(_pack_text(lessons_copy, KeyStage.KS3).split())
    assert "Online reporting, at any time." in ks3
    assert "None" not in ks3 and "at any time. ." not in ks3


@pytest.mark.parametrize(
    ("guide", "heading", "audience"),
    [
        ("parents-guide", "Services your child can use themselves", "ks3"),
        ("parents-guide", "For you, as a parent or carer", "parents"),
        ("staff-briefing", "National services", "staff"),
    ],
)
def test_a_guides_services_print_one_to_a_list_item(
    tailoring: Tailoring, guide: str, heading: str, audience: str
) -> None:
    # A template line ending in a tag once ran a parent's four services into one paragraph with
    # stray "- " marks: each service must be an item of its own, in the order of helplines.yaml.
    library = load_library(LESSONS)
    document = compose.compose_guide(library, guide, tailoring, make_environment(TEMPLATES))
    blocks = list(document.blocks)
    start = next(
        i
        for i, b in enumerate(blocks)
        if isinstance(b, Heading) and plain_text(b.children) == heading
    )
    lists = [b for b in blocks[start:] if isinstance(b, ListBlock)]
    items = [" ".join(all_text(item)) for item in lists[0].items]
    expected = [h.name for h in compose.helplines_for(library, audience) if h.id != "emergency"]
    assert [straighten(item).split(":")[0].split(".")[0] for item in items] == expected
    assert not any(" - " in item or "\n- " in item for item in items)


def test_a_guides_word_file_is_filed_as_a_guide_and_a_packs_as_a_lesson_pack(
    tailoring: Tailoring,
) -> None:
    # Word's Category said "Lesson pack" on the staff briefing too.
    real = load_library(LESSONS)
    env = make_environment(TEMPLATES)
    guide = compose.compose_guide(real, "staff-briefing", tailoring, env)
    pack = compose.compose_pack(real, KeyStage.KS2, tailoring, env)
    assert (guide.meta.category, pack.meta.category) == ("Guide", "Lesson pack")
    word = open_docx(io.BytesIO(RENDERERS["docx"](guide)))
    assert word.core_properties.category == "Guide"


def test_getting_ready_gathers_what_each_lesson_needs_made_beforehand() -> None:
    # A teacher reading only "Before you teach" the night before found out too late that the
    # box game needed a second adult (or a recording made in advance); its screen game now needs
    # a card screen made beforehand.
    library = load_library(LESSONS)
    env = make_environment(TEMPLATES)
    school = default_tailoring(TEMPLATES)

    def before_you_teach(tailoring: Tailoring) -> str:
        document = compose.compose_pack(library, KeyStage.KS1, tailoring, env)
        text = "\n".join(all_text(document.blocks))
        start = text.index("Getting ready")
        return text[start : text.index("Responding to a disclosure", start)]

    ready = before_you_teach(school)
    assert "Lesson 4: Safe and kind online" in ready
    assert "Pip’s screen for the screen game" in ready
    online = next(p for p in library.plans_for(KeyStage.KS1) if p.front.order == 4)
    without = dataclasses.replace(school, exclude_lessons=(online.front.id,))
    assert "Pip" not in before_you_teach(without)  # a lesson the school left out is not listed


def test_a_reference_for_some_stages_is_listed_only_in_their_packs(tailoring: Tailoring) -> None:
    # The KS4 notes on "Outcome 21" cite police guidance: its sources are listed in the KS4
    # pack, where a teacher checks them, and not in packs that never mention it.
    real = load_library(LESSONS)
    env = make_environment(TEMPLATES)

    def sources(stage: KeyStage) -> str:
        text = all_text(compose.compose_pack(real, stage, tailoring, env).blocks)
        return "\n".join(text[len(text) - text[::-1].index("Sources") :])  # the list at the end

    assert "Counting rules for recorded crime" in sources(KeyStage.KS4)
    assert "College of Policing" in sources(KeyStage.KS4)
    for stage in (KeyStage.KS1, KeyStage.KS3, KeyStage.KS5):
        assert "Counting rules for recorded crime" not in sources(stage)
    # References for every pack are still in every pack.
    assert "Keeping children safe in education" in sources(KeyStage.KS1)


def test_a_primary_resource_is_pointed_to_only_in_the_primary_packs(tailoring: Tailoring) -> None:
    # Every pack's Further resources listed the NSPCC's Talk PANTS, a primary resource, so a
    # sixth-form teacher was sent to it; the primary packs point to it beside their lessons.
    real = load_library(LESSONS)
    env = make_environment(TEMPLATES)
    for stage in KeyStage:
        text = " ".join(all_text(compose.compose_pack(real, stage, tailoring, env).blocks))
        primary = stage in (KeyStage.KS1, KeyStage.KS2)
        assert ("Talk PANTS" in text) == primary, stage
        assert "Thinkuknow" in text  # the list every pack keeps


def _help_page(library: Library, stage: KeyStage, tailoring: Tailoring) -> str:
    """The words of a pack's pupils' help page, "Where you can get help", spaces collapsed."""
    pack = compose.compose_pack(library, stage, tailoring, make_environment(TEMPLATES))
    sheet = next(
        b for b in pack.blocks if isinstance(b, Worksheet) and b.title == "Where you can get help"
    )
    return " ".join(" ".join(all_text(sheet.blocks)).split())


def test_the_youngest_pupils_help_page_says_grown_up_as_their_lessons_do(
    tailoring: Tailoring,
) -> None:
    # KS1's help page alone said "A trusted adult: … another adult you trust" to Year 1 readers,
    # whose lessons and worksheets say "a grown-up you trust" throughout.
    real = load_library(LESSONS)

    def help_page(stage: KeyStage) -> str:
        return _help_page(real, stage, tailoring)

    assert "A grown-up you trust: a teacher, a parent or carer, or another grown-up you know." in (
        help_page(KeyStage.KS1)
    )
    assert "adult" not in help_page(KeyStage.KS1)
    assert "A trusted adult: a teacher, parent, carer or another adult you trust" in (
        help_page(KeyStage.KS2)
    )


def test_the_letter_home_says_which_lessons_are_for_some_years_only(
    tailoring: Tailoring,
) -> None:
    # A Year 3 parent reading "The trust trick: understanding grooming" in the list thought
    # their child would have it: the letter says it is for Years 5 and 6.
    pack = compose.compose_pack(
        load_library(LESSONS), KeyStage.KS2, tailoring, make_environment(TEMPLATES)
    )
    (letter,) = [b for b in pack.blocks if isinstance(b, Letter)]
    items = [
        plain_text(item[0].children)
        for block in letter.blocks
        if isinstance(block, ListBlock)
        for item in block.items
        if isinstance(item[0], Paragraph)
    ]
    grooming = [i for i in items if i.startswith("The trust trick")]
    assert grooming and grooming[0].startswith(
        "The trust trick: understanding grooming (Years 5 and 6 only):"
    )
    assert [i for i in items if i.startswith("Good friends, online and offline:")]


def test_a_shortened_lesson_does_not_ask_for_what_its_left_out_activities_need(
    tailoring: Tailoring,
) -> None:
    # At 50 minutes KS2 lost its optional card activities, but Resources and Getting ready
    # still said to copy "the Conversation starter cards page", which the pack left out.
    real = load_library(LESSONS)
    full = compose.lessons_for(real, KeyStage.KS2, tailoring)
    short = compose.lessons_for(
        real, KeyStage.KS2, dataclasses.replace(tailoring, lesson_minutes=50)
    )
    removed = 0
    for whole, fitted in zip(full, short, strict=True):
        named = tuple(f'For the optional "{a.title}"' for a in fitted.dropped)
        assert not [r for r in fitted.resources if r.startswith(named)]
        assert whole.resources == list(whole.plan.front.resources)  # nothing left out, nothing cut
        kept = set(fitted.resources)
        assert all(r in kept for r in whole.resources if not r.startswith(named))
        removed += len(whole.resources) - len(fitted.resources)
    assert removed >= 3


def _callouts(blocks: tuple[Block, ...], title: str) -> list[Callout]:
    """The pack's callouts of this title (lesson notes are top-level blocks)."""
    return [b for b in blocks if isinstance(b, Callout) and b.title == title]


def test_a_fitted_lessons_time_note_says_first_what_the_pack_left_out(
    tailoring: Tailoring,
) -> None:
    # Fitted to 50 minutes, the KS3 notes still said "at 50, leave out 'Who has the power?'",
    # an activity the pack had already left out: the teacher could not tell which plan they had.
    real, env = load_library(LESSONS), make_environment(TEMPLATES)
    fitted = dataclasses.replace(tailoring, lesson_minutes=50)
    notes = _callouts(
        compose.compose_pack(real, KeyStage.KS3, fitted, env).blocks, "If time is short"
    )
    assert len(notes) == 4  # one for each lesson
    first = [
        plain_text(note.blocks[0].children)
        for note in notes
        if isinstance(note.blocks[0], Paragraph)
    ]
    assert first[0] == (
        "This pack fits the lesson to 50 minutes, so “Who has the power?” is left out already "
        "(see “Left out to fit 50 minutes” at the end of the lesson). The advice below is for "
        "the full 60-minute lesson."
    )
    assert len(first) == 4 and all(
        f.startswith("This pack fits the lesson to 50 minutes") for f in first
    )
    # Two left out are named together; the campaign's own packs, not fitted, keep the note as written.
    shorter = dataclasses.replace(tailoring, lesson_minutes=45)
    (note, *_) = _callouts(
        compose.compose_pack(real, KeyStage.KS3, shorter, env).blocks, "If time is short"
    )
    assert isinstance(note.blocks[0], Paragraph)
    assert plain_text(note.blocks[0].children).startswith(
        "This pack fits the lesson to 45 minutes, so “Who has the power?” and “Green flags” are "
        "left out already"
    )
    for note in _callouts(
        compose.compose_pack(real, KeyStage.KS3, tailoring, env).blocks, "If time is short"
    ):
        assert "This pack fits" not in "\n".join(all_text(note.blocks))


def test_the_covers_stage_line_and_lesson_lengths_break_only_between_their_parts(
    tailoring: Tailoring,
) -> None:
    # A large-print KS5 cover broke its line as "… college · ages 16–18 · Years / 12–13" and
    # its lessons as "(Years 12 and 13, 50 / minutes)"; a line may not start with "·" either.
    pack = compose.compose_pack(
        load_library(LESSONS), KeyStage.KS5, tailoring, make_environment(TEMPLATES)
    )
    cover = pack.blocks[0]
    assert isinstance(cover, Cover)
    band = [plain_text(b.children) for b in cover.band if isinstance(b, Paragraph)]
    assert (
        "Sixth form and further education college\u00a0· ages\u00a016–18\u00a0· Years\u00a012–13"
        in band
    )
    below = "\n".join(all_text(cover.blocks))
    # Every lesson is 60 minutes: the lead says so once, and no lesson's line repeats it.
    assert below.startswith("Three 60-minute lessons") and " minutes" not in below
    fitted = compose.compose_pack(
        load_library(LESSONS),
        KeyStage.KS2,
        dataclasses.replace(tailoring, lesson_minutes=50),
        make_environment(TEMPLATES),
    ).blocks[0]
    assert isinstance(fitted, Cover)
    lines = "\n".join(all_text(fitted.blocks))
    assert lines.startswith("Six 50-minute lessons")
    # A lesson for only some of the stage's years still says which.
    assert "The trust trick: understanding grooming (Years 5 and 6)" in lines


def test_a_lesson_that_teaches_who_the_dsl_is_names_the_deputy_too(tailoring: Tailoring) -> None:
    # The box said "write their name on the board with the names of the deputies" although
    # the profile named the deputy, and the teacher had to look them up elsewhere.
    real, env = load_library(LESSONS), make_environment(TEMPLATES)

    def box(school: Tailoring) -> str:
        pack = compose.compose_pack(real, KeyStage.KS4, school, env)
        (found,) = _callouts(pack.blocks, "Your Designated Safeguarding Lead")
        return " ".join(" ".join(all_text(found.blocks)).split())

    named = box(_with_dsl(tailoring, "Mr R Shah or Mrs K Hill"))
    assert (
        "write their name on the board, with who to ask for if they are away (Mr R Shah or "
        "Mrs K Hill), so that students know exactly who “the safeguarding lead” is. Ms J Patel "
        "is named on the pack’s help page too." in named
    )
    # Without a deputy in the profile, the box asked for "the names of the deputies" and said
    # "They are named on the pack's help page too", where only the DSL is.
    alone = box(_with_dsl(tailoring, None))
    assert (
        "write their name on the board, with the names of any deputies to ask for if they are "
        "away, so that students know exactly who “the safeguarding lead” is. Ms J Patel is named "
        "on the pack’s help page too." in alone
    )


def test_a_schools_local_contacts_follow_its_dsl_at_the_head_of_the_adults_help_table(
    library: Library, tailoring: Tailoring
) -> None:
    # In a table of their own after the national services, the school's contacts went on alone
    # to a page of their own, where a coordinator reviewing the pack nearly missed them.
    school = dataclasses.replace(
        _with_dsl(tailoring, None),
        local_contacts=(Contact("Oak Family Hub", "01782 111222", "Office hours"),),
    )
    blocks = compose.compose_pack(library, KeyStage.KS1, school, make_environment(TEMPLATES)).blocks
    heading = next(
        i
        for i, b in enumerate(blocks)
        if isinstance(b, Heading) and plain_text(b.children) == "For staff, parents and carers"
    )
    table = next(b for b in blocks[heading:] if isinstance(b, Table))
    first = [plain_text(row[0]) for row in table.rows]
    assert first[:3] == [
        "Ms J Patel, Designated Safeguarding Lead",
        "Oak Family Hub",
        "Emergency services",
    ]
    assert plain_text(table.rows[1][1]) == "01782\u00a0111222"
    assert not any(
        isinstance(b, Heading) and plain_text(b.children) == "Local contacts" for b in blocks
    )
    note = next(b for b in blocks[heading:] if isinstance(b, Paragraph))
    assert plain_text(note.children).startswith(
        "Local contacts as Oakfield Academy gave them; national numbers checked "
    )


def test_a_local_contact_without_hours_says_so(library: Library, tailoring: Tailoring) -> None:
    # The "When" cell was left empty, read by a batch reviewer as a missing piece of the table.
    school = dataclasses.replace(
        tailoring, local_contacts=(Contact("Oak Family Hub", "01782 111222", None),)
    )
    blocks = compose.compose_pack(library, KeyStage.KS1, school, make_environment(TEMPLATES)).blocks
    row = next(
        row
        for b in blocks
        if isinstance(b, Table)
        for row in b.rows
        if plain_text(row[0]) == "Oak Family Hub"
    )
    assert plain_text(row[-1]) == "Hours not given: check them before you rely on it"


def test_a_parents_guide_with_the_schools_own_contacts_keeps_the_fallback_numbers(
    tailoring: Tailoring,
) -> None:
    # With the campaign's numbers the guide says what to do if one does not connect; a school's
    # own contacts lost that line, and a parent at night had nowhere else to turn on the page.
    school = dataclasses.replace(
        _with_dsl(tailoring, None),
        local_contacts=(Contact("Oak Family Hub", "01782 111222", "Office hours"),),
    )
    parents = _guide_text(school, "parents-guide")
    assert (
        "If this number does not connect, or it is outside its hours, call 101, or 999 if a child "
        "is in danger now." in parents
    )
    assert "Oak Family Hub" in parents
    assert "does not connect" not in _guide_text(school, "staff-briefing")


@pytest.mark.parametrize(
    ("location", "place"),
    [
        ("At reception", "at reception"),
        ("In Room B12.", "in Room B12"),
        ("on the first floor", "on the first floor"),
        ("Inside Out Centre", "in Inside Out Centre"),  # a room's name, not "inside Out Centre"
        ("Upstairs Hub", "in Upstairs Hub"),
        ("the Pastoral Office", "in the Pastoral Office"),
        ("...", ""),  # no place at all (it once raised IndexError)
    ],
)
def test_where_to_find_the_dsl_reads_as_a_sentence_in_packs_and_guides(
    library: Library, tailoring: Tailoring, location: str, place: str
) -> None:
    # "Where pupils find your DSL" answered "At reception" printed "in At reception".
    school = dataclasses.replace(
        _with_dsl(tailoring, None),
        dsl=Dsl("Ms J Patel", "Designated Safeguarding Lead", location, None, None),
    )
    assert school.dsl is not None and school.dsl.place == place
    pack = compose.compose_pack(library, KeyStage.KS3, school, make_environment(TEMPLATES))
    text = " ".join(" ".join(all_text(pack.blocks)).split())
    guide = _guide_text(school, "staff-briefing")
    # A lesson's "where to get help", and the staff briefing's help section.
    said = f"such as Ms J Patel (Designated Safeguarding Lead) {place}".strip()
    assert f"{said} Childline" in text
    dsl = "Ms J Patel, Designated Safeguarding Lead, Oakfield Academy"
    assert (f"{dsl}: find them {place}." if place else f"{dsl}.") in guide
    assert " in in " not in text + guide and " in At " not in text + guide


def test_the_schools_name_is_set_large_on_covers(library: Library, tailoring: Tailoring) -> None:
    # "Prepared for <school>" was in the body size under the school's logo, smaller than the
    # lesson list: a coordinator looked for their school on the cover and found small print.
    from .conftest import LESSONS

    school = _with_dsl(tailoring, None)
    environment = make_environment(TEMPLATES)
    pack = compose.compose_pack(library, KeyStage.KS3, school, environment)
    guide = compose.compose_guide(load_library(LESSONS), "parents-guide", school, environment)
    for document in (pack, guide):
        cover = next(b for b in document.blocks if isinstance(b, Cover))
        named = [
            b
            for b in cover.blocks
            if isinstance(b, Paragraph) and "Oakfield Academy" in " ".join(all_text((b,)))
        ]
        assert [b.style for b in named] == ["lead"]


def test_every_packs_ground_rules_say_staff_pass_on_a_worry(tailoring: Tailoring) -> None:
    # A class agreed its ground rules without hearing the limits of confidentiality, and KS4's
    # "we keep what others say respectful outside it" read as a promise of secrecy.
    real = load_library(LESSONS)
    env = make_environment(TEMPLATES)
    for stage in KeyStage:
        text = " ".join(
            " ".join(all_text(compose.compose_pack(real, stage, tailoring, env).blocks)).split()
        )
        rules = text[text.index("Ground rules") : text.index("Getting ready")]
        said = "tell someone who can help" in rules or "tell someone whose job is to help" in rules
        assert said or "must pass it on" in rules, stage
        assert "respectful outside it" not in rules, stage
        # The right to pass was there, not the right to step out: the signal for a break was
        # only in the SEND notes, for pupils the DSL already knew about.
        assert ("break" in rules and "checks on us" in rules) or "quiet break" in rules, stage
        # Nor was there a word on a child withdrawn from sex education, whom the letter home
        # mentions: what they do, that the help is still theirs, and the rule for their age
        # (a note for every stage told KS5 staff that parents could withdraw a 17-year-old).
        heading, rule = {
            # Primary packs' lessons are not sex education, as their letters home say.
            KeyStage.KS1: ("If a parent asks to withdraw", "there is no right to withdraw from"),
            KeyStage.KS2: ("If a parent asks to withdraw", "there is no right to withdraw from"),
            KeyStage.KS3: ("If a student is withdrawn", "the student may choose to have sex"),
            KeyStage.KS4: ("If a student is withdrawn", "the student may choose to have sex"),
            # Nor may a 16-year-old opt out in law: a parent's request for withdrawal stops
            # counting three terms before 16, when a student who wants it is given it.
            KeyStage.KS5: ("If a student sits out", "a student who wants sex education is given"),
        }[stage]
        assert heading in text and rule in text, stage
        assert "parents cannot withdraw" not in text, stage
        assert "where to get help" in text.split(heading, 1)[1][:900], stage


def test_only_the_ks5_pack_says_how_a_disclosure_from_an_adult_student_differs(
    tailoring: Tailoring,
) -> None:
    # KS5's disclosure page spoke only of children, though some of its students are 18.
    real = load_library(LESSONS)
    env = make_environment(TEMPLATES)
    for stage in KeyStage:
        text = " ".join(all_text(compose.compose_pack(real, stage, tailoring, env).blocks))
        assert ("Students aged 18 or over" in text) == (stage == KeyStage.KS5), stage


def test_the_pupils_sheet_and_the_parents_guide_give_the_sextortion_steps_in_one_order(
    tailoring: Tailoring,
) -> None:
    # The parents' guide said report to CEOP, then block; the pupils' sheet said block, then
    # report; and the staff briefing said both gave the same steps.
    real = load_library(LESSONS)
    env = make_environment(TEMPLATES)
    pack = " ".join(all_text(compose.compose_pack(real, KeyStage.KS4, tailoring, env).blocks))
    model = pack[pack.index("The model order is") :]  # the sheet's rows are jumbled on purpose
    assert "3, keep the evidence" in model
    assert model.index("3, keep the evidence") < model.index("4, then block the account")
    assert model.index("4, then block the account") < model.index("5, report it to CEOP")
    guide = " ".join(all_text(compose.compose_guide(real, "parents-guide", tailoring, env).blocks))
    steps = guide[guide.index("If this happens to your child") :]
    assert steps.index("Then block the account") < steps.index("Report it to CEOP")
    assert steps.index("Keep the evidence") < steps.index("Then block the account")


def test_the_pupils_help_page_says_where_to_find_the_dsl(tailoring: Tailoring) -> None:
    # A KS1 help page read "A grown-up you trust: Mr P Hughes, Designated Safeguarding Lead,
    # the office": a staff title a Year 1 reader cannot read, and no "in" before the place.
    school = dataclasses.replace(
        _with_dsl(tailoring, None),
        dsl=Dsl("Mr P Hughes", "Designated Safeguarding Lead", "the office", None, None),
    )
    real = load_library(LESSONS)

    def help_page(stage: KeyStage) -> str:
        return _help_page(real, stage, school)

    assert "A grown-up you trust: Mr P Hughes, in the office." in help_page(KeyStage.KS1)
    assert "Safeguarding" not in help_page(KeyStage.KS1)
    assert (
        "A trusted adult: Mr P Hughes, Designated Safeguarding Lead, in the office."
        in help_page(KeyStage.KS2)
    )
    assert "Mr P Hughes, Designated Safeguarding Lead, in the office –" in help_page(KeyStage.KS4)


def test_a_helplines_hours_never_break_between_a_number_and_its_word(
    tailoring: Tailoring,
) -> None:
    # Guides and help pages broke "24 / hours a day" across lines: "24" alone reads as a number.
    real, env = load_library(LESSONS), make_environment(TEMPLATES)
    documents = [
        compose.compose_guide(real, guide, tailoring, env).blocks
        for guide in ("parents-guide", "staff-briefing")
    ]
    documents.append(compose.compose_pack(real, KeyStage.KS3, tailoring, env).blocks)
    for blocks in documents:
        lines = [t for t in all_text(blocks) if "a day, every day" in t]
        assert lines and all("24\u00a0hours a day" in t for t in lines)


def test_the_ks5_pack_speaks_of_school_or_college_never_of_the_school_alone() -> None:
    # Sixth forms and colleges use the KS5 pack; its shared staff guidance said "Check your
    # school's safeguarding policy" and "works in or for the school".
    text = " ".join(_pack_text(LESSONS, KeyStage.KS5).split())
    alone = re.findall(r"\b(?:your|the|our) school(?!(?:'s|’s)? or )\b", text, re.IGNORECASE)
    assert alone == []
    assert "school's or college's name" in text.replace("’", "'")
    assert "use your class's usual ones" in text.replace("’", "'")


def test_the_guides_give_an_adult_students_routes_where_they_give_ceop_and_report_remove(
    tailoring: Tailoring,
) -> None:
    # CEOP and Report Remove are for under-18s; the guides gave no route for a student of 18,
    # whom the KS5 pack sends to the police and the Revenge Porn Helpline.
    parents = straighten(_guide_text(tailoring, "parents-guide"))
    assert (
        "If your child is 18 or over (Key Stage 5) CEOP and Report Remove are for under-18s. Help "
        "a young adult report it to the police (101, or 999 in an emergency) and the app or site; "
        "the Revenge Porn Helpline" in parents
    )
    staff = straighten(_guide_text(tailoring, "staff-briefing"))
    assert "for anyone aged 18 or over, the Revenge Porn Helpline and StopNCII.org" in staff


def test_the_letter_home_says_how_parents_reach_the_dsl(tailoring: Tailoring) -> None:
    # With only an email the letter read "please contact Ms J Patel, our Designated
    # Safeguarding Lead or at dsl@…"; with neither a phone nor an email it gave no way to reach
    # them at all.
    real, env = load_library(LESSONS), make_environment(TEMPLATES)

    def contact(stage: KeyStage, phone: str | None, email: str | None) -> str:
        school = _with_dsl(tailoring, None, phone, email)
        letter = compose.compose_letter(real, stage, school, env)
        text = _plain(letter.blocks)
        # Up to the sentences on support and translation, which follow in every letter.
        return text[text.index("please contact") : text.index(" If anything in your child")].strip()

    # A parent may not know the title, so the letter says what the DSL does, as the parents'
    # guide does.
    ours = "please contact Ms J Patel, our Designated Safeguarding Lead (who leads on keeping students safe)"
    assert contact(KeyStage.KS3, "01782 000111", "dsl@oakfield.example") == (
        f"{ours}, on 01782 000111 or at dsl@oakfield.example."
    )
    assert contact(KeyStage.KS3, None, "dsl@oakfield.example") == (
        f"{ours}, at dsl@oakfield.example."
    )
    assert contact(KeyStage.KS3, None, None) == f"{ours}, through the school office."
    assert contact(KeyStage.KS5, None, None) == f"{ours}, through the school or college office."
    assert contact(KeyStage.KS1, None, None) == (
        "please contact Ms J Patel, our Designated Safeguarding Lead (who leads on keeping "
        "children safe), through the school office."
    )
    # A title of the school's own is left as the school gave it.
    head = dataclasses.replace(
        _with_dsl(tailoring, None),
        dsl=Dsl("Mr D Byrne", "Deputy Head (Safeguarding)", "the office", None, None, None),
    )
    text = _plain(compose.compose_letter(real, KeyStage.KS3, head, env).blocks)
    assert "please contact Mr D Byrne, our Deputy Head (Safeguarding), through the school" in text
    # Without a profile, the letter names the role and says what it is.
    campaign = _plain(compose.compose_letter(real, KeyStage.KS3, tailoring, env).blocks)
    assert (
        "please contact our Designated Safeguarding Lead (who leads on keeping students safe) "
        "through the school office." in campaign
    )
    # The parents' guide's "At <school>" box had the same "or at".
    email_only = _with_dsl(tailoring, None, email="dsl@oakfield.example")
    assert (
        "You can talk to Ms J Patel, Designated Safeguarding Lead, at dsl@oakfield.example."
        in straighten(_guide_text(email_only, "parents-guide"))
    )


@pytest.mark.parametrize("guide", ["staff-briefing", "parents-guide"])
def test_a_colleges_guides_never_speak_of_the_school_alone(
    tailoring: Tailoring, guide: str
) -> None:
    # A college building Key Stage 5 alone got a staff briefing saying "your school's child
    # protection policy" and a parents' guide saying "the school's Designated Safeguarding Lead".
    college = dataclasses.replace(_with_dsl(tailoring, None), stages=(KeyStage.KS5,))
    text = _guide_text(college, guide).replace("’", "'")
    alone = re.findall(
        r"\b(?:your|the|our|in|at|child's) school\b(?!(?:'s)? or )", text, re.IGNORECASE
    )
    assert alone == []
    assert "school or college" in text


def test_the_staff_briefing_says_how_a_students_safeguarding_differs_at_18(
    tailoring: Tailoring,
) -> None:
    # A college's DSL found nothing in the briefing for students of 18 or over, for whom
    # safeguarding usually needs their agreement (the Key Stage 5 pack's note says so).
    text = straighten(_guide_text(tailoring, "staff-briefing"))
    assert (
        "In a sixth form or college, a student aged 18 or over is an adult: tell the DSL just "
        "the same." in text
    )
    assert "Safeguarding an adult usually works with their agreement" in text


@pytest.mark.parametrize("guide", ["staff-briefing", "parents-guide"])
def test_the_guides_speak_of_children_not_pupils_as_a_college_would_not(
    tailoring: Tailoring, guide: str
) -> None:
    # One staff briefing serves schools and colleges: it said "pupils" 27 times, which a
    # college's staff (whose learners are students, some of them adults) would not say.
    college = dataclasses.replace(tailoring, stages=(KeyStage.KS5,))
    for build in (tailoring, college):
        assert re.findall(r"\bpupils?\b", _guide_text(build, guide), re.IGNORECASE) == []


def test_a_primary_schools_parents_guide_says_school_and_the_campaigns_says_or_college(
    tailoring: Tailoring,
) -> None:
    primary = dataclasses.replace(tailoring, stages=(KeyStage.KS1, KeyStage.KS2))
    text = _guide_text(primary, "parents-guide").replace("’", "'")
    assert "Every school has a Designated Safeguarding Lead" in text
    assert "Your child's school chooses which to teach" in text
    campaign = _guide_text(tailoring, "parents-guide").replace("’", "'")
    assert "Every school and college has a Designated Safeguarding Lead" in campaign
    assert "Your child's school or college chooses which to teach" in campaign


@pytest.mark.parametrize("closes", [True, False])
def test_where_a_schools_local_contacts_all_close_the_help_pages_say_whom_to_call_then(
    tailoring: Tailoring, closes: bool
) -> None:
    # A school's contacts replace the campaign's, whose list ends with the out-of-hours teams:
    # with only an office-hours number, a parent reading at 8pm had none for children's services.
    office = Contact("Stoke-on-Trent Children's Advice and Support", "01782 235100", "Mon–Fri 9–5")
    night = Contact("Stoke-on-Trent Emergency Duty Team", "01782 234234", "Evenings, weekends")
    contacts = (office,) if closes else (office, night)
    school = dataclasses.replace(_with_dsl(tailoring, None), local_contacts=contacts)
    parents = _guide_text(school, "parents-guide").replace("’", "'")
    staff = _guide_text(school, "staff-briefing").replace("’", "'")
    pack = " ".join(
        " ".join(
            all_text(
                compose.compose_pack(
                    load_library(LESSONS), KeyStage.KS3, school, make_environment(TEMPLATES)
                ).blocks
            )
        ).split()
    ).replace("’", "'")
    if closes:
        assert "If this number does not connect, or it is outside its hours, call 101" in parents
        assert "Outside this number's hours, call the police on 101" in staff
        assert "Outside the local contact's hours, call the police on 101." in pack
    else:
        assert "If one of these does not connect, call 101" in parents
        assert "hours, call the police" not in staff + pack


def test_a_sixth_forms_help_page_sends_worries_about_a_student_to_the_dsl(
    tailoring: Tailoring,
) -> None:
    # The Key Stage 5 help page's table said the DSL was for "any worry about a child at" the
    # college, whose students include adults.
    real = load_library(LESSONS)
    school = _with_dsl(tailoring, None)
    env = make_environment(TEMPLATES)

    def text(stage: KeyStage) -> str:
        pack = compose.compose_pack(real, stage, school, env)
        return " ".join(" ".join(all_text(pack.blocks)).split())

    assert "with any worry about a student at Oakfield Academy" in text(KeyStage.KS5)
    assert "with any worry about a child at Oakfield Academy" in text(KeyStage.KS4)


@pytest.mark.parametrize("stage", [KeyStage.KS1, KeyStage.KS2])
def test_a_lesson_shortened_without_its_calm_finish_still_ends_by_saying_where_help_is(
    tailoring: Tailoring, stage: KeyStage
) -> None:
    # At 45 minutes the optional "Calm finish", the part that reminds the class where help is,
    # was left out of KS1 lessons 2-4 and every KS2 lesson, and nothing took its place.
    real, env = load_library(LESSONS), make_environment(TEMPLATES)
    short = dataclasses.replace(tailoring, lesson_minutes=45)
    without = [
        lesson
        for lesson in compose.lessons_for(real, stage, short)
        if any(a.id == "calm-finish" for a in lesson.dropped)
    ]
    assert without  # the case this test is about
    boxes = _callouts(compose.compose_pack(real, stage, short, env).blocks, "Before they go")
    assert len(boxes) == len(without)
    for box in boxes:
        assert box.kind == "safeguarding"
        text = " ".join(all_text(box.blocks))
        assert "question box" in text and ("Childline" in text) == (stage is KeyStage.KS2)
    full = compose.compose_pack(real, stage, tailoring, env).blocks
    assert _callouts(full, "Before they go") == []


def test_a_shortened_ks1_lesson_does_not_ask_for_cards_it_no_longer_uses(
    tailoring: Tailoring,
) -> None:
    # "Copy the face cards and the touch cards" stayed in Getting ready at 45 minutes, when
    # the touch cards' activity and page were left out; and the "Two shorter sessions" box
    # still split the full lesson, left-out activities included.
    real, env = load_library(LESSONS), make_environment(TEMPLATES)
    short = dataclasses.replace(tailoring, lesson_minutes=45)
    first = compose.lessons_for(real, KeyStage.KS1, short)[0]
    assert "Safe touch or unsafe touch?" in [a.title for a in first.dropped]
    assert not [line for line in first.prepare if "touch cards" in line]
    assert "Copy the face cards onto card and cut them out" in first.prepare
    (sessions, *_) = _callouts(
        compose.compose_pack(real, KeyStage.KS1, short, env).blocks, "Two shorter sessions"
    )
    assert isinstance(sessions.blocks[0], Paragraph)
    assert plain_text(sessions.blocks[0].children) == (
        "These sessions split the full 60-minute lesson, including “Safe touch or unsafe touch?” "
        "and “My strong voice”, which this pack leaves out to fit 45 minutes: to teach it in two "
        "sessions, use the campaign’s full pack, which has them."
    )


def test_a_parents_guide_talks_about_the_ages_its_school_teaches(tailoring: Tailoring) -> None:
    # A primary school's parents read how to talk with a child of 16 ("At 16 and 17, young
    # people can agree to sex in law") and were told to make sure a 6-year-old knows Report
    # Remove and Fearless, services for teenagers.
    primary = dataclasses.replace(tailoring, stages=(KeyStage.KS1, KeyStage.KS2))
    college = dataclasses.replace(tailoring, stages=(KeyStage.KS5,))
    ages = ("Ages 5 to 7", "Ages 7 to 11", "Ages 11 to 16", "Ages 16 to 18")

    def shown(build: Tailoring) -> tuple[list[str], str]:
        text = _guide_text(build, "parents-guide")
        return [a for a in ages if a in text], text

    found, text = shown(primary)
    assert found == ["Ages 5 to 7", "Ages 7 to 11"]
    assert "At 16 and 17" not in text and "Report Remove" not in text.split("Services your")[1]
    assert "Fearless" not in text
    # Its pointer to the list of lessons sat in the Key Stage 5 section and went with it: the
    # cover points to it now.
    assert "and your child's lessons in What your child will learn, near the end" in straighten(
        text
    )
    # An infant school's: the services on its Key Stage 1 pupils' help page.
    infant = dataclasses.replace(tailoring, stages=(KeyStage.KS1,))
    services = _guide_text(infant, "parents-guide").split("Services your child can use")[1]
    assert "Childline" in services and "CEOP" not in services
    assert "Make sure your child knows this service, as well as you" in services
    found, text = shown(college)
    assert found == ["Ages 16 to 18"]
    found, text = shown(tailoring)  # the campaign's own: every stage
    assert found == list(ages)
    assert "Report Remove" in text.split("Services your")[1] and "Fearless" in text


def test_a_guides_sections_for_other_stages_end_at_the_next_heading_of_their_level() -> None:
    def heading(level: int, text: str) -> Heading:
        return Heading(level, (Text(text),), text.lower())

    blocks = (
        heading(1, "Talking with your child"),
        heading(2, "Ages 5 to 7 (Key Stage 1)"),
        Paragraph((Text("Keep it simple."),)),
        heading(2, "Ages 11 to 16 (Key Stages 3 and 4)"),
        Paragraph((Text("Talk about pressure."),)),
        heading(3, "Online"),
        Paragraph((Text("Apps."),)),
        heading(1, "What to do if you are worried"),
    )
    kept = compose.for_stages(blocks, (KeyStage.KS1,))
    assert [" ".join(all_text((b,))) for b in kept] == [
        "Talking with your child",
        "Ages 5 to 7 (Key Stage 1)",
        "Keep it simple.",
        "What to do if you are worried",
    ]
    assert compose.for_stages(blocks, (KeyStage.KS4,)) == (blocks[0], *blocks[3:])


@pytest.mark.parametrize("guide", ["parents-guide", "staff-briefing"])
def test_a_guide_for_a_school_without_key_stage_5_names_no_college(
    tailoring: Tailoring, guide: str
) -> None:
    # A primary school's parents were told to tell "your child's school or college", and its
    # staff that "in a sixth form or college, a student aged 18 or over is an adult".
    primary = dataclasses.replace(tailoring, stages=(KeyStage.KS1, KeyStage.KS2))
    secondary = dataclasses.replace(tailoring, stages=(KeyStage.KS3, KeyStage.KS4))
    for build in (primary, secondary):
        text = straighten(_guide_text(build, guide))
        # The statutory guidance's own title, in the sources, names schools and colleges.
        said = text.replace("(schools and colleges)", "").replace("schools and colleges", "")
        assert "college" not in said.lower(), guide
        assert "aged 18 or over is an adult" not in text and "If your child is 18" not in text
        assert "your school" in text or "your child's school" in text
    college = straighten(_guide_text(dataclasses.replace(tailoring, stages=(KeyStage.KS5,)), guide))
    assert "school or college" in college
    every = straighten(_guide_text(tailoring, guide))
    assert ("aged 18 or over is an adult" in every) or ("If your child is 18 or over" in every)
    assert "goes missing from home, or from school or college" in every or (
        "from home or care, or from school or college" in every
    )


def test_in_setting_reads_school_or_college_as_the_setting_in_every_kind_of_block() -> None:
    blocks = (
        Heading(1, (Text("Your school or college"),), "h"),
        Paragraph((Strong((Text("Tell the school or college."),)),)),
    )
    read = compose.in_setting(blocks, "school")
    assert [" ".join(all_text((b,))) for b in read] == ["Your school", "Tell the school."]
    assert compose.in_setting(blocks, "school or college") is blocks


def _text_outside_time_notes(blocks: tuple[Block, ...]) -> str:
    """A pack's text without the notes written for the full lesson ("If time is short", "Two
    shorter sessions") and each lesson's "Left out to fit" section, which name what was left
    out on purpose."""
    kept: list[str] = []
    leaving_out = False
    for block in blocks:
        if isinstance(block, Heading):
            leaving_out = plain_text(block.children).startswith("Left out to fit")
        if (
            leaving_out
            or (  # the glance's line naming what was left out, on purpose
                isinstance(block, Paragraph)
                and plain_text(block.children).startswith("Left out to fit")
            )
            or (
                isinstance(block, Callout)
                and block.title in ("If time is short", "Two shorter sessions", "Before they go")
            )
        ):
            continue
        kept.append(" ".join(all_text((block,))))
    return "\n".join(kept)


@pytest.mark.parametrize("stage", list(KeyStage))
@pytest.mark.parametrize("minutes", [45, 50, 55])
def test_a_fitted_pack_never_points_to_an_activity_it_left_out(
    tailoring: Tailoring, stage: KeyStage, minutes: int
) -> None:
    # At 45 minutes the KS1 Resources still said Kit "is in … the optional “My strong voice”",
    # and a step said "If you taught “Safe touch or unsafe touch?” …", both left out.
    real, env = load_library(LESSONS), make_environment(TEMPLATES)
    fitted = dataclasses.replace(tailoring, lesson_minutes=minutes)
    dropped = {
        a.title for lesson in compose.lessons_for(real, stage, fitted) for a in lesson.dropped
    }
    dropped.discard(tailoring.brand.strapline)  # a KS4 activity is titled with the slogan
    text = _text_outside_time_notes(compose.compose_pack(real, stage, fitted, env).blocks)
    assert [title for title in dropped if f"“{title}”" in text] == []


def test_a_pack_whose_every_lesson_was_shortened_says_every_lesson(tailoring: Tailoring) -> None:
    # It said "Some lessons have been shortened" when all of them had.
    real, env = load_library(LESSONS), make_environment(TEMPLATES)
    fitted = dataclasses.replace(tailoring, lesson_minutes=50)
    text = " ".join(all_text(compose.compose_pack(real, KeyStage.KS2, fitted, env).blocks))
    assert "Every lesson has been shortened to 50 minutes" in text
    assert "Some lessons have been shortened" not in text


@pytest.mark.parametrize("stage", list(KeyStage))
def test_only_the_ks5_packs_staff_guidance_speaks_of_a_college(
    tailoring: Tailoring, stage: KeyStage
) -> None:
    # Every pack's shared staff guidance said "your school or college" and "(in a college, the
    # principal)": an infant school's teachers read about colleges.
    text = straighten(" ".join(_pack_text(LESSONS, stage).split()))
    if stage is KeyStage.KS5:
        assert "works in or for your school or college" in text
    else:
        assert "works in or for your school –" in text
        assert "going missing from home, or from school, or coming home late" in text
        assert "school or college" not in text and "in a college" not in text


def test_the_too_short_message_counts_the_periods_that_hold_the_full_lesson(
    tailoring: Tailoring,
) -> None:
    # It said "teach it over two" for 20-minute periods, which hold 40 of the lesson's 60.
    real = load_library(LESSONS)
    short = dataclasses.replace(tailoring, lesson_minutes=20, source="school.toml")
    (message,) = _problems(real, short)
    assert message.endswith(
        "choose 60, the full lesson, and teach it over three periods of 20 minutes)"
    )


@pytest.mark.parametrize(
    ("opening", "rule"),
    [
        (
            "Our private parts are",
            "Our private parts are the parts our underwear or swimming costume covers.",
        ),
        (
            "A secret that makes us",
            "A secret that makes us feel worried, or that is about our body, is one to tell a "
            "grown-up we trust.",
        ),
    ],
)
def test_ks1_gives_each_rule_in_the_same_words_every_time(
    tailoring: Tailoring, opening: str, rule: str
) -> None:
    # The notes said to give the rule about private parts "in the same words both times", and
    # the two activities worded it differently; Lesson 2's secret rule had three versions, one
    # of which ("a secret someone says we must never tell… even if it feels happy") clashed
    # with the story's happy surprise.
    real, env = load_library(LESSONS), make_environment(TEMPLATES)
    text = straighten(
        " ".join(
            " ".join(
                all_text(compose.compose_pack(real, KeyStage.KS1, tailoring, env).blocks)
            ).split()
        )
    )
    said = [text[i : i + len(rule)] for i in range(len(text)) if text.startswith(opening, i)]
    assert len(said) >= 3 and set(said) == {rule}, said


def test_a_pack_names_the_services_not_on_the_campaigns_checked_list(
    tailoring: Tailoring,
) -> None:
    # The KS5 help page's services for adults came from their own pages, not the content guide's
    # checked list, yet the pack said only "Helpline numbers were checked 29 November 2026".
    real = load_library(LESSONS)
    env = make_environment(TEMPLATES)
    unlisted = [h.name for h in real.helplines.values() if not h.listed]
    assert "Men's Advice Line" in unlisted
    for stage in KeyStage:
        text = " ".join(all_text(compose.compose_pack(real, stage, tailoring, env).blocks))
        text = text.replace("\u2019", "'")
        review = text.split("Helpline numbers were checked", 1)[1][:700]
        named = [name for name in unlisted if name in review]
        if stage is KeyStage.KS5:
            assert "not on the campaign's list of checked services" in review
            assert named == unlisted, named
        else:
            assert named == [] and "list of checked services" not in review, stage


def test_the_curriculum_map_names_the_subject_its_phase_teaches(tailoring: Tailoring) -> None:
    # Every map said "statutory guidance for Relationships Education and RSE", though primary
    # lessons are Relationships Education only (their letters say so: no right to withdraw)
    # and secondary ones are RSE; and a deep dive found outcomes claimed whole that a lesson
    # teaches only in part.
    real = load_library(LESSONS)
    env = make_environment(TEMPLATES)
    for stage in KeyStage:
        text = " ".join(all_text(compose.compose_pack(real, stage, tailoring, env).blocks))
        text = text.replace("\u2019", "'")
        intro = text.split("Curriculum map", 1)[1][:900]
        assert "Relationships Education and RSE" not in intro, stage
        primary = stage in (KeyStage.KS1, KeyStage.KS2)
        subject = "Relationships Education" if primary else "RSE"
        assert f"statutory guidance for {subject}" in intro, stage
        assert ("guidance for RSE" in intro) != primary, stage
        assert f"the rest is for your wider {subject} programme" in intro, stage


def test_every_pack_has_an_assessment_record_for_the_lessons_it_holds(
    tailoring: Tailoring,
) -> None:
    # A curriculum lead's deep dive: no pack kept any record of what the starter and the
    # plenary showed, so a school could not show what a class knows and remembers.
    real = load_library(LESSONS)
    env = make_environment(TEMPLATES)
    for stage in KeyStage:
        plans = real.plans_for(stage)
        school = dataclasses.replace(
            tailoring, stages=(stage,), exclude_lessons=(plans[-1].front.id,)
        )
        pack = compose.compose_pack(real, stage, school, env)
        text = "\n".join(all_text(pack.blocks))
        record = text.split("Assessment record", 1)[1]
        record = record.split("Pupil worksheets" if stage.value < "ks3" else "Student worksheets")[
            0
        ]
        boxes = [b for b in pack.blocks if isinstance(b, Callout) and b.title.startswith("Lesson ")]
        assert [b.title for b in boxes] == [
            f"Lesson {n}: {plan.front.title}" for n, plan in enumerate(plans[:-1], 1)
        ], stage
        for box in boxes:
            labels = [b.label for b in box.blocks if isinstance(b, WriteSpace)]
            assert labels == [
                "Taught on",
                "At the start, most of the class",
                "At the end, most of the class",
                "To come back to",
            ], stage
        assert "not named" in record and "disclosed" in record and "DSL" in record, stage


def test_a_shortened_lesson_stops_claiming_an_outcome_only_its_left_out_activity_taught(
    lessons_copy: Path, edit: Callable[[str, str, str], Path], tailoring: Tailoring
) -> None:
    # A curriculum lead found KS4 Lesson 3's "anything sent online can be passed on" taught only
    # in an optional activity, which a school's 50-minute lesson left out while the map still
    # named the outcome for that lesson.
    plan = "plans/ks1/01-fixture.md"
    edit(
        plan, "curriculum: [p-safe-keep-asking]", "curriculum: [p-safe-keep-asking, p-safe-privacy]"
    )
    edit(
        plan,
        "{id: fixture-close, phase: plenary, role: optional}",
        "{id: fixture-close, phase: plenary, role: optional, teaches: [p-safe-privacy]}",
    )
    library, env = load_library(lessons_copy), make_environment(TEMPLATES)
    (whole,) = compose.lessons_for(library, KeyStage.KS1, tailoring)
    assert [o.id for o in whole.curriculum] == ["p-safe-keep-asking", "p-safe-privacy"]
    assert whole.lost == ()
    short = dataclasses.replace(tailoring, lesson_minutes=45)
    (fitted,) = compose.lessons_for(library, KeyStage.KS1, short)
    assert [o.id for o in fitted.curriculum] == ["p-safe-keep-asking"]
    assert [o.id for o in fitted.lost] == ["p-safe-privacy"]

    blocks = compose.compose_pack(library, KeyStage.KS1, short, env).blocks
    text = _plain(blocks)
    outcome = "Being safe: Privacy, and not keeping secrets about anyone's safety"
    # Each note is a box of its own, closed before what follows it (a line ending in a template
    # tag once ran the next heading into the box).
    (lesson_box,) = _callouts(blocks, "Left out to fit 45 minutes")
    assert [type(b) for b in lesson_box.blocks] == [ListBlock]
    assert isinstance(blocks[blocks.index(lesson_box) + 1], Heading)  # "Differentiation"
    (map_box,) = _callouts(blocks, "Outcomes left out with shortened lessons")
    assert [type(b) for b in map_box.blocks] == [Paragraph, ListBlock, Paragraph]
    assert (
        "Fitting the lessons to 45 minutes leaves out activities that are a lesson's only "
        "teaching of an outcome, so the map above does not list these for their lessons: "
        f'Lesson 1, "Tell someone" (15 minutes): {outcome}'
    ) in text
    assert (
        f'It is this lesson\'s only teaching of the statutory outcome "{outcome}", so the '
        "curriculum map does not list it for this lesson"
    ) in text
    # Named in those two notes only: the map's row for the lesson no longer claims it.
    assert text.count(outcome) == 2
    full = _plain(compose.compose_pack(library, KeyStage.KS1, tailoring, env).blocks)
    # The full map names both, its area once before them.
    assert full.count("Privacy, and not keeping secrets about anyone's safety") == 1
    assert (
        "Being safe: Asking for help, and keeping on asking until someone listens; Privacy, and "
        "not keeping secrets about anyone's safety"
    ) in full
    assert "only teaching" not in full


def test_among_equal_cuts_the_one_that_keeps_the_statutory_outcomes_wins(
    library: Library, tailoring: Tailoring
) -> None:
    (lesson,) = compose.lessons_for(library, KeyStage.KS1, tailoring)
    circle, sheet, close = lesson.activities
    views = [
        dataclasses.replace(circle, minutes=10),
        dataclasses.replace(circle, id="earlier", role="optional"),
        dataclasses.replace(sheet, minutes=30),
        dataclasses.replace(close, id="later", minutes=10),
    ]
    # Either 10-minute optional activity can go, and the later one does...
    _, dropped = compose.fit(views, 50, lesson.plan, "school.toml")
    assert [v.id for v in dropped] == ["later"]
    # ...unless it is the only one to teach an outcome: then the earlier one goes.
    views[3] = dataclasses.replace(views[3], teaches=("p-safe-privacy",))
    _, dropped = compose.fit(views, 50, lesson.plan, "school.toml")
    assert [v.id for v in dropped] == ["earlier"]


def test_a_lessons_eal_note_and_the_letters_offer_of_a_translation_are_printed(
    lessons_copy: Path, edit: Callable[[str, str, str], Path], tailoring: Tailoring
) -> None:
    edit(
        "plans/ks1/01-fixture.md",
        "  send: Symbol cards and short sentences.\n",
        '  send: Symbol cards and short sentences.\n  eal: Pre-teach "secret" with pictures.\n',
    )
    library, env = load_library(lessons_copy), make_environment(TEMPLATES)
    text = _plain(compose.compose_pack(library, KeyStage.KS1, tailoring, env).blocks)
    assert (
        'SEND: Symbol cards and short sentences. New to English: Pre-teach "secret" with pictures.'
    ) in text
    # A family new to English, or one whose child may find the lessons hard, is told what to do.
    assert (
        "If anything in your child's life might make these lessons hard, please tell us "
        "privately so that we can plan support. For this letter in another language, or an "
        "interpreter, ask the school office."
    ) in text


def _glances(blocks: tuple[Block, ...]) -> list[list[Block]]:
    """Each lesson's "Lesson at a glance": the blocks under that heading, up to the next."""
    found = []
    for i, block in enumerate(blocks):
        if isinstance(block, Heading) and plain_text(block.children) == "Lesson at a glance":
            under: list[Block] = []
            for later in blocks[i + 1 :]:
                if isinstance(later, Heading):
                    break
                under.append(later)
            found.append(under)
    return found


def _paragraphs(blocks: list[Block]) -> list[str]:
    return [plain_text(b.children) for b in blocks if isinstance(b, Paragraph)]


def test_each_lesson_opens_with_its_timings_sheets_and_what_to_do_if_told(
    tailoring: Tailoring,
) -> None:
    # A supply teacher asked for each lesson on one page: what happens when, the sheet each part
    # uses, what to make beforehand, and what to do if a pupil tells them something.
    real, env = load_library(LESSONS), make_environment(TEMPLATES)
    school = dataclasses.replace(
        _with_dsl(tailoring, "Mr D Byrne", phone="01782 234567"), lesson_minutes=45
    )
    pack = compose.compose_pack(real, KeyStage.KS3, school, env)
    lessons = compose.lessons_for(real, KeyStage.KS3, school)
    glances = _glances(pack.blocks)
    assert len(glances) == len(lessons) == 4
    some = 0
    for lesson, under in zip(lessons, glances, strict=True):
        # First, where to turn if told something, so it is always on the lesson's first page.
        told = under[0]
        assert isinstance(told, Callout) and told.kind == "safeguarding"
        assert told.title == "If a student tells you something worrying"
        said = " ".join(all_text(told.blocks))
        assert said.startswith("If anyone is in immediate danger, call 999 first.")
        assert (
            "Tell Ms J Patel (Designated Safeguarding Lead), in the Pastoral Office, "
            "01782\u00a0234567, straight away, and always the same day (if they are away, "
            "Mr D Byrne); if no one can be reached, tell a senior leader." in said
        )
        assert "promise to keep it a secret or ask to see an image" in said
        assert "works in or for the school, tell the headteacher instead" in said
        (table,) = [b for b in under if isinstance(b, Table)]
        assert [plain_text(c) for c in table.header] == ["Time", "What happens"]
        rows = [[plain_text(c) for c in row] for row in table.rows]
        spare = [f"{lesson.used_minutes}–45\u00a0min"] if lesson.spare_minutes else []
        times = [f"{a.start}–{a.end}\u00a0min" for a in lesson.activities]
        assert [r[0] for r in rows] == times + spare  # no gap, no overlap, ends at 45
        for a, (_, what) in zip(lesson.activities, rows, strict=False):
            assert what.startswith(f"{a.phase.capitalize()}: {a.title}")
            assert ("(optional)" in what) == (a.role == "optional")
            sheet = a.variant.worksheet
            assert ("Worksheet" in what) == (sheet is not None)
            stop = "" if sheet is None or sheet.title.endswith(("?", "!")) else "."
            # Cards only pupils who need support use say so, so nobody copies a class set.
            label = "Worksheet, for those who need it" if sheet and sheet.for_some else "Worksheet"
            assert sheet is None or f"{label}: {sheet.title}{stop}" in what
            some += bool(sheet and sheet.for_some)
            assert "?." not in what
        assert lesson.dropped  # 45 minutes leaves something out of every KS3 lesson
        (left,) = [p for p in _paragraphs(under) if p.startswith("Left out to fit 45 minutes: ")]
        assert all(f"“{a.title}”" in left for a in lesson.dropped)
        # The jobs to start days ahead, less any for an activity left out.
        assert lesson.prepare
        (ahead,) = [
            i
            for i, b in enumerate(under)
            if isinstance(b, Paragraph) and plain_text(b.children).startswith("Made or arranged")
        ]
        jobs = under[ahead + 1]
        assert isinstance(jobs, ListBlock)
        assert [straighten(" ".join(all_text(item))) for item in jobs.items] == lesson.prepare
    assert some == 1  # KS3's "Yes, no or not a real yes? cards"
    # Before the objectives; and without a named DSL, the role; KS5 names a college's principal.
    names = [plain_text(b.children) for b in pack.blocks if isinstance(b, Heading)]
    glance_at = [i for i, n in enumerate(names) if n == "Lesson at a glance"]
    assert all(names[i + 1] == "Learning objectives" for i in glance_at)
    for stage, pupil in ((KeyStage.KS1, "child"), (KeyStage.KS5, "student")):
        default = compose.compose_pack(real, stage, tailoring, env)
        for under in _glances(default.blocks):
            told = under[0]
            assert isinstance(told, Callout)
            assert told.title == f"If a {pupil} tells you something worrying"
            said = " ".join(all_text(told.blocks))
            assert "Tell the Designated Safeguarding Lead (DSL) straight away" in said
            if stage is KeyStage.KS5:
                assert "in or for the school or college, tell the headteacher or principal" in said
                assert said.endswith("for students aged 18 or over too.")
            assert not [p for p in _paragraphs(under) if p.startswith("Left out")]


def _sheet_titles(blocks: tuple[Block, ...], found: set[str]) -> set[str]:
    """The titles of every worksheet, card set, heading and box among these blocks."""
    for block in blocks:
        if isinstance(block, Heading):
            found.add(plain_text(block.children))
        elif isinstance(block, Worksheet | Callout):
            found.add(block.title)
            _sheet_titles(block.blocks, found)
        elif isinstance(block, Table) and block.cards:
            found.update(plain_text(cell) for cell in block.header)
    return found


_NAMED_SHEET = re.compile(r"(?:worksheet|sheet|cards|page|cop(?:y|ies) of(?: the)?) “([^”]+)”")


@pytest.mark.parametrize("stage", list(KeyStage))
def test_every_sheet_a_pack_names_in_quotes_is_in_that_pack(
    stage: KeyStage, tailoring: Tailoring
) -> None:
    # The KS5 plan asked for "a spare copy of “Which route?”": that is the KS4 sheet; the KS5
    # one is "Which route? Help at 16 to 25", and a teacher with both packs could copy the wrong one.
    real, env = load_library(LESSONS), make_environment(TEMPLATES)
    pack = compose.compose_pack(real, stage, tailoring, env)
    titles = _sheet_titles(pack.blocks, set())
    titles |= {
        a.title for lesson in compose.lessons_for(real, stage, tailoring) for a in lesson.activities
    }
    named = _NAMED_SHEET.findall("\n".join(all_text(pack.blocks)))
    assert named  # the pattern finds the packs' references to their sheets
    assert [n for n in named if n.rstrip(",.") not in titles] == []


def test_each_guides_further_reading_calls_it_by_its_own_name(tailoring: Tailoring) -> None:
    # The staff briefing, which calls itself "this briefing", said "The guidance behind this guide".
    assert "The guidance behind this briefing," in _guide_text(tailoring, "staff-briefing")
    assert "The guidance behind this guide," in _guide_text(tailoring, "parents-guide")


def test_board_text_is_on_the_glance_and_goes_with_an_activity_left_out(
    tailoring: Tailoring,
) -> None:
    # A supply teacher asked for what the lessons have them write on the board, gathered.
    real, env = load_library(LESSONS), make_environment(TEMPLATES)
    written = left_out = 0
    for minutes in (None, 45):
        school = dataclasses.replace(tailoring, lesson_minutes=minutes)
        for stage in KeyStage:
            lessons = compose.lessons_for(real, stage, school)
            glances = _glances(compose.compose_pack(real, stage, school, env).blocks)
            for lesson, under in zip(lessons, glances, strict=True):
                heads = [
                    i
                    for i, b in enumerate(under)
                    if isinstance(b, Paragraph)
                    and plain_text(b.children).startswith("For the board")
                ]
                taught = {a.id for a in lesson.activities}
                kept = [b for b in lesson.front.board if b.activity in taught]
                left_out += len(lesson.front.board) - len(kept)
                if not kept:
                    assert heads == []
                    continue
                (head,) = heads
                board = under[head + 1]
                assert isinstance(board, ListBlock)
                titles = {a.id: a.title for a in lesson.activities}
                gathered: dict[str, list[str]] = {}
                for b in kept:  # one line per activity, its words in the plan's order
                    gathered.setdefault(b.activity, []).append(b.write)
                shown = [" ".join(all_text(item)).replace("\u00a0", " ") for item in board.items]
                assert [straighten(line) for line in shown] == [
                    straighten(f"{titles[a]}: {' · '.join(words)}") for a, words in gathered.items()
                ]
                written += len(kept)
    assert written >= 10 and left_out >= 1  # real content uses it, and fitting drops some


def test_prompts_an_activity_numbers_are_a_numbered_list_and_others_bullets(
    tailoring: Tailoring,
) -> None:
    # "Read statements 1, 2, 3 and 5 from the starter again": the starter's statements are
    # numbered in the pack, and prompts nobody refers to by number stay bullets.
    real, env = load_library(LESSONS), make_environment(TEMPLATES)
    pack = compose.compose_pack(real, KeyStage.KS2, tailoring, env)
    kinds: dict[str, set[bool]] = {}
    for box in [b for b in pack.blocks if isinstance(b, Callout) and b.kind == "question"]:
        for inner in box.blocks:
            if isinstance(inner, ListBlock):
                kinds.setdefault(box.title, set()).add(inner.ordered)
    assert kinds["True or false?"] == {True}
    assert kinds["Agree or disagree?"] == {True}
    assert kinds["Profiles, then ask"] == {False}
    (true_false,) = [
        b for b in pack.blocks if isinstance(b, Callout) and b.title == "True or false?"
    ]
    (statements,) = [b for b in true_false.blocks if isinstance(b, ListBlock)]
    assert len(statements.items) == 5


def _slip_sets(pack: Document) -> dict[str, list[int]]:
    """Each "After Lesson N" heading of "Messages for home", with the card count of each set
    of slips under it (a page break starts a new set)."""
    sets: dict[str, list[int]] = {}
    heading = ""
    for block in pack.blocks:
        if isinstance(block, Heading) and block.level == 2:
            heading = _plain((block,)) if _plain((block,)).startswith("After Lesson") else ""
        elif heading and isinstance(block, Table) and block.cards:
            sets.setdefault(heading, []).append(len(block.rows))
    return sets


def test_primary_families_get_each_lessons_message_on_slips_to_cut_out(
    tailoring: Tailoring, tmp_path: Path
) -> None:
    # A Year 1 teacher's review: every KS1 plan says to send its key message home, and the pack
    # gave nothing to send. Each lesson now has a page of slips, with the school's contact.
    from cse_lessonpack.profile import load_profile

    real = load_library(LESSONS)
    env = make_environment(TEMPLATES)
    plans = real.plans_for(KeyStage.KS1)
    campaign = compose.compose_pack(real, KeyStage.KS1, tailoring, env)
    words = _plain(campaign.blocks)
    assert "Messages for home" in words
    for plan in plans:
        message = straighten(plan.front.follow_up.home_message or "")
        assert message and words.count(message) == 4, plan.front.id
    assert words.count("Talk to your child's teacher, or ask the school office.") == 16
    assert _slip_sets(campaign) == {
        f"After Lesson {n}: {p.front.title}": [4] for n, p in enumerate(plans, start=1)
    }
    assert "cut out the four slips: 8 copies make 32 slips" in words
    # A child the school is worried about may be put at risk by a slip going home.
    assert "Check with your DSL first whether any child should not take a slip home." in words
    assert "has no slip" not in words  # every KS1 lesson has one
    # The helping hands stay private in school: their slip gives the rule, not the hand.
    assert "helping hand" not in (plans[2].front.follow_up.home_message or "")

    school = _with_dsl(tailoring, None, phone="01782 555123")
    words = _plain(compose.compose_pack(real, KeyStage.KS1, school, env).blocks)
    # The DSL's role said in a parent's words, as the letter does; the school's name leads.
    contact = "or to Ms J Patel, who leads on keeping children safe, on 01782 555123."
    assert words.count(contact) == 16
    assert words.count("Oakfield Academy: message for home My body belongs to me We") == 4
    assert "Check with Ms J Patel first whether any child should not take a slip home." in words

    # Large print: three to a page (their type is the large-print body's).
    profile = tmp_path / "school.toml"
    profile.write_text('[school]\nname = "Oak"\n\n[brand]\nlarge_print = true\n')
    large = compose.compose_pack(real, KeyStage.KS1, load_profile(profile, TEMPLATES), env)
    assert set(map(tuple, _slip_sets(large).values())) == {(3,)}
    assert "cut out the three slips: 10 copies make 30 slips" in _plain(large.blocks)
    # The introduction has a page of its own: under it, a lesson's last slip went on to the
    # next page in Word.
    blocks = list(large.blocks)
    first = next(i for i, b in enumerate(blocks) if _plain((b,)).startswith("After Lesson 1"))
    assert isinstance(blocks[first - 1], PageBreak)
    # KS2 sends home Lessons 1 to 5's; Lesson 6, on grooming, is told to parents beforehand,
    # and the introduction says so, lest a teacher look for its slips.
    ks2 = compose.compose_pack(real, KeyStage.KS2, tailoring, env)
    assert [h.split(":")[0] for h in _slip_sets(ks2)] == [f"After Lesson {n}" for n in range(1, 6)]
    assert "Lesson 6 has no slip: its plan says what to tell families." in _plain(ks2.blocks)
    # Only stages whose plans give a message get the section.
    assert "Messages for home" not in _pack_text(LESSONS, KeyStage.KS3)


def test_every_pack_says_what_to_do_when_no_adult_speaks_a_pupils_language() -> None:
    # An EAL review: "talk first with a bilingual adult, if you have one" left a teacher with
    # none nowhere to turn, and free to paste words about bodies into an online translator.
    for stage in KeyStage:
        text = " ".join(_pack_text(LESSONS, stage).split())
        assert "If no adult in school speaks it, ask your EAL lead" in text, stage
        assert "Do not rely on an online translator for words about bodies" in text, stage
