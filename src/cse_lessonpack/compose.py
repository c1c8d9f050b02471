"""Pure choices: which lessons, activities, facts and helplines a pack holds, as a Document."""

from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import dataclass, replace
from typing import Any

from jinja2.sandbox import SandboxedEnvironment

from . import artwork, markdown, templating
from .content import Activity, Library, Plan, Prose
from .errors import Problem, ProfileError, TemplateError
from .model import (
    Asset,
    Block,
    Callout,
    Document,
    Emphasis,
    Heading,
    Image,
    Inline,
    KeyStage,
    ListBlock,
    Meta,
    Paragraph,
    Strong,
    Table,
    Text,
    Theme,
    plain_text,
)
from .profile import Tailoring, dialled, local_contacts_close, toml_key
from .schema import Fact, Helpline, Outcome, Source, StageInfo, Variant, only_for_optional
from .typography import typeset

PACK_TEMPLATE = "pack.md.j2"
LETTER_TEMPLATE = "letter.md.j2"


@dataclass(frozen=True, slots=True)
class ActivityView:
    id: str
    title: str
    purpose: str
    phase: str
    role: str
    minutes: int
    start: int  # minutes into the lesson
    end: int
    variant: Variant
    notes: Prose
    worksheet: Prose | None
    teaches: tuple[str, ...]  # curriculum outcomes only this optional activity teaches


@dataclass(frozen=True, slots=True)
class LessonView:
    number: int
    plan: Plan
    activities: tuple[ActivityView, ...]
    dropped: tuple[ActivityView, ...]  # optional activities left out to fit the lesson length
    minutes: int  # the length the lesson is fitted to
    vocabulary: tuple[tuple[str, str], ...]  # (term, definition for this stage)
    curriculum: tuple[Outcome, ...]  # what the lesson teaches at its fitted length
    signposting: tuple[Helpline, ...]
    # Outcomes the plan names that only activities left out to fit the length teach: the
    # curriculum map no longer claims them for this lesson, and the plan says what was lost.
    lost: tuple[Outcome, ...] = ()
    words_only: tuple[str, ...] = ()  # vocabulary terms never to be drawn (bodies, images)

    @property
    def front(self) -> Any:
        return self.plan.front

    @property
    def resources(self) -> list[str]:
        """The plan's resources, less those only an activity left out needs."""
        return [r for r in self.plan.front.resources if not self._for_dropped(r)]

    @property
    def prepare(self) -> list[str]:
        """The plan's jobs to start days ahead, less those only an activity left out needs."""
        return [p for p in self.plan.front.prepare if not self._for_dropped(p)]

    @property
    def board(self) -> list[tuple[ActivityView, list[str]]]:
        """What each taught activity's steps have the teacher write on the board, in the plan's
        order: an activity left out to fit the lesson takes its board text with it."""
        taught = {a.id: a for a in self.activities}
        gathered: dict[str, list[str]] = {}
        for item in self.front.board:
            if item.activity in taught:
                gathered.setdefault(item.activity, []).append(item.write)
        return [(taught[activity], words) for activity, words in gathered.items()]

    def _for_dropped(self, line: str) -> bool:
        # Content names what an optional activity alone needs the same way: 'For the optional
        # "Kind online": …' or 'If you teach the optional "…"' (see the README). A lesson
        # shortened without it should not send a teacher to copy cards the pack leaves out.
        return any(only_for_optional(line, a.title) for a in self.dropped)

    def lost_with(self, activity: ActivityView) -> list[Outcome]:
        """The outcomes this lesson no longer teaches that ``activity``, left out, taught."""
        return [o for o in self.lost if o.id in activity.teaches]

    @property
    def used_minutes(self) -> int:
        return sum(a.minutes for a in self.activities)

    @property
    def spare_minutes(self) -> int:
        return self.minutes - self.used_minutes


def _activity_views(library: Library, plan: Plan) -> list[ActivityView]:
    views = []
    clock = 0
    stage = plan.front.key_stage
    for use in plan.front.activities:
        activity: Activity = library.activities[use.id]
        variant = activity.front.variants[stage]
        notes = activity.notes
        own = activity.stage_notes.get(stage)
        if own is not None:
            notes = Prose(notes.path, notes.line, notes.blocks + own.blocks)
        views.append(
            ActivityView(
                id=use.id,
                title=activity.front.title,
                purpose=variant.purpose or activity.front.purpose,
                phase=use.phase,
                role=use.role,
                minutes=variant.minutes,
                start=clock,
                end=clock + variant.minutes,
                variant=variant,
                notes=notes,
                worksheet=activity.worksheets.get(stage),
                teaches=tuple(use.teaches),
            )
        )
        clock += variant.minutes
    return views


def fit(
    views: list[ActivityView], minutes: int, plan: Plan, source: str
) -> tuple[list[ActivityView], list[ActivityView]]:
    """Leave out the optional activities that make the lesson fit ``minutes`` and keep the most
    teaching time (among equals, the fewest, then the latest in the lesson); re-time the rest.

    Dropping the last optional activities first, a 60-minute lesson cut to 50 lost its 5-minute
    calm finish *and* a 10-minute activity, when leaving out the 10 minutes alone would do.
    """
    optional = [index for index, view in enumerate(views) if view.role == "optional"]
    everything = sum(view.minutes for view in views)
    best: tuple[tuple[int, int, int, tuple[int, ...]], tuple[int, ...]] | None = None
    for count in range(len(optional) + 1):
        for left_out in itertools.combinations(optional, count):
            spare = minutes - (everything - sum(views[i].minutes for i in left_out))
            if spare < 0:
                continue
            kept = [views[i] for i in optional if i not in left_out]
            lost = len(_lost([views[i] for i in left_out], kept))
            # Among equal teaching time, keep the statutory outcomes; then ties go to leaving
            # out later activities: compare the highest index first.
            rank = (spare, lost, count, tuple(-i for i in sorted(left_out, reverse=True)))
            if best is None or rank < best[0]:
                best = (rank, left_out)
    chosen = set(best[1]) if best else set(optional)
    kept = [view for index, view in enumerate(views) if index not in chosen]
    dropped = [view for index, view in enumerate(views) if index in chosen]
    total = sum(v.minutes for v in kept)
    if total > minutes:
        core = sum(v.minutes for v in views if v.role == "core")
        raise ProfileError.one(source, None, _too_short(minutes, [(core, plan)]))
    clock = 0
    timed = []
    for view in kept:
        timed.append(ActivityView(**{**_fields(view), "start": clock, "end": clock + view.minutes}))
        clock += view.minutes
    return timed, dropped


def _lost(dropped: list[ActivityView], kept: list[ActivityView]) -> list[str]:
    """The outcomes only left-out activities taught: named in a dropped activity's ``teaches``
    and in no ``teaches`` of an activity still in the lesson."""
    taught = {o for view in kept for o in view.teaches}
    lost: dict[str, None] = {}  # in the plan's order, once each
    for view in dropped:
        lost.update((o, None) for o in view.teaches if o not in taught)
    return list(lost)


def _fields(view: ActivityView) -> dict[str, Any]:
    return {name: getattr(view, name) for name in ActivityView.__slots__}


def chosen_plans(library: Library, stage: KeyStage, tailoring: Tailoring) -> list[Plan]:
    """The stage's plans in teaching order, without those the school left out: their places
    in this list are the lessons' numbers in the pack."""
    return [p for p in library.plans_for(stage) if p.front.id not in tailoring.exclude_lessons]


def lessons_for(library: Library, stage: KeyStage, tailoring: Tailoring) -> list[LessonView]:
    """The stage's lessons in teaching order, each fitted to the school's lesson length."""
    out = []
    for number, plan in enumerate(chosen_plans(library, stage, tailoring), start=1):
        views = _activity_views(library, plan)
        minutes = plan.front.duration
        dropped: list[ActivityView] = []
        lost: list[str] = []
        if tailoring.lesson_minutes is not None and tailoring.lesson_minutes < minutes:
            views, dropped = fit(views, tailoring.lesson_minutes, plan, tailoring.source)
            lost = _lost(dropped, views)
            minutes = tailoring.lesson_minutes
        elif tailoring.lesson_minutes is not None:
            minutes = tailoring.lesson_minutes
        out.append(
            LessonView(
                number=number,
                plan=plan,
                activities=tuple(views),
                dropped=tuple(dropped),
                minutes=minutes,
                vocabulary=tuple(
                    (library.glossary[t].term, library.glossary[t].definitions[stage])
                    for t in plan.front.vocabulary
                ),
                curriculum=tuple(
                    library.curriculum[c] for c in plan.front.curriculum if c not in lost
                ),
                signposting=tuple(library.helplines[h] for h in plan.front.signposting),
                lost=tuple(library.curriculum[c] for c in lost),
                words_only=tuple(
                    library.glossary[t].term
                    for t in plan.front.vocabulary
                    if library.glossary[t].words_only
                ),
            )
        )
    return out


def check_tailoring(library: Library, tailoring: Tailoring, excludable: bool = True) -> None:
    """Every problem a profile has only against the lessons: lesson ids it excludes that do not
    exist, a stage left with no lessons, a lesson length shorter than some lesson's core
    activities, and a local contact that takes a helpline's name with another number. All at
    once. ``excludable``: whether the profile can exclude lessons (a spreadsheet row cannot)."""
    known = {p.front.id for p in library.plans}
    problems: list[Problem] = []
    where = tailoring.source
    problems += _emptied_stages(library, tailoring)
    problems += _helpline_names(library, tailoring)
    problems += _dsl_number(library, tailoring)
    for index, lesson in enumerate(tailoring.exclude_lessons):
        if lesson not in known:
            close = difflib.get_close_matches(lesson, sorted(known), n=1, cutoff=0.8)
            hint = f"did you mean {close[0]!r}? " if close else ""
            problems.append(
                Problem(
                    where,
                    tailoring.lines.get(("pack", "exclude_lessons", index))
                    or tailoring.lines.get(("pack", "exclude_lessons")),
                    f"[pack] exclude_lessons: unknown lesson id {lesson!r} "
                    f"({hint}`cse-lessonpack list` shows the ids)",
                )
            )
    minutes = tailoring.lesson_minutes
    if minutes is not None:
        cores = [
            (core_minutes(library, plan), plan)
            for stage in tailoring.stages
            for plan in library.plans_for(stage)
            if plan.front.id not in tailoring.exclude_lessons
        ]
        too_long = [(core, plan) for core, plan in cores if core > minutes]
        # Excluding the long lessons helps only if every chosen stage keeps one that fits.
        keeps_one = all(
            any(core <= minutes and plan.front.key_stage == stage for core, plan in cores)
            for stage in tailoring.stages
        )
        if too_long:
            problems.append(
                Problem(
                    where,
                    tailoring.lines.get(("pack", "lesson_minutes")),
                    "[pack] "
                    + _too_short(
                        minutes, too_long, excludable and keeps_one, len(too_long) == len(cores)
                    ),
                )
            )
    if problems:
        raise ProfileError(problems)


def _emptied_stages(library: Library, tailoring: Tailoring) -> list[Problem]:
    """A chosen stage whose every lesson is excluded would build a pack of "0 lessons"."""
    problems = []
    for stage in tailoring.stages:
        plans = library.plans_for(stage)
        if plans and all(p.front.id in tailoring.exclude_lessons for p in plans):
            problems.append(
                Problem(
                    tailoring.source,
                    tailoring.lines.get(("pack", "exclude_lessons")),
                    f"[pack] exclude_lessons: leaves {stage.value} with no lessons (all "
                    f"{len(plans)} are excluded); keep at least one of its lessons or take "
                    f"{stage.value} out of [pack] stages",
                )
            )
    return problems


def _helpline_names(library: Library, tailoring: Tailoring) -> list[Problem]:
    """A local contact named like a helpline in helplines.yaml must have that helpline's number:
    a reader trusts the name, and the read-back check refuses the pack (see verify._pairs)."""
    problems = []
    for index, contact in enumerate(tailoring.local_contacts):
        for helpline in library.helplines.values():
            if not helpline.phone or not _names(contact.name, helpline.name):
                continue
            own = {_digits(helpline.phone), _digits(helpline.text or "")}
            if _digits(contact.phone) in own:
                continue
            key = ("local_contacts", index, "name")
            same = contact.name.casefold() == helpline.name.casefold()
            what = (
                "is a national helpline" if same else f"names {helpline.name}, a national helpline"
            )
            problems.append(
                Problem(
                    tailoring.source,
                    tailoring.lines.get(key) or tailoring.lines.get(key[:2]),
                    f"{toml_key(key)}: {contact.name!r} {what} whose number "
                    f"is {helpline.phone}, not {contact.phone}; use {helpline.phone}, or give "
                    "this contact a name of its own",
                )
            )
    return problems


def _dsl_number(library: Library, tailoring: Tailoring) -> list[Problem]:
    """The DSL's phone must not be a national helpline's: a pack saying "call Ms Patel on
    0800 1111" sends a worried child to Childline as if it were the school."""
    dsl = tailoring.dsl
    if dsl is None or not dsl.phone:
        return []
    number = _digits(dialled(dsl.phone))
    for helpline in library.helplines.values():
        if helpline.scope == "national" and helpline.phone and _digits(helpline.phone) == number:
            return [
                Problem(
                    tailoring.source,
                    tailoring.lines.get(("safeguarding", "dsl_phone")),
                    f"[safeguarding] dsl_phone: {dsl.phone} is {helpline.name}'s number, not "
                    "the DSL's; give the number that reaches the DSL at school (their "
                    "extension, or the school office), or leave it out",
                )
            ]
    return []


def _names(text: str, name: str) -> bool:
    """Whether ``text`` names ``name``: the whole name, in any case, not inside a longer word."""
    pattern = r"(?<!\w)" + re.escape(name.casefold()) + r"(?!\w)"
    return re.search(pattern, text.casefold()) is not None


def _digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def _too_short(
    minutes: int, too_long: list[tuple[int, Plan]], excludable: bool = True, every: bool = False
) -> str:
    """The message for a lesson length shorter than the core activities of these lessons: one
    message with one number to choose, however many lessons are too long. Without
    ``excludable`` (a spreadsheet row cannot exclude lessons; excluding them all would leave a
    stage empty) the message does not suggest it; ``every`` says no chosen lesson fits."""
    core, plan = max(too_long, key=lambda item: item[0])
    # Naming one lesson "the longest" among lessons that all need the same time misleads.
    longest = (
        f"each needs {core} minutes"
        if all(minutes_needed == core for minutes_needed, _ in too_long)
        else f"the longest, '{plan.front.id}' ({plan.front.title}), needs {core} minutes"
    )
    if len(too_long) == 1:
        which = f"lesson '{plan.front.id}' ({plan.front.title}), which take {core} minutes"
    elif every:
        which = f"every chosen lesson (all {len(too_long)}; {longest})"
    else:
        which = f"{len(too_long)} lessons ({longest})"
    message = (
        f"lesson_minutes = {minutes} is shorter than the core activities of {which}; choose at "
        f"least {core} minutes"
    )
    if excludable:
        message += f" or exclude {'the lesson' if len(too_long) == 1 else 'those lessons'}"
    # Many primary timetables have 40-minute periods: the message was a dead end for them. Enough
    # such periods hold the full lesson, which needs no activity left out.
    full = max(plan.front.duration for _, plan in too_long)
    periods = templating.counted(-(-full // minutes), "period")  # as many as hold it all
    return (
        f"{message} (with shorter periods, choose {full}, the full lesson, and teach it over "
        f"{periods} of {minutes} minutes)"
    )


def core_minutes(library: Library, plan: Plan) -> int:
    """The minutes a lesson needs when every optional activity is left out."""
    stage = plan.front.key_stage
    return sum(
        library.activities[use.id].front.variants[stage].minutes
        for use in plan.front.activities
        if use.role == "core"
    )


def helplines_for(library: Library, audience: str) -> list[Helpline]:
    return [
        h for h in library.helplines.values() if audience in h.audiences and h.scope == "national"
    ]


def facts_for(library: Library, audience: str) -> list[Fact]:
    return [f for f in library.facts.values() if audience in f.audiences]


def sources_of(library: Library, facts: list[Fact], stage: KeyStage | None = None) -> list[Source]:
    """The facts' sources, the curriculum's, and the references for this pack (a guide: those
    for every pack)."""
    references = [r for r in library.info.references if not r.stages or stage in r.stages]
    found: list[Source] = []
    for source in [*(f.source for f in facts), library.curriculum_source, *references]:
        if source not in found:
            found.append(source)
    return found


def glossary_for(
    library: Library, stage: KeyStage, lessons: list[LessonView]
) -> list[tuple[str, str]]:
    used = {t for lesson in lessons for t in lesson.plan.front.vocabulary}
    terms = [library.glossary[t] for t in used]
    return sorted(((t.term, t.definitions[stage]) for t in terms), key=lambda p: p[0].lower())


def stage_context(library: Library, stage: KeyStage) -> dict[str, Any]:
    info = library.stages[stage]
    first, last = info.years[0], info.years[-1]
    return {
        "id": stage.value,
        "label": info.label,
        "ages": f"{info.ages[0]}–{info.ages[1]}",
        "years": f"Years {first}–{last}" if first != last else f"Year {first}",
        "year_list": sorted(info.years),  # a lesson for only some of them says which
        "setting": info.setting,
        "phase": info.phase,
        "pupil_term": info.pupil_term,
        "worksheets": f"{worksheet_label(info)}s",  # the chapter of them: "Pupil worksheets"
        "help_prompt": info.help_prompt,
        "ground_rules": info.ground_rules,
    }


def footer_text(tailoring: Tailoring) -> str:
    """The running footer: the school's name beside the campaign's message, when tailored."""
    campaign = f"{tailoring.brand.strapline} {tailoring.brand.website_label}"
    return f"{tailoring.school_name} · {campaign}" if tailoring.school_name else campaign


def base_context(library: Library, tailoring: Tailoring) -> dict[str, Any]:
    """What every template sees: the campaign, the school, the library and the helplines."""
    return {
        "brand": tailoring.brand,
        "school": tailoring,
        "library": library.info,
        "checked": library.helplines_checked,
        "helplines": library.helplines,
        "local_helplines": [h for h in library.helplines.values() if h.scope == "local"],
        "guidance": library.guidance,
        "has_school_logo": tailoring.logo is not None,
        # Where none of a school's own contacts answers at night, the help pages say whom to
        # call then, as the download page does.
        "local_closes": local_contacts_close(tailoring.local_contacts),
    }


def _pack_context(library: Library, stage: KeyStage, tailoring: Tailoring) -> dict[str, Any]:
    """What a key stage's templates (its pack, and its letter home alone) are given."""
    lessons = lessons_for(library, stage, tailoring)
    phase = library.stages[stage].phase
    staff_facts = [f for f in facts_for(library, "staff") if f.phase in (None, phase)]
    # Only the KS5 pack may be a college's: its templates, and the staff guidance every pack
    # shares ("your school or college"), name the place so.
    setting = _EITHER_SETTING if stage is KeyStage.KS5 else "school"
    return {
        **base_context(library, tailoring),
        "place": setting,
        "guidance": {
            key: replace(
                item, body=replace(item.body, blocks=in_setting(item.body.blocks, setting))
            )
            for key, item in library.guidance.items()
        },
        "stage": stage_context(library, stage),
        "lessons": lessons,
        "facts": staff_facts,
        "pupil_helplines": helplines_for(library, stage.value),
        "staff_helplines": helplines_for(library, "staff"),
        "parent_helplines": helplines_for(library, "parents"),
        "letter_helplines": helplines_for(library, "letters"),
        "glossary": glossary_for(library, stage, lessons),
        "letter": library.letters.get(stage),
        "sources": sources_of(library, staff_facts, stage),
    }


def compose_pack(
    library: Library, stage: KeyStage, tailoring: Tailoring, env: SandboxedEnvironment
) -> Document:
    """The lesson pack for one key stage, for the campaign or for one school."""
    context = _pack_context(library, stage, tailoring)
    info = library.stages[stage]
    meta = document_meta(
        library,
        tailoring,
        f"{info.label} lesson pack",
        subtitle=f"Ages {context['stage']['ages']}, {context['stage']['years']}",
        subject="Teaching about child sexual exploitation: lesson plans, worksheets and guidance",
        keywords=("PSHE", "RSE", info.label),
    )
    if not info.campaign_on_worksheets:
        # "CSE" stands for words kept out of these pupils' pages, and worksheets go home.
        meta = replace(meta, sheet_header=info.label, sheet_footer=tailoring.school_name or "")
    meta = replace(meta, worksheet_label=worksheet_label(info))
    theme = replace(
        tailoring.theme,
        worksheet_size=worksheet_size(tailoring, info),
        sheet_plain_zeros=info.plain_zeros,
    )
    return document_from_template(env, PACK_TEMPLATE, context, meta, tailoring, theme)


def compose_letter(
    library: Library, stage: KeyStage, tailoring: Tailoring, env: SandboxedEnvironment
) -> Document:
    """A key stage's letter to parents and carers on its own, as in its pack: a file the school
    office can edit and print without finding two pages in a pack of a hundred."""
    context = _pack_context(library, stage, tailoring)
    info = library.stages[stage]
    meta = document_meta(
        library,
        tailoring,
        f"{info.label} letter to parents and carers",
        subtitle=f"About the {info.label} lessons",
        subject="A letter home about lessons on keeping safe, to edit, sign and send",
        keywords=("PSHE", "RSE", info.label, "parents and carers"),
        category="Letter",
    )
    return document_from_template(env, LETTER_TEMPLATE, context, meta, tailoring)


def worksheet_label(info: StageInfo) -> str:
    """The name over a worksheet page: "Student worksheet" where the learners are students."""
    return "Student worksheet" if info.pupil_term == "students" else "Pupil worksheet"


def worksheet_size(tailoring: Tailoring, info: StageInfo) -> float:
    """The type size of a stage's worksheets for this school, in points."""
    theme = tailoring.theme
    if info.worksheet_size is None:
        return theme.worksheet_size
    # The stage's own worksheet type (larger for new readers, smaller for secondary students),
    # still larger than the body text: by 4 pt in large print, as the brand's is.
    large = theme.body_size >= tailoring.brand.large_print_body_size
    return max(info.worksheet_size, theme.body_size + (4 if large else 2))


GUIDE_TEMPLATE = "guide.md.j2"


def document_meta(
    library: Library,
    tailoring: Tailoring,
    name: str,
    *,
    subtitle: str,
    subject: str,
    keywords: tuple[str, ...],
    category: str = "Lesson pack",
) -> Meta:
    """A document's properties and running header and footer, from the content and the school."""
    campaign = tailoring.brand.campaign
    school = f" for {tailoring.school_name}" if tailoring.school_name else ""
    return Meta(
        title=f"{campaign}: {name}{school}",
        subtitle=subtitle,
        author=tailoring.school_name or tailoring.brand.partners,
        subject=subject,
        keywords=("child sexual exploitation", "CSE", "safeguarding", *keywords, campaign),
        date=library.info.reviewed,
        header=f"{campaign} · {name}",
        footer=footer_text(tailoring),
        version=library.info.version,
        category=category,
    )


def _children_services_stage(stages: tuple[KeyStage, ...]) -> KeyStage:
    """The stage whose pupils' help page lists the services a guide says children can use: the
    build's oldest, up to Key Stage 3."""
    order = list(KeyStage)
    oldest = max(stages, key=order.index, default=KeyStage.KS3)
    return min(oldest, KeyStage.KS3, key=order.index)


# A guide's section for some key stages only: its heading ends "(Key Stage 1)" or "(Key Stages
# 3 and 4)".
_FOR_STAGES = re.compile(r"\(Key Stages? ([1-5])(?: and ([1-5]))?\)$")


def for_stages(blocks: tuple[Block, ...], stages: tuple[KeyStage, ...]) -> tuple[Block, ...]:
    """A guide's blocks without the sections written for key stages the build leaves out (a
    primary school's parents read about talking with a child of 5 to 11, not of 16): a section
    runs from its heading to the next heading of its level or above."""
    chosen = {stage.value for stage in stages}
    kept: list[Block] = []
    skipping: int | None = None  # the level of the heading being left out, with its section
    for block in blocks:
        if isinstance(block, Heading):
            if skipping is not None and block.level <= skipping:
                skipping = None
            found = _FOR_STAGES.search(plain_text(block.children))
            if skipping is None and found:
                named = {f"ks{n}" for n in found.groups() if n}
                if not named & chosen:
                    skipping = block.level
        if skipping is None:
            kept.append(block)
    return tuple(kept)


# A guide names the place "school or college"; a build without Key Stage 5 is for a school.
_EITHER_SETTING = "school or college"


def in_setting(blocks: tuple[Block, ...], setting: str) -> tuple[Block, ...]:
    """A guide's blocks with "school or college" read as ``setting`` (a primary school's
    parents are not told to ring their 6-year-old's college)."""
    if setting == _EITHER_SETTING:
        return blocks

    def inlines(children: tuple[Inline, ...]) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for inline in children:
            if isinstance(inline, Text):
                out.append(Text(inline.text.replace(_EITHER_SETTING, setting)))
            elif isinstance(inline, (Strong, Emphasis)):
                out.append(replace(inline, children=inlines(inline.children)))
            else:  # a link's words name its service; a line break has none
                out.append(inline)
        return tuple(out)

    def block(item: Block) -> Block:
        if isinstance(item, (Heading, Paragraph)):
            return replace(item, children=inlines(item.children))
        if isinstance(item, ListBlock):
            return replace(item, items=tuple(in_setting(entry, setting) for entry in item.items))
        if isinstance(item, Callout):
            return replace(item, blocks=in_setting(item.blocks, setting))
        if isinstance(item, Table):
            return replace(
                item,
                header=tuple(inlines(cell) for cell in item.header),
                rows=tuple(tuple(inlines(cell) for cell in row) for row in item.rows),
            )
        return item

    return tuple(block(item) for item in blocks)


def listed_title(library: Library, plan: Plan) -> str:
    """A lesson's title in a list of a stage's lessons, with its years when it is for only some
    of the stage's ("The trust trick: understanding grooming (Years 5 and 6)")."""
    front = plan.front
    if sorted(front.years) == sorted(library.stages[front.key_stage].years):
        return front.title
    # The years kept on one line: "(Years 5 and / 6)" split in a large-print list.
    years = templating.years(front.years).replace(" ", "\u00a0")
    return f"{front.title} ({years})"


def progression(library: Library, tailoring: Tailoring) -> dict[str, Any]:
    """The progression map: for each of the build's stages, its lessons numbered as in its
    pack, and for each strand the numbers of the lessons that teach it, stage by stage ("none",
    which reads aloud as it looks; an empty cell would print as a box to write in). A strand
    no chosen lesson teaches is left out."""
    stages = [stage for stage in KeyStage if stage in tailoring.stages]
    numbered = {
        stage: list(enumerate(chosen_plans(library, stage, tailoring), start=1)) for stage in stages
    }
    rows = []
    for strand in library.strands.values():
        teaching = {
            stage: [n for n, plan in numbered[stage] if strand.id in plan.front.strands]
            for stage in stages
        }
        cells = [", ".join(str(n) for n in teaching[stage]) for stage in stages]
        adds = []
        for stage in stages:
            every = [p for p in library.plans_for(stage) if strand.id in p.front.strands]
            phrase = strand.adds.get(stage)
            # A phrase tells what all the stage's lessons on the thread teach: a pack that
            # leaves one of them out gives only the numbers.
            if phrase and teaching[stage] and len(teaching[stage]) == len(every):
                numbers = [str(n) for n in teaching[stage]]
                listed = (
                    f"Lesson {numbers[0]}"
                    if len(numbers) == 1
                    else f"Lessons {', '.join(numbers[:-1])} and {numbers[-1]}"
                )
                adds.append(
                    {"stage": library.stages[stage].label, "lessons": listed, "phrase": phrase}
                )
        if any(cells):
            rows.append({"name": strand.name, "cells": [c or "none" for c in cells], "adds": adds})
    return {
        "stages": [
            {
                **stage_context(library, stage),
                # A number is never left at a line's end apart from its lesson's title.
                "lessons": [(f"{n}\u00a0", listed_title(library, p)) for n, p in numbered[stage]],
            }
            for stage in stages
        ],
        "rows": rows,
    }


def compose_guide(
    library: Library, guide_id: str, tailoring: Tailoring, env: SandboxedEnvironment
) -> Document:
    """A guide for adults: the parents and carers guide or the staff briefing."""
    guide = library.guides[guide_id]
    # One text for every school: a build whose stages include Key Stage 5 may be for a
    # college, so its guides say "school or college" where they name the place.
    setting = _EITHER_SETTING if KeyStage.KS5 in tailoring.stages else "school"
    blocks = in_setting(for_stages(guide.body.blocks, tailoring.stages), setting)
    guide = replace(guide, body=replace(guide.body, blocks=blocks))
    audience = guide.front.audience
    facts = facts_for(library, audience)
    context = {
        **base_context(library, tailoring),
        "guide": guide,
        "audience": audience,
        "setting": setting,
        "facts": facts,
        "adult_helplines": helplines_for(library, audience),
        # The services a child can use, as the oldest pupils' help pages list them, up to
        # Key Stage 3's (the later stages' add services for those of 16 or 18 and over): a
        # primary school's parents were told to make sure a 6-year-old knows Report Remove.
        "child_helplines": helplines_for(library, _children_services_stage(tailoring.stages).value),
        "sources": sources_of(library, facts),
        "stages": [stage_context(library, stage) for stage in KeyStage],
        "progression": progression(library, tailoring),
        # A lesson for only some of a stage's years (grooming, Years 5 and 6) says so to parents;
        # a lesson the school left out of its packs is not listed.
        "stage_lessons": {
            stage.value: [listed_title(library, p) for p in chosen_plans(library, stage, tailoring)]
            for stage in KeyStage
        },
    }
    meta = document_meta(
        library,
        tailoring,
        guide.front.title,
        subtitle=guide.front.subtitle,
        subject=guide.front.subtitle,
        keywords=(audience,),
        category="Guide",
    )
    return document_from_template(env, GUIDE_TEMPLATE, context, meta, tailoring)


def document_from_template(
    env: SandboxedEnvironment,
    template: str,
    context: dict[str, Any],
    meta: Meta,
    tailoring: Tailoring,
    theme: Theme | None = None,
) -> Document:
    rendered = templating.render(env, template, context)
    read_context = markdown.ReadContext(fragments=rendered.fragments.table)
    try:
        blocks = markdown.read_document(rendered.text, context=read_context)
    except markdown.MarkdownError as exc:
        lines = rendered.text.split("\n")
        shown = "; ".join(
            f"line {p.line}: {p.message} (near {lines[p.line - 1][:60]!r})"
            for p in exc.problems[:5]
        )
        raise TemplateError(f"{template} produced unsupported Markdown: {shown}") from None
    document = Document(meta, theme or tailoring.theme, blocks, assets_for(blocks, tailoring))
    return typeset(document)


def assets_for(blocks: tuple[Block, ...], tailoring: Tailoring) -> tuple[Asset, ...]:
    """Every picture the blocks refer to, resolved to art or image bytes."""
    refs: list[str] = [tailoring.theme.logo_ref, "asset:campaign-logo-reverse"]
    if tailoring.logo is not None:
        refs.append("asset:school-logo")

    def visit(block: Block) -> None:
        if isinstance(block, Image) and block.ref not in refs:
            refs.append(block.ref)

    markdown.walk(blocks, visit)
    assets = []
    for ref in refs:
        if ref == "asset:campaign-logo":
            assets.append(Asset(ref, "drawing", name="logo", aspect=artwork.aspect("logo")))
        elif ref == "asset:campaign-logo-reverse":
            assets.append(Asset(ref, "drawing", name="logo-reverse", aspect=artwork.aspect("logo")))
        elif ref == "asset:school-logo" and tailoring.logo is not None:
            assets.append(
                Asset(ref, "raster", data=tailoring.logo.png, aspect=tailoring.logo.aspect)
            )
        elif ref.startswith("picture:") and ref.removeprefix("picture:") in artwork.names():
            name = ref.removeprefix("picture:")
            assets.append(Asset(ref, "drawing", name=name, aspect=artwork.aspect(name)))
        else:
            raise TemplateError(f"unknown picture {ref!r}")
    return tuple(assets)
