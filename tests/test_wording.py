"""The vocabulary gate, the victim-blaming check and reading level."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cse_lessonpack import wording
from cse_lessonpack.content import Library
from cse_lessonpack.model import KeyStage
from cse_lessonpack.schema import BannedPhrase


def test_terms_match_whole_words_any_case_and_plurals() -> None:
    assert wording.find_terms("Keep SECRETS safe", ["secret"]) == ["secret"]
    assert wording.find_terms("a secretary", ["secret"]) == []
    assert wording.find_terms("stranger-danger posters", ["stranger danger"]) == ["stranger danger"]
    assert wording.find_terms("Abuse is never OK", ["abuse", "abuser"]) == ["abuse"]


def test_one_pass_finds_what_a_search_per_term_finds(library: Library) -> None:
    # Every stage's avoided and year-gated terms, and the victim-blaming phrases, over texts made
    # from their own words (near misses included): the combined pattern must agree term by term.
    terms = sorted(
        {t for s in library.stages.values() for t in s.avoid_terms}
        | {g.term for s in library.stages.values() for g in s.year_gated_terms}
        | {p.phrase for p in library.language.victim_blaming}
    )
    words = sorted({w for t in terms for w in t.split()})

    @settings(max_examples=300, deadline=None)
    @given(
        st.lists(
            st.one_of(
                st.sampled_from(terms),
                st.sampled_from(words),
                st.sampled_from(words).map(lambda w: w + "ary"),
                st.sampled_from(words).map(str.upper),
                st.sampled_from(["-", " ", ". ", "s ", "'s "]),
            ),
            max_size=12,
        )
    )
    def agree(parts: list[str]) -> None:
        text = " ".join(parts)
        each = [t for t in terms if wording.term_pattern(t).search(text)]
        assert wording.find_terms(text, terms) == each

    agree()


def test_year_gated_terms_open_only_for_old_enough_lessons(library: Library) -> None:
    ks2 = library.stages[KeyStage.KS2]
    text = "Grooming is when someone builds trust to trick you."
    assert wording.gate(text, ks2, [3, 4]) == ["grooming"]
    assert wording.gate(text, ks2, [5, 6]) == []


def test_an_allowed_phrase_does_not_trip_a_word_inside_it(library: Library) -> None:
    ks2 = library.stages[KeyStage.KS2]
    text = "Child sexual exploitation is never the child's fault."
    assert wording.gate(text, ks2, [6]) == []
    assert "sexual" in wording.gate(text, ks2, [5, 6])


def test_ks1_keeps_adult_words_out(library: Library) -> None:
    ks1 = library.stages[KeyStage.KS1]
    assert wording.gate("The abuser said it was a secret.", ks1, [1, 2]) == ["abuser"]
    assert wording.gate("My body belongs to me.", ks1, [1, 2]) == []


def test_victim_blaming_is_found_unless_quoted() -> None:
    phrases = [BannedPhrase(phrase="lifestyle choice", instead="a situation they are forced into")]
    assert (
        wording.find_victim_blaming("It was a lifestyle choice.", phrases)[0].phrase
        == "lifestyle choice"
    )
    assert wording.find_victim_blaming('Never call it a "lifestyle choice".', phrases) == []
    assert wording.find_victim_blaming("Never call it a “lifestyle choice”.", phrases) == []


def test_reading_grade_tells_simple_from_complex() -> None:
    simple = "My body is mine. I can say no. I can tell a grown-up. I am safe."
    hard = (
        "Exploitation frequently involves sophisticated psychological manipulation, "
        "systematically undermining an individual's independent decision-making capabilities."
    )
    assert wording.reading_grade(simple) < 2
    assert wording.reading_grade(hard) > 12
    assert wording.reading_grade("Too short.") == 0.0


def test_new_grades_are_worked_out_without_loading_the_dictionary_here(tmp_path: Path) -> None:
    # The pronouncing dictionary is tens of MB that would stay in this process and in every
    # batch worker forked from it; a helper process grades unknown text instead, and the grade
    # is kept in the cache for the next run. (Run in a fresh interpreter: other tests may load
    # textstat here on purpose.)
    script = (
        "import sys\n"
        "from cse_lessonpack import wording\n"
        "text = 'Tell a trusted adult if something online worries you. You will not be in trouble.'\n"
        "grades = wording._GradeCache()\n"
        "print(grades.grade(text), grades.helper is not None)\n"
        "grades.save(); grades.close()\n"
        "print('textstat' in sys.modules)\n"
        "again = wording._GradeCache()\n"
        "print(again.grade(text), again.helper is None)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    first, loaded, again = done.stdout.split("\n")[:3]
    grade, used_helper = first.split()
    assert 0 < float(grade) < 6 and used_helper == "True"
    assert loaded == "False"
    assert again == f"{grade} True"  # read from the cache file, no helper needed


def test_grades_are_still_worked_out_where_no_helper_process_can_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_processes(*args: object, **kwargs: object) -> None:
        raise OSError("no semaphores in this sandbox")

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(wording, "ProcessPoolExecutor", no_processes)
    simple = "My body is mine. I can say no. I can tell a grown-up. I am safe."
    assert wording._GradeCache().grade(simple) < 2
