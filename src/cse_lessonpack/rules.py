"""Rules that span files: references resolve, timings add up, pupils meet only suitable words."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from . import artwork, markdown, wording
from .errors import ProblemCollector
from .model import Block, Heading, Image, KeyStage, plain_text
from .schema import BannedPhrase, Variant, only_for_optional

if TYPE_CHECKING:
    from .content import Guide, Library, Plan
    from .sourcefile import LoadedYaml

REQUIRED_GUIDANCE = (
    "before-you-teach",
    "responding-to-disclosure",
    "understanding-cse",
    "further-resources",
)
REQUIRED_HELPLINES = ("emergency", "childline")
PHASE_ORDER = {"starter": 0, "main": 1, "plenary": 2}


def check_library(library: Library, problems: ProblemCollector) -> None:
    """Add a problem for every broken cross-file rule."""
    for plan in library.plans:
        _check_plan(library, plan, problems)
    _check_orders(library, problems)
    for stage in KeyStage:
        if library.plans_for(stage) and stage not in library.letters:
            problems.add(
                library.root / "letters",
                None,
                f"{stage.value} has lessons but no letter to parents "
                f"(expected letters/{stage.value}.md)",
            )
    for key in REQUIRED_GUIDANCE:
        if key not in library.guidance:
            problems.add(
                library.root / "guidance",
                None,
                f"missing guidance '{key}' (expected guidance/{key}.md)",
            )
    for key in REQUIRED_HELPLINES:
        if key not in library.helplines:
            problems.add(library.root / "helplines.yaml", None, f"missing the '{key}' helpline")
    _check_strand_phrases(library, problems)
    _check_pictures(library, problems)
    _check_shared_notes(library, problems)
    _check_plain_fields(library, problems)
    _check_wording(library, problems)
    wording.save_grades()


# Markdown that a plain-text field would print as typed: a link (also <https://…>), or bold or
# italic with * or _.
_MARKUP = re.compile(
    r"\]\(|<(?:https?://|mailto:|www\.)"
    r"|(?<![\w*])\*{1,2}(?=[^\s*])[^*\n]*[^\s*]\*{1,2}(?![\w*])"
    r"|(?<![\w_])_{1,2}(?=[^\s_])[^_\n]*[^\s_]_{1,2}(?![\w_])"
)
# The front matter's fields that are Markdown: a worksheet's body and a variant's notes.
_MARKDOWN_FIELDS = frozenset({"body", "notes"})


def _check_plain_fields(library: Library, problems: ProblemCollector) -> None:
    """A plan's or activity's front-matter fields are plain text, printed as typed: a Markdown
    link there printed "([stopncii.org](https://stopncii.org))" in the KS5 pack."""

    def walk(
        value: object, loc: tuple[str | int, ...]
    ) -> Iterable[tuple[tuple[str | int, ...], str]]:
        if isinstance(value, str):
            yield loc, value
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in _MARKDOWN_FIELDS:
                    yield from walk(item, (*loc, key))
        elif isinstance(value, list | tuple):
            for index, item in enumerate(value):
                yield from walk(item, (*loc, index))

    sources: list[tuple[dict[str, object], LoadedYaml]] = [
        (plan.front.model_dump(mode="json", by_alias=True), plan.source) for plan in library.plans
    ]
    sources += [
        (activity.front.model_dump(mode="json", by_alias=True), activity.source)
        for activity in library.activities.values()
    ]
    for front, source in sources:
        for loc, text in walk(front, ()):
            if _MARKUP.search(text):
                # As the other messages name a field: variants.ks5.steps[1]
                field = "".join(
                    f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc
                ).lstrip(".")
                problems.add(
                    source.source.path,
                    source.line_of(loc),
                    f"{field} is plain text and prints its Markdown as typed: write a web "
                    "address on its own (stopncii.org), with no * or _ for bold or italics",
                )


_STAGE_NAME = re.compile(r"\b(?:Key Stage [1-5]|KS[1-5])\b")


def _check_shared_notes(library: Library, problems: ProblemCollector) -> None:
    """Notes every stage's pack prints must not speak of one stage: those go in its variant."""
    for activity in library.activities.values():
        stages = list(activity.front.variants)
        if len(stages) < 2:
            continue
        for text in markdown.all_text(activity.notes.blocks):
            found = _STAGE_NAME.search(text)
            if found:
                names = ", ".join(s.value for s in stages)
                problems.add(
                    activity.notes.path,
                    _line_containing(activity.notes.path, found.group()),
                    f"activity '{activity.front.id}': its shared notes, printed in the "
                    f"{names} packs, name '{found.group()}'; put notes for one stage under "
                    "that variant's notes",
                )
                break


def _check_pictures(library: Library, problems: ProblemCollector) -> None:
    known = artwork.names()
    proses = [p.notes for p in library.plans]
    for activity in library.activities.values():
        proses.append(activity.notes)
        proses.extend(activity.worksheets.values())
    proses.extend(d.body for d in library.letters.values())
    proses.extend(d.body for d in library.guidance.values())
    for prose in proses:
        for ref in _picture_refs(prose.blocks):
            name = ref.removeprefix("picture:")
            if not ref.startswith("picture:") or name not in known:
                problems.add(
                    prose.path,
                    None,
                    f"unknown picture {ref!r} (pictures: {', '.join(known)})",
                )


def _check_plan(library: Library, plan: Plan, problems: ProblemCollector) -> None:
    front, source = plan.front, plan.source
    path = source.source.path
    stage = library.stages[front.key_stage]

    def at(*loc: str | int) -> int:
        return source.line_of(loc)

    outside = [y for y in front.years if y not in stage.years]
    if outside:
        problems.add(
            path,
            at("years"),
            f"years: {front.key_stage.value} covers years {_list(stage.years)}, "
            f"not {_list(outside)}",
        )
    if front.suggested_year is not None and front.suggested_year not in front.years:
        problems.add(
            path,
            at("suggested_year"),
            f"suggested_year: {front.suggested_year} is not one of this lesson's years "
            f"({_list(front.years)})",
        )
    total = 0
    timings: list[str] = []  # "id 10" for each activity, to show where the minutes come from
    resolved = True
    seen: set[str] = set()
    last_phase = 0
    for index, use in enumerate(front.activities):
        line = at("activities", index)
        if use.id in seen:
            problems.add(path, line, f"activity '{use.id}' is used twice in this lesson")
        seen.add(use.id)
        if PHASE_ORDER[use.phase] < last_phase:
            problems.add(
                path,
                line,
                f"activity '{use.id}': a {use.phase} activity cannot come after a later phase",
            )
        last_phase = max(last_phase, PHASE_ORDER[use.phase])
        activity = library.activities.get(use.id)
        if activity is None:
            problems.add(
                path,
                line,
                f"unknown activity '{use.id}' (no activities/*.md read without errors has this "
                f"id{_did_you_mean(use.id, library.activities)})",
            )
            resolved = False
            continue
        variant = activity.front.variants.get(front.key_stage)
        if variant is None:
            has = ", ".join(s.value for s in activity.front.variants)
            problems.add(
                path,
                line,
                f"activity '{use.id}' has no {front.key_stage.value} variant (it has {has})",
            )
            resolved = False
            continue
        total += variant.minutes
        timings.append(f"{use.id} {variant.minutes}")
    if resolved and total != front.duration:
        problems.add(
            path,
            at("duration"),
            f"activities add up to {total} minutes but duration is {front.duration} "
            f"({', '.join(timings)}): change the duration, or an activity's minutes in its "
            f"file, under variants: {front.key_stage.value}: minutes",
        )
    if resolved:
        core = sum(
            library.activities[u.id].front.variants[front.key_stage].minutes
            for u in front.activities
            if u.role == "core"
        )
        shortest = library.info.shortest_lesson
        if core > shortest:
            problems.add(
                path,
                at("activities"),
                f"activities: the core activities take {core} minutes, more than the shortest "
                f"lesson ({shortest} minutes, library.yaml); mark some as optional",
            )
    _check_optional_needs(library, plan, problems)
    _check_board(library, plan, problems)
    phases = {use.phase for use in front.activities}
    for phase in ("main", "plenary"):
        if phase not in phases:
            problems.add(path, at("activities"), f"activities: the lesson needs a {phase} activity")
    for index, term_id in enumerate(front.vocabulary):
        term = library.glossary.get(term_id)
        if term is None:
            problems.add(path, at("vocabulary", index), f"unknown glossary term '{term_id}'")
        elif front.key_stage not in term.definitions:
            problems.add(
                path,
                at("vocabulary", index),
                f"glossary term '{term_id}' has no {front.key_stage.value} definition",
            )
    _check_teaches(plan, problems)
    for index, outcome_id in enumerate(front.curriculum):
        outcome = library.curriculum.get(outcome_id)
        if outcome is None:
            problems.add(
                path, at("curriculum", index), f"unknown curriculum outcome '{outcome_id}'"
            )
        elif outcome.phase != stage.phase:
            problems.add(
                path,
                at("curriculum", index),
                f"curriculum outcome '{outcome_id}' is {outcome.phase}, "
                f"but {front.key_stage.value} is {stage.phase}",
            )
    strands = f"curriculum.yaml's strands are {', '.join(library.strands)}"
    for field, ids, known, what, there in (
        ("strands", front.strands, library.strands, "strand", strands),
        (
            "signposting",
            front.signposting,
            library.helplines,
            "helpline",
            "helplines.yaml has no such id",
        ),
    ):
        for index, item in enumerate(ids):
            if item not in known:
                problems.add(
                    path,
                    at(field, index),
                    f"unknown {what} '{item}' ({there}{_did_you_mean(item, known)})",
                )
    if "childline" not in front.signposting:
        problems.add(
            path, at("signposting"), "signposting: every lesson signposts Childline ('childline')"
        )


def _board_source(variant: Variant) -> str:
    """What an activity's steps for one stage may tell every teacher to write on the board (its
    steps, and the prompts a step may say to write up). Support and SEND lines are for some
    pupils, and their board words are read where the teacher meets them."""
    return " ".join([*variant.steps, *variant.pupil_prompts])


def _check_board(library: Library, plan: Plan, problems: ProblemCollector) -> None:
    """Board text names one of the plan's activities, is copied word for word from that
    activity's steps (so a step reworded later cannot leave the first page saying otherwise),
    and, being read by the class, keeps to the stage's words."""
    front, source = plan.front, plan.source
    path = source.source.path
    uses = [use.id for use in front.activities]
    info = library.stages[front.key_stage]
    for index, item in enumerate(front.board):
        line = source.line_of(("board", index))
        if item.activity not in uses:
            problems.add(
                path,
                line,
                f"board: activity '{item.activity}' is not one of this lesson's activities "
                f"({', '.join(uses)}){_did_you_mean(item.activity, uses)}",
            )
            continue
        activity = library.activities.get(item.activity)
        variant = activity.front.variants.get(front.key_stage) if activity else None
        if variant is None:
            continue  # reported with the lesson's activities
        if item.write not in _board_source(variant):
            problems.add(
                path,
                line,
                f'board: "{item.write}" is not in the {front.key_stage.value} steps or prompts '
                f"of activity '{item.activity}': copy the words to write exactly as the step "
                f"that asks for them gives them",
            )
        found = wording.gate(item.write, info, front.years)
        if found:
            problems.add(
                path,
                line,
                f"board: uses {_quote(found)}, which {front.key_stage.value} pupil-facing text "
                f"avoids",
            )


def _check_teaches(plan: Plan, problems: ProblemCollector) -> None:
    """An activity's ``teaches`` names outcomes of the lesson's own curriculum, and only an
    optional activity has one: a core activity is always taught, so it loses nothing."""
    front, source = plan.front, plan.source
    for index, use in enumerate(front.activities):
        if not use.teaches:
            continue
        line = source.line_of(("activities", index))
        if use.role == "core":
            problems.add(
                source.source.path,
                line,
                f"activity '{use.id}': teaches: only an optional activity names the outcomes "
                "it alone teaches (a core activity is always taught); remove teaches: or make "
                "the activity optional",
            )
        for outcome_id in use.teaches:
            if outcome_id not in front.curriculum:
                problems.add(
                    source.source.path,
                    line,
                    f"activity '{use.id}': teaches: '{outcome_id}' is not in this lesson's "
                    f"curriculum ({', '.join(front.curriculum)})",
                )
    optional_only = {o for use in front.activities if use.role == "optional" for o in use.teaches}
    if front.curriculum and optional_only >= set(front.curriculum):
        problems.add(
            source.source.path,
            source.line_of(("curriculum",)),
            "curriculum: every outcome is named by an optional activity's teaches:, so a "
            "shortened lesson would teach none of them; a core activity must teach at least one",
        )


def _check_optional_needs(library: Library, plan: Plan, problems: ProblemCollector) -> None:
    """A resource or job for an optional activity is written in the form a shortened lesson
    leaves out with it ('For the optional "…": …'): "A line on the board for the relationship
    line (optional activity)" stayed in a plan that had left that activity out."""
    front, source = plan.front, plan.source
    titles = [
        library.activities[use.id].front.title
        for use in front.activities
        if use.role == "optional" and use.id in library.activities
    ]
    for key, items in (("resources", front.resources), ("prepare", front.prepare)):
        for index, item in enumerate(items):
            lowered = item.lower()
            if "optional" not in lowered:
                continue
            for title in titles:
                # 'the optional "…"' inside a line is what a core activity needs as well ("a
                # puppet for Kit, in 'Kit goes swimming' and in the optional 'My strong
                # voice'"): it stays whatever is left out.
                shared = f'the optional "{title}"' in item
                if title.lower() in lowered and not only_for_optional(item, title) and not shared:
                    problems.add(
                        source.source.path,
                        source.line_of((key, index)),
                        f'{key}: this names the optional activity "{title}"; start it with '
                        f'For the optional "{title}": so that a lesson shortened without it '
                        f"leaves this out too (if a core activity needs it as well, write the "
                        f'optional "{title}" among its uses)',
                    )


def _picture_refs(blocks: tuple[Block, ...]) -> list[str]:
    found: list[str] = []
    markdown.walk(blocks, lambda b: found.append(b.ref) if isinstance(b, Image) else None)
    return found


def _check_strand_phrases(library: Library, problems: ProblemCollector) -> None:
    """A strand's ``adds`` has a phrase for each stage that teaches it, and no other: a phrase
    for a stage with no such lesson would describe teaching the packs do not hold."""
    path = library.root / "curriculum.yaml"
    for strand in library.strands.values():
        if not strand.adds:
            continue
        taught = [
            stage
            for stage in KeyStage
            if any(strand.id in plan.front.strands for plan in library.plans_for(stage))
        ]
        line = _line_containing(path, f"id: {strand.id}")
        missing = [stage.value for stage in taught if stage not in strand.adds]
        extra = [stage.value for stage in strand.adds if stage not in taught]
        if missing:
            problems.add(
                path,
                line,
                f"strand '{strand.id}': adds has no phrase for {', '.join(missing)}, "
                "where a lesson teaches it (a plan's strands)",
            )
        if extra:
            problems.add(
                path,
                line,
                f"strand '{strand.id}': adds has a phrase for {', '.join(extra)}, "
                "where no lesson teaches it (a plan's strands)",
            )


def _check_orders(library: Library, problems: ProblemCollector) -> None:
    for stage in KeyStage:
        seen: dict[int, str] = {}
        for plan in library.plans_for(stage):
            order = plan.front.order
            if order in seen:
                problems.add(
                    plan.source.source.path,
                    plan.source.line_of(("order",)),
                    f"order {order} is also used by '{seen[order]}' in {stage.value}",
                )
            seen[order] = plan.front.id


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    """ "; did you mean 'x'?" for the known id closest to a mistyped one, else nothing."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _list(values: Iterable[int]) -> str:
    return ", ".join(str(v) for v in values)


# --- words -------------------------------------------------------------------------------------


def _check_wording(library: Library, problems: ProblemCollector) -> None:
    phrases = library.language.victim_blaming
    stage_uses: dict[KeyStage, list[tuple[Plan, str]]] = {}
    for plan in library.plans:
        for use in plan.front.activities:
            stage_uses.setdefault(plan.front.key_stage, []).append((plan, use.id))

    # Pupil-facing text: activity prompts and worksheets, and the glossary, per stage using them.
    for activity in library.activities.values():
        for stage, variant in activity.front.variants.items():
            users = [p for p, a in stage_uses.get(stage, []) if a == activity.front.id]
            years = sorted({y for p in users for y in p.front.years}) or library.stages[stage].years
            info = library.stages[stage]
            limit = library.stages[stage].reading_grade_max
            source = activity.source
            path = source.source.path
            if variant.pupil_prompts:
                line = source.line_of(("variants", stage.value, "pupil_prompts"))
                text = wording.as_sentences(variant.pupil_prompts)
                _gate(
                    problems,
                    path,
                    line,
                    f"{stage.value} pupil prompts",
                    wording.gate(text, info, years),
                )
                _readable(problems, path, line, f"{stage.value} pupil prompts", text, stage, limit)
            sheet = activity.worksheets.get(stage)
            if sheet is not None and variant.worksheet is not None:
                title = variant.worksheet.title
                parts = [title, *markdown.all_text(sheet.blocks)]
                text = wording.as_sentences(parts)
                label = f"{stage.value} worksheet '{title}'"
                _gate(problems, sheet.path, sheet.line - 1, label, wording.gate(text, info, years))
                _readable(problems, sheet.path, sheet.line - 1, label, text, stage, limit)

    for term in library.glossary.values():
        for stage, definition in term.definitions.items():
            info = library.stages[stage]
            # A definition is shown to the whole stage, so only its oldest year group's gates open.
            found = wording.gate(definition, info, [max(info.years)])
            origin_path, origin_line = library.glossary_origins[(term.id, stage)]
            if found:
                problems.add(
                    origin_path,
                    origin_line,
                    f"term '{term.id}': the {stage.value} definition uses {_quote(found)}, "
                    f"which {stage.value} pupil-facing text avoids",
                )

    # A lesson's message for home goes home with the child and is read to them, so it keeps to
    # the words the lesson itself may use with those year groups.
    for plan in library.plans:
        message = plan.front.follow_up.home_message
        if message is None:
            continue
        stage = plan.front.key_stage
        _gate(
            problems,
            plan.source.source.path,
            plan.source.line_of(("follow_up", "home_message")),
            f"{stage.value} home message",
            wording.gate(message, library.stages[stage], list(plan.front.years)),
        )

    # A helpline's "who it is for" is printed on the pupils' help page, read by the whole stage.
    helplines_path = library.root / "helplines.yaml"
    for helpline in library.helplines.values():
        for stage, info in library.stages.items():
            if stage.value not in helpline.audiences:
                continue
            found = wording.gate(helpline.for_stage(stage.value), info, [min(info.years)])
            if found:
                problems.add(
                    helplines_path,
                    _line_containing(helplines_path, f"id: {helpline.id}"),
                    f"helpline '{helpline.id}': what it is for, as shown to {stage.value} pupils, "
                    f"uses {_quote(found)}, which {stage.value} pupil-facing text avoids "
                    f"(give {stage.value} its own wording under for_pupils)",
                )

    # A single sentence is too short for a reading grade to mean much, so each stage's glossary is
    # measured as one passage, and the hardest definitions are named if it reads too hard.
    for stage, info in library.stages.items():
        entries = [
            (term, term.definitions[stage])
            for term in library.glossary.values()
            if stage in term.definitions
        ]
        if not entries:
            continue
        text = wording.as_sentences(d for _, d in entries)
        grade = wording.reading_grade(text)
        if grade > info.reading_grade_max:
            hardest = sorted(entries, key=lambda e: -wording.sentence_difficulty(e[1]))[:3]
            path, line = library.glossary_origins[(hardest[0][0].id, stage)]
            names = ", ".join(f"'{t.id}'" for t, _ in hardest)
            problems.add(
                path,
                line,
                f"the {stage.value} glossary definitions read at Flesch–Kincaid grade {grade:.1f}; "
                f"the {stage.value} limit is {info.reading_grade_max:g} (hardest: {names})",
            )

    # Victim-blaming language is checked everywhere, teacher notes included.
    for plan in library.plans:
        texts = [*_strings(plan.front.model_dump()), *markdown.all_text(plan.notes.blocks)]
        _blaming(problems, plan.source.source.path, texts, phrases)
    for activity in library.activities.values():
        texts = [*_strings(activity.front.model_dump()), *markdown.all_text(activity.notes.blocks)]
        for sheet in activity.worksheets.values():
            texts.extend(markdown.all_text(sheet.blocks))
        _blaming(problems, activity.source.source.path, texts, phrases)
    bodies = [d.body for d in library.letters.values()]
    bodies += [d.body for d in library.guidance.values()]
    bodies += [g.body for g in library.guides.values()]
    for body in bodies:
        _blaming(problems, body.path, markdown.all_text(body.blocks), phrases)
    for guide in library.guides.values():
        _check_guide_reading(guide, problems)


def _check_guide_reading(guide: Guide, problems: ProblemCollector) -> None:
    """A guide with a reading limit is measured section by section, so a problem is findable."""
    limit = guide.front.reading_grade_max
    if limit is None:
        return
    sections: list[tuple[str, list[str]]] = [(guide.front.title, [])]
    for block in guide.body.blocks:
        if isinstance(block, Heading) and block.level <= 2:
            sections.append((plain_text(block.children), []))
        else:
            sections[-1][1].extend(markdown.all_text((block,)))
    for title, texts in sections:
        grade = wording.reading_grade(wording.as_sentences(texts))
        if grade > limit:
            problems.add(
                guide.body.path,
                _line_containing(guide.body.path, title),
                f"section '{title}' of the {guide.front.audience} guide reads at Flesch–Kincaid "
                f"grade {grade:.1f}; the limit is {limit:g} (use shorter sentences and words)",
            )


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def _quote(items: Iterable[str]) -> str:
    return ", ".join(f"'{i}'" for i in items)


def _gate(
    problems: ProblemCollector, path: Path, line: int | None, label: str, found: list[str]
) -> None:
    if found:
        problems.add(
            path,
            line,
            f"{label} uses {_quote(found)}, which this stage's pupil-facing text avoids "
            "(keystages.yaml, avoid_terms): choose other words",
        )


def _readable(
    problems: ProblemCollector,
    path: Path,
    line: int | None,
    label: str,
    text: str,
    stage: KeyStage,
    limit: float,
) -> None:
    grade = wording.reading_grade(text)
    if grade > limit:
        problems.add(
            path,
            line,
            f"{label} reads at Flesch–Kincaid grade {grade:.1f}; the {stage.value} limit is "
            f"{limit:g} (use shorter sentences and shorter words)",
        )


def _blaming(
    problems: ProblemCollector, path: Path, texts: list[str], phrases: list[BannedPhrase]
) -> None:
    for hit in wording.find_victim_blaming(wording.as_sentences(texts), phrases):
        problems.add(
            path,
            _line_containing(path, hit.phrase),
            f"victim-blaming phrase '{hit.phrase}' (say instead: {hit.instead})",
        )


def _line_containing(path: Path, phrase: str) -> int | None:
    """The first line of the file where the phrase appears outside quotation marks."""
    pattern = wording.term_pattern(phrase)
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if pattern.search(wording.without_quotations(line)):
            return number
    return None
