"""The shape of every file in ``lessons/``, as pydantic models checked at the edge."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from .model import KeyStage

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""The control characters every text field refuses (tab and line breaks are allowed)."""
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _no_control(value: str) -> str:
    found = CONTROL_CHARACTERS.search(value)
    if found:
        raise ValueError(f"contains a control character (U+{ord(found.group()):04X}); remove it")
    return value


def one_line(value: str) -> str:
    value = _no_control(value.strip())
    if "\n" in value:
        raise ValueError("expected a single line of text (no line breaks)")
    if not value:
        raise ValueError("expected some text, got an empty value")
    return value


def _identifier(value: str) -> str:
    if not _ID.match(value):
        raise ValueError(
            f"expected an id of lower-case letters, digits and single hyphens, got {value!r}"
        )
    return value


Line = Annotated[str, Field(max_length=2000), AfterValidator(one_line)]
"""One line of plain text: shown exactly as written, never read as markup."""

Prose = Annotated[str, Field(max_length=100_000), AfterValidator(_no_control)]
"""Several paragraphs of the restricted Markdown described in the README."""

Identifier = Annotated[str, Field(max_length=80), AfterValidator(_identifier)]

Audience = Literal["ks1", "ks2", "ks3", "ks4", "ks5", "parents", "staff", "letters"]
"""Key stages (pupil help pages), parents, staff, and letters (the short list in letters home)."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    organisation: Line
    title: Line
    year: Line  # a year, a range such as 2016/17, or "undated" when the source gives none
    url: Line | None = None


class Reference(Source):
    """Guidance the content draws on; ``stages`` limits it to the packs whose lessons use it."""

    stages: list[KeyStage] = []  # none: every pack and guide


# --- library.yaml ------------------------------------------------------------------------------


class LibraryInfo(Strict):
    title: Line
    version: Line
    reviewed: dt.date
    next_review: dt.date
    authors: Line
    shortest_lesson: int = Field(ge=20, le=120)  # every lesson's core activities must fit this
    references: list[Reference] = []  # guidance the content draws on, listed in packs' sources

    @model_validator(mode="after")
    def _review_order(self) -> LibraryInfo:
        if self.next_review <= self.reviewed:
            raise ValueError("next_review must be after reviewed")
        return self


# --- keystages.yaml ----------------------------------------------------------------------------


class GatedTerm(Strict):
    term: Line
    from_year: int = Field(ge=1, le=13)
    reason: Line


class StageInfo(Strict):
    label: Line
    ages: tuple[int, int]
    years: list[int] = Field(min_length=1)
    setting: Line
    phase: Literal["primary", "secondary"]
    reading_grade_max: float = Field(gt=0, le=16)
    pupil_term: Line  # what the pack calls its learners: "children", "pupils", "students"
    help_prompt: Line  # the words on every pupil page that point to help, before the numbers
    # Whether pupils' worksheets (which go home) carry the campaign's name and web address.
    campaign_on_worksheets: bool = True
    # Whether a 0 on the pupils' pages is drawn plain, not slashed (see keystages.yaml).
    plain_zeros: bool = False
    # The stage's worksheet type size in points, when it differs from the brand's.
    worksheet_size: float | None = Field(default=None, ge=12, le=24)
    avoid_terms: list[Line]
    year_gated_terms: list[GatedTerm] = []
    ground_rules: list[Line] = Field(min_length=3)

    @field_validator("ages")
    @classmethod
    def _ages_in_order(cls, value: tuple[int, int]) -> tuple[int, int]:
        if not 3 <= value[0] < value[1] <= 19:
            raise ValueError(
                f"expected [youngest, oldest] ages between 3 and 19, got {list(value)}"
            )
        return value


class KeyStagesFile(Strict):
    stages: dict[KeyStage, StageInfo]

    @field_validator("stages")
    @classmethod
    def _all_stages(cls, value: dict[KeyStage, StageInfo]) -> dict[KeyStage, StageInfo]:
        missing = [s.value for s in KeyStage if s not in value]
        if missing:
            raise ValueError(f"every key stage needs an entry; missing {', '.join(missing)}")
        return value


# --- helplines.yaml ----------------------------------------------------------------------------


class Helpline(Strict):
    id: Identifier
    name: Line
    provider: Line | None = None
    phone: Line | None = None
    text: Line | None = None
    website: Line | None = None
    email: Line | None = None
    for_whom: Line = Field(alias="for")
    # What the service is for, in words for the pupils of a key stage, where "for" is too adult.
    for_pupils: dict[KeyStage, Line] = {}
    hours: Line
    # The hours, in words for the pupils of a key stage ("Any time, day or night" in KS1).
    hours_for_pupils: dict[KeyStage, Line] = {}
    # None where the cost could not be confirmed: nothing is printed rather than a guess.
    cost: Line | None = None
    # The cost, in words for the pupils of a key stage, where "cost" is too adult (a phone bill
    # means nothing to a six-year-old).
    cost_for_pupils: dict[KeyStage, Line] = {}
    audiences: list[Audience] = Field(min_length=1)
    scope: Literal["national", "local"] = "national"
    checked: dt.date
    check_note: Line | None = None
    # False for a service not on the content guide's list of checked services (§7), whose details
    # come from its own pages: the pack's review note names it, to be checked before printing.
    listed: bool = True

    @model_validator(mode="after")
    def _some_contact(self) -> Helpline:
        if not (self.phone or self.text or self.website or self.email):
            raise ValueError("a helpline needs at least one of phone, text, website or email")
        return self

    @model_validator(mode="after")
    def _pupil_wording_for_its_stages(self) -> Helpline:
        for key, wording in (
            ("for_pupils", self.for_pupils),
            ("hours_for_pupils", self.hours_for_pupils),
            ("cost_for_pupils", self.cost_for_pupils),
        ):
            unused = [s.value for s in wording if s not in self.audiences]
            if unused:
                raise ValueError(
                    f"{key} has wording for {', '.join(unused)}, "
                    "which is not among this helpline's audiences"
                )
        return self

    @property
    def phone_ways(self) -> str:
        """What follows the phone number when the service takes texts too: " (call or text)"
        when one number does both; empty otherwise."""
        same = self.phone and self.text and self.phone.split() == self.text.split()
        return " (call or text)" if same else ""

    def for_stage(self, stage: str) -> str:
        """What the service is for, as told to the pupils of ``stage`` (a key stage id)."""
        return next((t for s, t in self.for_pupils.items() if s.value == stage), self.for_whom)

    def hours_for_stage(self, stage: str) -> str:
        """The service's hours, as told to the pupils of ``stage`` (a key stage id)."""
        return next((t for s, t in self.hours_for_pupils.items() if s.value == stage), self.hours)

    def cost_for_stage(self, stage: str) -> str:
        """What the service costs, as told to the pupils of ``stage`` (a key stage id)."""
        found = next((t for s, t in self.cost_for_pupils.items() if s.value == stage), self.cost)
        return found or ""

    @field_validator("phone", "text")
    @classmethod
    def _dialable(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[0-9][0-9 ]*[0-9]", value):
            raise ValueError(
                f"expected digits and spaces only, as dialled in the UK, got {value!r}"
            )
        return value

    @field_validator("website")
    @classmethod
    def _web(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("https://"):
            raise ValueError(f"expected a full https:// address, got {value!r}")
        return value


class HelplinesFile(Strict):
    helplines: list[Helpline] = Field(min_length=1)


# --- facts.yaml --------------------------------------------------------------------------------


class Fact(Strict):
    id: Identifier
    statement: Line
    figure: Line | None = None
    source: Source
    audiences: list[Audience] = Field(min_length=1)
    note: Line | None = None
    # A staff fact about one phase (a survey of secondary teachers) appears only in that phase's
    # packs; the staff briefing shows every staff fact.
    phase: Literal["primary", "secondary"] | None = None

    @model_validator(mode="after")
    def _phase_is_for_staff(self) -> Fact:
        if self.phase and "staff" not in self.audiences:
            raise ValueError("phase applies only to a fact for staff (add staff to its audiences)")
        return self


class FactsFile(Strict):
    facts: list[Fact] = Field(min_length=1)


# --- glossary/*.yaml ---------------------------------------------------------------------------


class Term(Strict):
    id: Identifier
    term: Line
    definitions: dict[KeyStage, Line] = Field(min_length=1)
    # A word about bodies or images: pupils write it (and its translation) on the key-words
    # sheet but never draw it, as "Before you teach" tells staff.
    words_only: bool = False


class GlossaryFile(Strict):
    terms: list[Term] = Field(min_length=1)


# --- curriculum.yaml ---------------------------------------------------------------------------


class Outcome(Strict):
    id: Identifier
    phase: Literal["primary", "secondary"]
    area: Line
    name: Line


class Strand(Strict):
    """A thread the lessons follow from Key Stage 1 to 5, a row of the progression map."""

    id: Identifier
    name: Line
    # What each key stage's lessons add to the thread, for the staff briefing: a phrase for
    # every stage with a lesson that teaches it (a plan's strands) and for no other, or none.
    adds: dict[KeyStage, Line] = {}


class CurriculumFile(Strict):
    source: Source
    outcomes: list[Outcome] = Field(min_length=1)
    strands: list[Strand] = Field(min_length=1)


# --- language.yaml -----------------------------------------------------------------------------


class BannedPhrase(Strict):
    phrase: Line
    instead: Line


class LanguageFile(Strict):
    victim_blaming: list[BannedPhrase] = Field(min_length=1)


# --- activities/*.md ---------------------------------------------------------------------------


class WorksheetSpec(Strict):
    title: Line
    # False for a sheet pupils keep private or hand in anonymously (a help card, a baseline).
    name_line: bool = True
    # True for a sheet of two pages whose second is cut up: copied back to back, cutting out
    # its cards would cut through the first page (the index says so to whoever copies it).
    single_sided: bool = False
    # True for cards only pupils who need support use (a set for each pair who need them): the
    # lesson's pages say so, so nobody copies a class set.
    for_some: bool = False
    body: Prose


class Variant(Strict):
    minutes: int = Field(ge=1, le=120)
    # What this stage's version does, when the activity's own purpose does not fit it.
    purpose: Line | None = None
    steps: list[Line] = Field(min_length=1)
    pupil_prompts: list[Line] = []
    # The label over the prompts: "Ask the class" suits questions, not cards or a story.
    prompts_label: Line = "Ask the class"
    # Numbered where the steps or the plan refer to them by number ("statements 1, 2 and 5").
    prompts_numbered: bool = False
    support: Line
    stretch: Line
    send: Line | None = None
    worksheet: WorksheetSpec | None = None
    # Teacher notes for this stage only, printed after the notes all stages share.
    notes: Prose | None = None
    # For an optional activity that does something a lesson must not lose (the calm finish
    # reminds the class where help is): what to do instead when a school's shorter lesson
    # leaves it out, printed at the end of the lesson's last activity.
    if_left_out: Line | None = None


class ActivityFront(Strict):
    id: Identifier
    title: Line
    purpose: Line
    variants: dict[KeyStage, Variant] = Field(min_length=1)


# --- plans/<stage>/*.md ------------------------------------------------------------------------


class ActivityUse(Strict):
    id: Identifier
    phase: Literal["starter", "main", "plenary"]
    role: Literal["core", "optional"]
    # The lesson's curriculum outcomes that only this optional activity (or only the optional
    # activities naming them) teaches: a lesson shortened without it no longer claims them.
    teaches: list[Identifier] = []


class Assessment(Strict):
    baseline: Line
    end_point: Line


class Differentiation(Strict):
    support: Line
    stretch: Line
    send: Line
    # Pupils new to English: which words to pre-teach and how, where a lesson's words or
    # stories need more than the support line says (a third of some Stoke classes).
    eal: Line | None = None


class Question(Strict):
    question: Line
    answer: Line


class FollowUp(Strict):
    question_box: Line
    home_learning: Line
    parents: Line
    # The message families get after the lesson, in the class's own words, printed four to a
    # page (three in large print) as slips to cut out: short enough for them to fit, and for the
    # child to hear it too.
    home_message: Annotated[str, Field(max_length=250), AfterValidator(one_line)] | None = None


def _i_can(value: str) -> str:
    if not value.startswith("I can "):
        raise ValueError(f"an outcome starts with 'I can ', got {value!r}")
    return value


class BoardText(Strict):
    """Words an activity's steps tell the teacher to write on the board, gathered on the
    lesson's first page so that whoever teaches it can have them ready: copied word for word
    from that activity's text for the stage, so the two cannot drift apart."""

    activity: Identifier  # one of the plan's activities
    write: Line


class PlanFront(Strict):
    id: Identifier
    title: Line
    key_stage: KeyStage
    years: list[int] = Field(min_length=1)
    # One of years, for a school spreading a key stage's lessons over its years rather than
    # teaching them all in one (a curriculum lead asked which KS2 lesson goes in which year).
    suggested_year: int | None = None
    order: int = Field(ge=1, le=99)
    duration: int = Field(ge=10, le=180)
    aim: Line
    objectives: list[Line] = Field(min_length=3, max_length=5)
    outcomes: list[Annotated[Line, AfterValidator(_i_can)]] = Field(min_length=2)
    vocabulary: list[Identifier] = Field(min_length=1)
    curriculum: list[Identifier] = Field(min_length=1)
    strands: list[Identifier] = Field(min_length=1)
    resources: list[Line] = Field(min_length=1)
    ground_rules: list[Line] = []
    activities: list[ActivityUse] = Field(min_length=2)
    assessment: Assessment
    differentiation: Differentiation
    questions: list[Question] = Field(min_length=2)
    signposting: list[Identifier] = Field(min_length=1)
    follow_up: FollowUp
    before_teaching: Line | None = (
        None  # a lesson-specific agreement, e.g. with the DSL and parents
    )
    # What takes longer than copying, to start a few days ahead (cards to make, props, another
    # adult): gathered for every lesson in "Before you teach", so nothing is found out too late.
    prepare: list[Line] = []
    board: list[BoardText] = []


def only_for_optional(line: str, title: str) -> bool:
    """Whether a plan's resource or job is written as needed by this optional activity alone
    ('For the optional "<title>": …' or 'If you teach the optional "<title>" …'): a lesson
    shortened without the activity leaves the line out with it (see the README)."""
    return line.startswith((f'For the optional "{title}"', f'If you teach the optional "{title}"'))


# --- letters/<stage>.md ------------------------------------------------------------------------


class LetterFront(Strict):
    key_stage: KeyStage
    subject: Line


# --- guides/*.md --------------------------------------------------------------------------------


class GuideFront(Strict):
    id: Identifier
    title: Line
    subtitle: Line
    audience: Literal["parents", "staff"]
    reading_grade_max: float | None = Field(default=None, gt=0, le=16)  # per section, if set


# --- guidance/*.md -----------------------------------------------------------------------------


class GuidanceFront(Strict):
    id: Identifier
    title: Line
    audience: Literal["staff", "parents"]
