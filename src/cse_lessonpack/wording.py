"""Checks on the words themselves: stage vocabulary, reading level and victim-blaming phrases."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from .schema import BannedPhrase, StageInfo

_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’(?!\w)")


@cache
def term_pattern(term: str) -> re.Pattern[str]:
    """Whole-word, case-insensitive, with plural endings: 'secret' matches 'Secrets'."""
    words = [re.escape(w) for w in term.split()]
    body = r"[\s\-]+".join(words)
    return re.compile(rf"(?<![\w-]){body}(?:s|es|'s|’s)?(?![\w-])", re.IGNORECASE)


def find_terms(text: str, terms: Iterable[str]) -> list[str]:
    """Which of ``terms`` appear in ``text`` (each reported once, in list order)."""
    return [term for term in terms if term_pattern(term).search(text)]


def gate(text: str, stage: StageInfo, years: Iterable[int]) -> list[str]:
    """The stage's avoided terms found in pupil-facing ``text`` for a lesson taught to ``years``."""
    youngest = min(years)
    allowed = [g.term for g in stage.year_gated_terms if youngest >= g.from_year]
    blocked = [g.term for g in stage.year_gated_terms if youngest < g.from_year]
    # An allowed phrase is taken out first, so "child sexual exploitation" in a Year 6 lesson does
    # not trip the separate ban on "sexual".
    for phrase in allowed:
        text = term_pattern(phrase).sub(" ", text)
    return find_terms(text, [*stage.avoid_terms, *blocked])


def without_quotations(text: str) -> str:
    """The text with quoted passages removed: quoting a phrase to warn against it is allowed."""
    return _QUOTED.sub(" ", text)


@dataclass(frozen=True, slots=True)
class PhraseHit:
    phrase: str
    instead: str


def find_victim_blaming(text: str, phrases: Iterable[BannedPhrase]) -> list[PhraseHit]:
    unquoted = without_quotations(text)
    return [
        PhraseHit(p.phrase, p.instead) for p in phrases if term_pattern(p.phrase).search(unquoted)
    ]


def as_sentences(parts: Iterable[str]) -> str:
    """Join separate texts (list items, table cells) so each counts as its own sentence."""
    out = []
    for part in parts:
        part = part.strip()
        if part:
            out.append(part if part[-1] in ".!?:" else part + ".")
    return " ".join(out)


def reading_grade(text: str) -> float:
    """The Flesch–Kincaid grade of ``text`` (0 for text too short to measure)."""
    import textstat  # loads a pronouncing dictionary: only worth it when checking content

    if len(re.findall(r"[A-Za-z]+", text)) < 8:
        return 0.0
    return float(textstat.flesch_kincaid_grade(text))
