"""Loading lessons/: the fixture tree loads, and every kind of mistake is reported exactly."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from cse_lessonpack.content import Library, load_library
from cse_lessonpack.errors import ContentError
from cse_lessonpack.model import KeyStage

Edit = Callable[[str, str, str], Path]
PLAN = "plans/ks1/01-fixture.md"


def _problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_library(root)
    # Paths are shown relative to the working directory; compare from the lessons folder down.
    return [str(p).split("lessons/", 1)[-1] for p in caught.value.problems]


def test_fixture_tree_loads(library: Library) -> None:
    assert [p.front.id for p in library.plans] == ["ks1-fixture", "ks3-fixture"]
    assert library.plans_for(KeyStage.KS1)[0].front.title == "Telling a trusted adult"
    assert set(library.activities) == {"fixture-circle", "fixture-sheet", "fixture-close"}
    assert library.helplines["childline"].phone == "0800 1111"
    assert library.glossary["trusted-adult"].definitions[KeyStage.KS3].startswith("An adult")


def test_unknown_field(lessons_copy: Path, edit: Edit) -> None:
    edit(PLAN, "order: 1\n", "order: 1\ncolour: blue\n")
    assert _problems(lessons_copy) == [
        f"{PLAN}:7: colour: unknown field (check the spelling; see the README's content format)"
    ]


def test_missing_field(lessons_copy: Path, edit: Edit) -> None:
    edit(
        PLAN, "aim: Children know they can tell a trusted adult when something worries them.\n", ""
    )
    assert _problems(lessons_copy) == [f"{PLAN}:2: missing required field 'aim'"]


def test_unknown_stage(lessons_copy: Path, edit: Edit) -> None:
    edit(PLAN, "key_stage: ks1", "key_stage: ks9")
    assert _problems(lessons_copy) == [
        f"{PLAN}:4: key_stage: expected 'ks1', 'ks2', 'ks3', 'ks4' or 'ks5', got 'ks9'"
    ]


def test_activity_without_a_variant_for_the_stage(lessons_copy: Path, edit: Edit) -> None:
    edit("activities/fixture-close.md", "  ks1:\n    minutes: 15", "  ks2:\n    minutes: 15")
    assert _problems(lessons_copy) == [
        f"{PLAN}:23: activity 'fixture-close' has no ks1 variant (it has ks2, ks3)"
    ]


def test_duplicate_id(lessons_copy: Path) -> None:
    source = lessons_copy / "activities" / "fixture-close.md"
    (lessons_copy / "activities" / "fixture-close-copy.md").write_text(
        source.read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert _problems(lessons_copy) == [
        "activities/fixture-close.md:2: duplicate activity id 'fixture-close' "
        "(also in fixture-close-copy.md)"
    ]


def test_minutes_must_add_up(lessons_copy: Path, edit: Edit) -> None:
    edit(PLAN, "duration: 60", "duration: 50")
    assert _problems(lessons_copy) == [
        f"{PLAN}:7: activities add up to 60 minutes but duration is 50 (fixture-circle 10, "
        "fixture-sheet 35, fixture-close 15): change the duration, or an activity's minutes in "
        "its file, under variants: ks1: minutes"
    ]


def test_unknown_helpline_and_glossary_term(lessons_copy: Path, edit: Edit) -> None:
    edit(PLAN, "signposting: [childline, emergency]", "signposting: [childline, samaritans]")
    edit(PLAN, "vocabulary: [trusted-adult, secret]", "vocabulary: [trusted-adult, secrecy]")
    assert _problems(lessons_copy) == [
        f"{PLAN}:16: unknown glossary term 'secrecy'",
        f"{PLAN}:36: unknown helpline 'samaritans' (helplines.yaml has no such id)",
    ]


def test_a_mistyped_id_is_answered_with_the_closest_known_one(
    lessons_copy: Path, edit: Edit
) -> None:
    # A content writer typing "nspcc" or "fixture-circel" was told only that the id was
    # unknown, with no pointer to the file that holds the ids or to the one they meant.
    edit(PLAN, "{id: fixture-circle,", "{id: fixture-circel,")
    edit(PLAN, "signposting: [childline, emergency]", "signposting: [childline, emergncy]")
    assert _problems(lessons_copy) == [
        f"{PLAN}:21: unknown activity 'fixture-circel' (no activities/*.md read without errors "
        "has this id; did you mean 'fixture-circle'?)",
        f"{PLAN}:36: unknown helpline 'emergncy' (helplines.yaml has no such id; did you mean "
        "'emergency'?)",
    ]


def test_an_unknown_strand_names_the_strands_there_are(lessons_copy: Path, edit: Edit) -> None:
    edit(PLAN, "strands: [telling]", "strands: [teling, telling]")
    assert _problems(lessons_copy) == [
        f"{PLAN}:41: unknown strand 'teling' (curriculum.yaml's strands are telling, "
        "relationships, grooming; did you mean 'telling'?)"
    ]


def test_a_suggested_year_must_be_one_of_the_lessons_years(lessons_copy: Path, edit: Edit) -> None:
    edit(PLAN, "years: [1, 2]\n", "years: [1, 2]\nsuggested_year: 3\n")
    assert _problems(lessons_copy) == [
        f"{PLAN}:6: suggested_year: 3 is not one of this lesson's years (1, 2)"
    ]


def test_a_threads_phrases_are_for_exactly_the_stages_that_teach_it(
    lessons_copy: Path, edit: Edit
) -> None:
    # The fixture teaches "telling" in KS1 only.
    edit(
        "curriculum.yaml",
        "    name: Telling, getting help and reporting\n",
        "    name: Telling, getting help and reporting\n    adds:\n      ks2: asking again\n",
    )
    assert _problems(lessons_copy) == [
        "curriculum.yaml:91: strand 'telling': adds has a phrase for ks2, where no lesson "
        "teaches it (a plan's strands)",
        "curriculum.yaml:91: strand 'telling': adds has no phrase for ks1, where a lesson "
        "teaches it (a plan's strands)",
    ]


def test_board_text_is_one_of_the_lessons_activities_words_copied_exactly(
    lessons_copy: Path, edit: Edit
) -> None:
    # Board text gathered on the lesson's first page must say what the step says, name an
    # activity the lesson has, and keep to words the class may see.
    edit(
        "activities/fixture-circle.md",
        "ask how the character feels.",
        "ask how the character feels. Write Nobody can abuse you on the board.",
    )
    edit(
        PLAN,
        "activities:\n",
        "board:\n"
        "  - {activity: fixture-circle, write: 'Nobody can abuse you'}\n"
        "  - {activity: fixture-circle, write: 'How does Sam feel?'}\n"
        "  - {activity: fixture-circle, write: 'How does Kit feel?'}\n"
        "  - {activity: fixture-circle, write: 'Use face cards.'}\n"
        "  - {activity: fixture-circel, write: 'Use face cards.'}\n"
        "activities:\n",
    )
    assert _problems(lessons_copy) == [
        f"{PLAN}:21: board: uses 'abuse', which ks1 pupil-facing text avoids",
        f'{PLAN}:23: board: "How does Kit feel?" is not in the ks1 steps or prompts of activity '
        "'fixture-circle': copy the words to write exactly as the step that asks for them gives "
        "them",
        # A support line's words are for some pupils, read where the teacher meets them.
        f'{PLAN}:24: board: "Use face cards." is not in the ks1 steps or prompts of activity '
        "'fixture-circle': copy the words to write exactly as the step that asks for them gives "
        "them",
        f"{PLAN}:25: board: activity 'fixture-circel' is not one of this lesson's activities "
        "(fixture-circle, fixture-sheet, fixture-close); did you mean 'fixture-circle'?",
    ]


def test_a_word_marked_words_only_in_one_glossary_file_stays_so_when_merged(
    lessons_copy: Path,
) -> None:
    (lessons_copy / "glossary" / "more.yaml").write_text(
        "terms:\n  - id: secret\n    term: secret\n    words_only: true\n"
        "    definitions:\n      ks3: Something kept from others.\n",
        encoding="utf-8",
    )
    library = load_library(lessons_copy)
    assert library.glossary["secret"].words_only
    assert set(library.glossary["secret"].definitions) == {KeyStage.KS1, KeyStage.KS3}
    assert not library.glossary["trusted-adult"].words_only


def test_a_line_indented_wrongly_is_reported_with_what_to_check(
    lessons_copy: Path, edit: Edit
) -> None:
    edit(PLAN, "  - {id: fixture-circle,", "   - {id: fixture-circle,")
    (problem,) = _problems(lessons_copy)
    assert problem.startswith(f"{PLAN}:")
    assert problem.endswith(
        "; check the indentation of this line and the one above: keys at one level line up "
        "under each other, and each list item starts with '- '"
    )


def test_malformed_yaml_is_reported_with_others_in_one_run(lessons_copy: Path, edit: Edit) -> None:
    edit("facts.yaml", "facts:\n", "facts:\n  - id: [\n")
    edit(PLAN, "duration: 60", "duration: 55")
    problems = _problems(lessons_copy)
    assert len(problems) == 2
    assert problems[0].startswith("facts.yaml:")
    assert "invalid YAML" in problems[0]
    assert problems[1] == (
        f"{PLAN}:7: activities add up to 60 minutes but duration is 55 (fixture-circle 10, "
        "fixture-sheet 35, fixture-close 15): change the duration, or an activity's minutes in "
        "its file, under variants: ks1: minutes"
    )


def test_wrong_type_is_named(lessons_copy: Path, edit: Edit) -> None:
    edit(PLAN, "duration: 60", "duration: an hour")
    assert _problems(lessons_copy) == [
        f"{PLAN}:7: duration: expected a whole number, got 'an hour' (write it in digits)"
    ]


def test_control_character_is_refused(lessons_copy: Path, edit: Edit) -> None:
    edit(PLAN, "title: Telling a trusted adult", 'title: "Telling a\\x07 trusted adult"')
    assert _problems(lessons_copy) == [
        f"{PLAN}:3: title: contains a control character (U+0007); remove it"
    ]


def test_teaches_names_the_lessons_own_outcomes_on_an_optional_activity(
    lessons_copy: Path, edit: Edit
) -> None:
    # A shortened lesson stops claiming what only its left-out activities taught; a mistyped
    # outcome or one put on a core activity (always taught) would silently claim nothing.
    edit(
        PLAN, "curriculum: [p-safe-keep-asking]", "curriculum: [p-safe-keep-asking, p-safe-privacy]"
    )
    edit(
        PLAN,
        "{id: fixture-circle, phase: starter, role: core}",
        "{id: fixture-circle, phase: starter, role: core, teaches: [p-safe-privacy]}",
    )
    edit(
        PLAN,
        "{id: fixture-close, phase: plenary, role: optional}",
        "{id: fixture-close, phase: plenary, role: optional, teaches: [p-safe-my-body]}",
    )
    assert _problems(lessons_copy) == [
        f"{PLAN}:21: activity 'fixture-circle': teaches: only an optional activity names the "
        "outcomes it alone teaches (a core activity is always taught); remove teaches: or make "
        "the activity optional",
        f"{PLAN}:23: activity 'fixture-close': teaches: 'p-safe-my-body' is not in this "
        "lesson's curriculum (p-safe-keep-asking, p-safe-privacy)",
    ]


def test_a_lesson_whose_every_outcome_is_optional_is_refused(
    lessons_copy: Path, edit: Edit
) -> None:
    edit(
        PLAN,
        "{id: fixture-close, phase: plenary, role: optional}",
        "{id: fixture-close, phase: plenary, role: optional, teaches: [p-safe-keep-asking]}",
    )
    assert _problems(lessons_copy) == [
        f"{PLAN}:17: curriculum: every outcome is named by an optional activity's teaches:, so "
        "a shortened lesson would teach none of them; a core activity must teach at least one"
    ]


def test_outcomes_start_with_i_can(lessons_copy: Path, edit: Edit) -> None:
    edit(PLAN, "  - I can name a trusted adult.", "  - Name a trusted adult.")
    assert _problems(lessons_copy) == [
        f"{PLAN}:14: outcomes[0]: an outcome starts with 'I can ', got 'Name a trusted adult.'"
    ]


def test_unsupported_markdown_in_notes_is_located(lessons_copy: Path, edit: Edit) -> None:
    edit(PLAN, "A short fixture lesson for the tests.", "> A quoted block.")
    assert _problems(lessons_copy) == [
        f"{PLAN}:45: a block quote (>) is not supported in lesson Markdown"
    ]


def test_missing_letter_for_a_stage_with_lessons(lessons_copy: Path) -> None:
    (lessons_copy / "letters" / "ks3.md").unlink()
    assert _problems(lessons_copy) == [
        "letters: ks3 has lessons but no letter to parents (expected letters/ks3.md)"
    ]


def test_a_guidance_texts_first_heading_may_not_skip_below_its_chapter(
    lessons_copy: Path,
) -> None:
    # "### The steps" at the top of a guidance text came straight under the chapter's "#".
    path = lessons_copy / "guidance" / "responding-to-disclosure.md"
    text = path.read_text(encoding="utf-8")
    head, _, body = text.partition("\n---\n")
    path.write_text(f"{head}\n---\n### The steps\n\n{body}", encoding="utf-8")
    line = head.count("\n") + 3
    assert _problems(lessons_copy) == [
        f"guidance/responding-to-disclosure.md:{line}: heading level 3 starts the text, under "
        "the pack's own heading, skipping a level (write ##)"
    ]


GUIDE = """---
id: parents-guide
title: A guide for parents
subtitle: For tests
audience: parents
reading_grade_max: 8
---
# Easy words

Your child is safe with you. Talk often. Listen well.

# Hard words

Notwithstanding considerable institutional safeguarding infrastructure, comprehensive multi-agency
intervention frequently necessitates sophisticated interdisciplinary coordination mechanisms.
"""


def test_a_guide_section_that_reads_too_hard_is_named(lessons_copy: Path) -> None:
    (lessons_copy / "guides").mkdir()
    (lessons_copy / "guides" / "parents-guide.md").write_text(GUIDE, encoding="utf-8")
    problems = _problems(lessons_copy)
    assert len(problems) == 1
    assert problems[0].startswith(
        "guides/parents-guide.md:12: section 'Hard words' of the parents guide reads at Flesch–Kincaid grade "
    )
    assert problems[0].endswith("; the limit is 8 (use shorter sentences and words)")


def test_victim_blaming_in_a_guide_is_refused(lessons_copy: Path) -> None:
    (lessons_copy / "guides").mkdir()
    text = GUIDE.replace("Talk often.", "Some children are asking for it.").split("# Hard words")[0]
    (lessons_copy / "guides" / "parents-guide.md").write_text(text, encoding="utf-8")
    assert _problems(lessons_copy) == [
        "guides/parents-guide.md:10: victim-blaming phrase 'asking for it' (say instead: the abuser is always responsible)"
    ]


def test_a_helpline_too_adult_for_a_stages_pupils_is_refused(
    lessons_copy: Path, edit: Edit
) -> None:
    edit(
        "helplines.yaml",
        "      ks2: telling the police about someone online who has worried you, with a trusted adult\n",
        "      ks2: reporting online grooming\n",
    )
    assert _problems(lessons_copy) == [
        "helplines.yaml:53: helpline 'ceop': what it is for, as shown to ks2 pupils, uses "
        "'grooming', which ks2 pupil-facing text avoids (give ks2 its own wording under for_pupils)"
    ]


def test_pupil_wording_for_a_stage_the_helpline_is_not_shown_to(
    lessons_copy: Path, edit: Edit
) -> None:
    edit(
        "helplines.yaml",
        "      ks2: telling the police about someone online who has worried you, with a trusted adult\n",
        "      ks1: telling a grown-up\n",
    )
    (problem,) = _problems(lessons_copy)
    assert problem.endswith(
        "for_pupils has wording for ks1, which is not among this helpline's audiences"
    )


def test_pupil_cost_wording_for_a_stage_the_helpline_is_not_shown_to(
    lessons_copy: Path, edit: Edit
) -> None:
    edit(
        "helplines.yaml",
        "    cost: Calls cost the same as a normal call\n",
        "    cost: Calls cost the same as a normal call\n    cost_for_pupils:\n      ks1: Free\n",
    )
    (problem,) = _problems(lessons_copy)
    assert problem.endswith(
        "cost_for_pupils has wording for ks1, which is not among this helpline's audiences"
    )


def test_pupil_hours_wording_for_a_stage_the_helpline_is_not_shown_to(
    lessons_copy: Path, edit: Edit
) -> None:
    edit(
        "helplines.yaml",
        "    cost: Calls cost the same as a normal call\n",
        "    cost: Calls cost the same as a normal call\n    hours_for_pupils:\n      ks1: Any time\n",
    )
    (problem,) = _problems(lessons_copy)
    assert problem.endswith(
        "hours_for_pupils has wording for ks1, which is not among this helpline's audiences"
    )


def test_shared_activity_notes_that_name_one_stage_are_refused(
    lessons_copy: Path, edit: Edit
) -> None:
    edit(
        "activities/fixture-circle.md",
        "Keep the situations fictional.",
        "Keep the situations fictional.\n\nIn Key Stage 3, link the line to the law.",
    )
    assert _problems(lessons_copy) == [
        "activities/fixture-circle.md:27: activity 'fixture-circle': its shared notes, printed "
        "in the ks1, ks3 packs, name 'Key Stage 3'; put notes for one stage under that "
        "variant's notes"
    ]


# --- characters the packs cannot print ------------------------------------------------------------


def test_a_control_character_in_a_markdown_body_is_refused(lessons_copy: Path, edit: Edit) -> None:
    edit(PLAN, "A short fixture lesson", "A short\x00fixture lesson")
    assert _problems(lessons_copy) == [
        f"{PLAN}:45: contains a control character the packs cannot print: U+0000; remove it"
    ]


def test_characters_no_font_has_are_refused_in_bodies_and_yaml(
    lessons_copy: Path, edit: Edit
) -> None:
    edit(PLAN, "A short fixture lesson for the tests.", "A short fixture lesson 😀 for the tests.")
    edit(PLAN, "Tell the DSL when", "Tell the DSL\u200b when")
    edit(PLAN, "  - Face cards", "  - Face cards 表")
    edit("activities/fixture-sheet.md", "Colour the happy face.", "Colour the happy face 😀.")
    edit("facts.yaml", "statement: ", "statement: שלום ")
    assert _problems(lessons_copy) == [
        "activities/fixture-sheet.md:20: variants.ks1.worksheet.body: contains a character the "
        "packs cannot print: '😀' (U+1F600); remove it",
        "facts.yaml:5: facts[0].statement: contains right-to-left text (such as 'ש', U+05E9), "
        "which the PDF packs cannot lay out; write it in a left-to-right script such as the "
        "Latin alphabet",
        f"{PLAN}:19: resources[0]: contains a character the packs cannot print: '表' (U+8868); "
        "remove it",
        f"{PLAN}:45: contains a character the packs cannot print: '😀' (U+1F600); remove it",
        f"{PLAN}:48: contains an invisible character the packs cannot print: U+200B (ZERO WIDTH "
        "SPACE); remove it",
    ]


def test_a_symbolic_link_that_loops_is_a_problem_not_a_crash(lessons_copy: Path) -> None:
    helplines = lessons_copy / "helplines.yaml"
    helplines.unlink()
    helplines.symlink_to("helplines.yaml")
    assert _problems(lessons_copy) == [
        "helplines.yaml: a symbolic link that loops or leads nowhere (expected helplines.yaml in "
        "the lessons folder)"
    ]


def test_a_markdown_file_that_is_a_looping_link_is_a_problem(lessons_copy: Path) -> None:
    (lessons_copy / "activities" / "loop.md").symlink_to("loop.md")
    assert _problems(lessons_copy) == [
        "activities/loop.md: a symbolic link that loops or leads nowhere (expected a Markdown file)"
    ]


def test_a_phase_on_a_fact_not_for_staff_is_refused(lessons_copy: Path, edit: Edit) -> None:
    edit(
        "facts.yaml",
        "    audiences: [staff, parents]\n",
        "    audiences: [parents]\n    phase: primary\n",
    )
    problems = _problems(lessons_copy)
    assert problems[0] == (
        "facts.yaml:4: facts[0]: phase applies only to a fact for staff (add staff to its audiences)"
    )


# --- the real content ---------------------------------------------------------------------------

# Beliefs that put the blame on the young person, or tell them it is too late: where a class
# gives reasons on each side of statements, these must be answered at once, never argued for. KS4's and KS5's
# starters asked for "the reasons people might give on each side" of "they must want to be
# there", and left it standing until the plenary.
_BLAMING_BELIEF = re.compile(r"must want|their (own )?fault|asked for it|too late", re.IGNORECASE)


def test_a_blaming_belief_put_to_the_class_is_answered_at_once() -> None:
    from .conftest import LESSONS

    checked = 0
    for activity in load_library(LESSONS).activities.values():
        for stage, variant in activity.front.variants.items():
            # A statement to judge, not a question put to discuss ("Is it ever too late?").
            beliefs = [
                p
                for p in variant.pupil_prompts
                if not p.endswith("?") or p.endswith("Agree or disagree?")
            ]
            steps = " ".join(variant.steps)
            argued = re.search(r"each side|explain their thinking", steps)
            if not argued or not any(_BLAMING_BELIEF.search(p) for p in beliefs):
                continue
            checked += 1
            where = f"{activity.front.id} ({stage})"
            assert "never give reasons" in steps or "nobody moves or explains" in steps, where
            assert "straight away" in steps or "As soon as" in steps, where
    assert checked >= 4  # KS2's two starters, KS4's and KS5's


def test_every_statistic_names_the_year_it_is_from() -> None:
    # Staff are told to check a figure's year before quoting it; three figures were printed as
    # "undated" although their sources can be dated (the press release is March 2016's, the
    # teachers' survey 2022's).
    from .conftest import LESSONS

    for fact in load_library(LESSONS).facts.values():
        if fact.figure:
            assert re.match(r"(19|20)[0-9]{2}", fact.source.year), (fact.id, fact.source.year)


def test_every_secondary_lessons_disclosure_box_says_to_talk_somewhere_private_but_visible() -> (
    None
):
    # KS3's boxes said "somewhere private but visible"; KS4's and KS5's said only "just the two
    # of us, straight after the lesson", dropping the safer-working half of the advice.
    from .conftest import LESSONS

    box = re.compile(r"^::: safeguarding (.*?)^:::$", re.DOTALL | re.MULTILINE)
    checked = 0
    for stage in ("ks3", "ks4", "ks5"):
        for plan in sorted((LESSONS / "plans" / stage).glob("*.md")):
            boxes = [" ".join(b.split()) for b in box.findall(plan.read_text(encoding="utf-8"))]
            about = [b for b in boxes if "disclos" in b]
            assert about, plan.name
            assert any("private but visible" in b for b in about), plan.name
            checked += 1
    assert checked == 11


def test_no_secondary_worksheet_asks_for_a_name() -> None:
    # The packs keep secondary students' answers anonymous ("on a sheet without their name"),
    # but five KS4 and KS5 sheets about exploitation printed a Name line.
    from .conftest import LESSONS

    library = load_library(LESSONS)
    named = [
        (activity_id, stage.value)
        for activity_id, activity in library.activities.items()
        for stage, variant in activity.front.variants.items()
        if stage in (KeyStage.KS3, KeyStage.KS4, KeyStage.KS5)
        and variant.worksheet is not None
        and variant.worksheet.name_line
    ]
    assert named == []


def test_every_disclosure_box_says_to_follow_up_during_the_lesson() -> None:
    # KS4's and KS5's boxes said "come and see me straight after the lesson": a student under a
    # sextortion threat with a deadline within the hour could wait 50 minutes.
    from .conftest import LESSONS

    box = re.compile(r"^::: safeguarding (.*?)^:::$", re.DOTALL | re.MULTILINE)
    for stage in ("ks3", "ks4", "ks5"):
        for plan in sorted((LESSONS / "plans" / stage).glob("*.md")):
            boxes = [" ".join(b.split()) for b in box.findall(plan.read_text(encoding="utf-8"))]
            about = [b for b in boxes if "disclos" in b]
            assert not [b for b in about if "after the lesson" in b or "lesson ends" in b], plan


def test_every_lesson_says_how_to_support_pupils_new_to_english() -> None:
    # An EAL specialist in a Stoke-on-Trent school, where a third of a class can be new to
    # English, found only one sentence for them in each pack and nothing in any lesson.
    from .conftest import LESSONS

    library = load_library(LESSONS)
    missing = [p.front.id for p in library.plans if not p.front.differentiation.eal]
    assert missing == []
    assert len(library.plans) == 21


def test_prompts_an_activity_refers_to_by_number_are_numbered() -> None:
    # KS2 steps said "read statements 1, 2, 3 and 5 from the starter again" and "the cards carry
    # only their numbers", under statements printed as bullets: a new teacher had to count.
    from .conftest import LESSONS

    numbered = []
    for activity in load_library(LESSONS).activities.values():
        for stage, variant in activity.front.variants.items():
            own = " ".join([*variant.steps, variant.support, variant.stretch, variant.send or ""])
            # Statements (not questions) among the prompts, and the text naming them by number;
            # a worksheet's statements are numbered on the sheet, with questions as prompts.
            refers = re.search(r"\bstatements? [0-9]", own)
            if refers and any(not p.endswith("?") for p in variant.pupil_prompts):
                assert variant.prompts_numbered, (activity.front.id, stage.value)
                numbered.append(activity.front.id)
    assert len(numbered) >= 4
    # A plenary that reads the starter's numbered statements again numbers them the same way.
    variants = [
        v for a in load_library(LESSONS).activities.values() for v in a.front.variants.values()
    ]
    firsts = [v.pupil_prompts for v in variants if v.prompts_numbered]
    for variant in variants:
        repeats = any(variant.pupil_prompts[: len(f)] == f for f in firsts)
        assert variant.prompts_numbered or not repeats, variant.pupil_prompts[0]


def test_lessons_teaching_the_law_on_ai_made_images_map_to_the_revised_guidance() -> None:
    # A curriculum lead found the packs teaching fake and AI-made images, which the revised
    # guidance (in force since September 2026) added, with no curriculum-map outcome naming it.
    from .conftest import LESSONS

    library = load_library(LESSONS)
    teaching: set[str] = set()
    mapped: set[str] = set()
    for plan in library.plans:
        stage = plan.front.key_stage
        core = [
            library.activities[a.id].front.variants[stage]
            for a in plan.front.activities
            if a.role == "core"
        ]
        steps = " ".join(s for v in core for s in v.steps)
        if re.search(r"AI-made|made with AI", steps):
            teaching.add(plan.front.id)
        if "s-online-fake-images" in plan.front.curriculum:
            mapped.add(plan.front.id)
    assert teaching == mapped
    assert len(mapped) == 3  # KS3 Lesson 3, KS4 Lesson 3, KS5 Lesson 2


def test_ks2_lessons_spread_over_years_3_to_6_in_order() -> None:
    # A curriculum lead asked which year each KS2 lesson goes in: five of the six suit all of
    # Years 3-6, so a school spreading them over the key stage had to decide for itself.
    from .conftest import LESSONS

    plans = load_library(LESSONS).plans_for(KeyStage.KS2)
    years = [p.front.suggested_year for p in plans]
    assert None not in years
    assert years == sorted(years)  # each lesson comes after the ones it builds on
    assert set(years) == {3, 4, 5, 6}  # every year of the key stage has a lesson


def test_wherever_childlines_confidentiality_is_described_its_exceptions_are_given() -> None:
    # A police liaison officer found "Childline shares only if it believes a child is in serious
    # danger": Childline also passes a worry on when the person causing harm works with
    # children (a teacher, a coach), as in the KS5 case of a football coach.
    from .conftest import LESSONS

    sentence = re.compile(r"[^.]*\.")
    found = 0
    for path in sorted(LESSONS.rglob("*")):
        if path.suffix not in (".md", ".yaml"):
            continue
        text = " ".join(path.read_text(encoding="utf-8").split())
        for match in sentence.finditer(text):
            said = match.group(0)
            if "Childline" not in said or not re.search(r"\b(?:private|confidential)\b", said):
                continue
            found += 1
            after = text[match.start() : match.end() + 300]
            assert re.search(r"\bwork(?:s|ed) with\b", after), (path.name, said)
    assert found >= 3  # KS2's question, KS4's model answer, KS5's help chain


def test_a_home_message_keeps_to_the_words_its_stage_avoids_and_fits_its_slips(
    lessons_copy: Path, edit: Edit
) -> None:
    # A KS1 message for home is read to the child: "abuse" would be the first time a Year 1
    # child met the word, at home, from a slip the school sent.
    edit(
        PLAN,
        "  parents: Send the letter home first.\n",
        "  parents: Send the letter home first.\n"
        "  home_message: Today we learned that nobody should abuse you.\n",
    )
    assert _problems(lessons_copy) == [
        f"{PLAN}:41: ks1 home message uses 'abuse', which this stage's pupil-facing text avoids "
        "(keystages.yaml, avoid_terms): choose other words",
    ]
    edit(PLAN, "nobody should abuse you.", "we can tell a grown-up. " + "We tell. " * 30)
    (problem,) = _problems(lessons_copy)
    assert problem.startswith(f"{PLAN}:41: follow_up.home_message: ")
    assert "at most 250 characters" in problem
