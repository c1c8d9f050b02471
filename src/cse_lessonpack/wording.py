"""Checks on the words themselves: stage vocabulary, reading level and victim-blaming phrases."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .paths import cache_folder
from .schema import BannedPhrase, StageInfo

_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’(?!\w)")


def _body(term: str) -> str:
    return r"[\s\-]+".join(re.escape(w) for w in term.split())


def _whole_word(body: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){body}(?:s|es|'s|’s)?(?![\w-])", re.IGNORECASE)


@cache
def term_pattern(term: str) -> re.Pattern[str]:
    """Whole-word, case-insensitive, with plural endings: 'secret' matches 'Secrets'."""
    return _whole_word(_body(term))


@cache
def any_term_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern that matches wherever any of ``terms`` would: a single pass over a text that
    holds none of them (most texts) instead of one search per term."""
    return _whole_word("(?:" + "|".join(_body(term) for term in terms) + ")")


def find_terms(text: str, terms: Iterable[str]) -> list[str]:
    """Which of ``terms`` appear in ``text`` (each reported once, in list order)."""
    listed = tuple(terms)
    if not listed or not any_term_pattern(listed).search(text):
        return []
    return [term for term in listed if term_pattern(term).search(text)]


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
    listed = list(phrases)
    found = find_terms(without_quotations(text), [p.phrase for p in listed])
    return [PhraseHit(p.phrase, p.instead) for p in listed if p.phrase in found]


def as_sentences(parts: Iterable[str]) -> str:
    """Join separate texts (list items, table cells) so each counts as its own sentence."""
    out = []
    for part in parts:
        # A table's cells and a list's items come one per line: each is a sentence of its own.
        for line in part.splitlines():
            line = line.strip()
            if line:
                out.append(line if line[-1] in ".!?:" else line + ".")
    return " ".join(out)


def reading_grade(text: str) -> float:
    """The Flesch–Kincaid grade of ``text`` (0 for text too short to measure)."""
    if len(re.findall(r"[A-Za-z]+", text)) < 8:
        return 0.0
    return _GRADES.grade(text)


def sentence_difficulty(text: str) -> float:
    """A rough ranking of how hard one sentence is: its length and its long words."""
    words = re.findall(r"[A-Za-z']+", text)
    return len(words) + 3 * sum(1 for w in words if len(w) >= 8)


class _GradeCache:
    """Grades already worked out, kept in the user's cache folder between runs.

    textstat needs the CMU pronouncing dictionary, which takes about a second to load; most
    passages are unchanged between builds, so their grades are looked up by a hash of the text.
    A missing or unwritable cache only makes the check slower, never different.
    """

    VERSION = "textstat-fk-2"

    def __init__(self) -> None:
        self.grades: dict[str, float] | None = None
        self.dirty = False
        self.helper: ProcessPoolExecutor | None = None

    @staticmethod
    def path() -> Path:
        return cache_folder() / "reading-grades.json"

    def _load(self) -> dict[str, float]:
        if self.grades is None:
            try:
                stored = json.loads(self.path().read_text(encoding="utf-8"))
                ok = stored.get("version") == self.VERSION
                self.grades = {k: float(v) for k, v in stored["grades"].items()} if ok else {}
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                self.grades = {}
        return self.grades

    def grade(self, text: str) -> float:
        grades = self._load()
        key = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if key not in grades:
            grades[key] = self._work_out(text)
            self.dirty = True
        return grades[key]

    def _work_out(self, text: str) -> float:
        # textstat's pronouncing dictionary takes tens of MB that Python never hands back to the
        # system; loaded here, it would stay in this process and in every batch worker forked
        # from it. A helper process loads it instead, and takes it away when it ends.
        try:
            if self.helper is None:
                methods = multiprocessing.get_all_start_methods()
                context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
                self.helper = ProcessPoolExecutor(1, mp_context=context)
            return self.helper.submit(flesch_kincaid, text).result()
        except (OSError, ImportError, NotImplementedError, BrokenProcessPool):
            # No helper process here (a sandbox without process semaphores, say): the grade
            # is the same worked out in this process, only the memory stays.
            self.close()
            return flesch_kincaid(text)

    def close(self) -> None:
        if self.helper is not None:
            helper, self.helper = self.helper, None
            helper.shutdown()

    def save(self) -> None:
        if not self.dirty or self.grades is None:
            return
        path = self.path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temp = path.with_suffix(f".{os.getpid()}.tmp")
            data = {"version": self.VERSION, "grades": dict(sorted(self.grades.items()))}
            temp.write_text(json.dumps(data), encoding="utf-8")
            os.replace(temp, path)
            self.dirty = False
        except OSError:
            pass  # a read-only home folder: grades are simply worked out again next time


_GRADES = _GradeCache()


def save_grades() -> None:
    """Keep newly worked-out reading grades for the next run, and stop the helper process."""
    _GRADES.save()
    _GRADES.close()


def flesch_kincaid(text: str) -> float:
    """The grade as textstat works it out, to one decimal place, as reported: a passage shown
    as 2.0 never fails a limit of 2."""
    import textstat

    return round(float(textstat.flesch_kincaid_grade(text)), 1)
