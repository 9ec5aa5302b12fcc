"""Flesch–Douma and the Dutch syllable heuristic."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from woonkans.documents.readability import (
    B1_MINIMUM_SCORE,
    cefr_level,
    count_syllables,
    flesch_douma,
    measure,
    sentences,
    words,
)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("huis", 1),
        ("bij", 1),  # ij is one vowel
        ("ijs", 1),
        ("nieuw", 1),  # ieu
        ("leeuw", 1),  # eeu
        ("mooie", 2),  # ooi + e
        ("moeilijk", 2),  # oei, ij
        ("maaien", 2),  # aai + e
        ("beste", 2),
        ("betalen", 3),
        ("gemeente", 3),
        ("sociaal", 3),  # i and aa are two syllables
        ("radio", 3),
        ("januari", 4),
        ("informatie", 4),
        ("huurachterstand", 4),
        ("incassokosten", 5),
        ("financiële", 5),  # the diaeresis starts a syllable
        ("geïnteresseerd", 5),
        ("ideeën", 3),
        ("beëindigen", 4),
        ("één", 1),  # acute accents are only stress
        ("cadeau", 2),
        ("BETALEN", 3),
        ("btw", 1),  # no vowel: one syllable
        ("14", 1),
    ],
)
def test_known_words(word, expected):
    assert count_syllables(word) == expected


LETTERS = "abcdefghijklmnopqrstuvwxyzëïéèöü"
VOWEL_LETTERS = set("aeiouyëïéèöü")
CONSONANTS = "bcdfghklmnpqrstvwxz"  # not j: it joins i as "ij"
word_strategy = st.text(alphabet=LETTERS, min_size=1, max_size=25)


@given(word_strategy)
def test_at_least_one_and_at_most_one_per_vowel(word):
    count = count_syllables(word)
    assert count >= 1
    vowels = sum(1 for char in word if char in VOWEL_LETTERS)
    assert count <= max(vowels, 1)


@given(word_strategy.filter(lambda w: any(c in VOWEL_LETTERS for c in w)))
def test_every_word_with_a_vowel_has_a_syllable(word):
    assert count_syllables(word) >= 1


@given(word_strategy)
def test_case_does_not_matter(word):
    assert count_syllables(word.upper()) == count_syllables(word)


@given(
    st.text(alphabet="aeiouy", min_size=1, max_size=6),
    st.text(alphabet="aeiouy", min_size=1, max_size=6),
    st.sampled_from(list(CONSONANTS)),
)
def test_a_consonant_separates_syllables(left, right, consonant):
    """Vowels on either side of a consonant never merge: the counts add up."""
    assert count_syllables(left + consonant + right) == count_syllables(left) + count_syllables(
        right
    )


@given(st.sampled_from(["ee", "aa", "oo", "ie", "oe", "ei", "ui", "eu", "ou"]))
def test_a_diaeresis_splits_a_vowel_pair(pair):
    assert count_syllables(pair) == 1
    marked = pair[0] + {"e": "ë", "i": "ï", "u": "ü", "a": "ä", "o": "ö"}[pair[1]]
    assert count_syllables(marked) == 2


def test_words_and_sentences():
    text = "Beste Sam,\n\nU moet nog € 1.234,56 betalen. Kan dat? Bel ons!\n- een lijst"
    assert words("U moet nog € 1.234,56 betalen.") == ["U", "moet", "nog", "1.234,56", "betalen"]
    assert sentences(text) == [
        "Beste Sam,",
        "U moet nog € 1.234,56 betalen.",
        "Kan dat?",
        "Bel ons!",
        "- een lijst",
    ]


def test_flesch_douma_formula():
    # 2 sentences, 10 words, 15 syllables: 206.835 - 0.93*5 - 77*1.5
    score = flesch_douma(sentence_count=2, word_count=10, syllable_count=15)
    assert score == pytest.approx(206.835 - 4.65 - 115.5)
    with pytest.raises(ValueError):
        flesch_douma(sentence_count=0, word_count=0, syllable_count=0)


def test_simple_text_scores_easy():
    report = measure("Wij hebben uw huur nog niet. Bel ons op dit nummer. Dan maken we een plan.")
    assert report.sentence_count == 3
    assert report.word_count == 16
    # One syllable per word, and one more each for "hebben", "nummer" and "maken".
    assert report.syllable_count == 19
    assert report.score == pytest.approx(round(206.835 - 0.93 * 16 / 3 - 77 * 19 / 16, 1))
    assert report.meets_b1
    assert report.level == "A2"
    assert report.long_words == ()


def test_officialese_scores_hard():
    text = (
        "Ingevolge de toepasselijke bepalingen van de huurovereenkomst verzoeken wij u "
        "vriendelijk doch dringend het openstaande saldo van de huurachterstand, "
        "vermeerderd met de verschuldigde administratiekosten, onverwijld te voldoen."
    )
    report = measure(text)
    assert report.score is not None and report.score < B1_MINIMUM_SCORE
    assert not report.meets_b1
    assert report.long_sentence_count == 1
    assert "administratiekosten" in report.long_words
    assert report.long_word_share > 0.2


def test_empty_text_has_no_score():
    report = measure("  \n ")
    assert report.score is None and report.level == "" and not report.meets_b1


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (100, "A2"),
        (80, "A2"),
        (79.9, "B1"),
        (60, "B1"),
        (59.9, "B2"),
        (45, "B2"),
        (44.9, "C1"),
        (30, "C1"),
        (29.9, "C2"),
        (-10, "C2"),
    ],
)
def test_indicative_levels(score, level):
    assert cefr_level(score) == level
