"""The vocabulary gate, the victim-blaming check and reading level."""

from __future__ import annotations

from cse_lessonpack import wording
from cse_lessonpack.content import Library
from cse_lessonpack.model import KeyStage
from cse_lessonpack.schema import BannedPhrase


def test_terms_match_whole_words_any_case_and_plurals() -> None:
    assert wording.find_terms("Keep SECRETS safe", ["secret"]) == ["secret"]
    assert wording.find_terms("a secretary", ["secret"]) == []
    assert wording.find_terms("stranger-danger posters", ["stranger danger"]) == ["stranger danger"]
    assert wording.find_terms("Abuse is never OK", ["abuse", "abuser"]) == ["abuse"]


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
