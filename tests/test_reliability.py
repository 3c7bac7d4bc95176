"""The reliability table of `footprint evaluate`: predicted vs observed per probability band."""
from __future__ import annotations

from analyzer.tools.evaluate import reliability, render_reliability


def p(top: str, q: float) -> dict[str, float]:
    rest = (1 - q) / 3
    return {k: (q if k == top else rest) for k in ("ad_hoc", "experimental", "functional", "transformation")}


def test_bands_say_what_was_predicted_and_how_often_it_was_right():
    truth = ["functional", "functional", "ad_hoc", "transformation"]
    probas = [p("functional", 0.95), p("ad_hoc", 0.92), p("ad_hoc", 0.55), p("transformation", 0.58)]
    rows = reliability(truth, probas)
    assert rows == [{"from": 0.5, "to": 0.6, "n": 2, "said": 0.565, "right": 1.0},
                    {"from": 0.9, "to": 1.0, "n": 2, "said": 0.935, "right": 0.5}]
    text = render_reliability(rows)
    assert "how often that phase was the right one" in text and "94%" in text and "50%" in text


def test_the_table_and_the_brier_score_read_in_dutch():
    from analyzer.tools.evaluate import reliability_of, render_brier

    rows = reliability_of([0.85, 0.86, 0.95], [True, True, False])
    text = render_reliability(rows, "nl", what="confidence")
    assert "getoonde betrouwbaarheid" in text and "organisaties" in text and "Grootste verschil" in text
    assert "Brier-score (vier fasen) 0,125" in render_brier(0.125, "nl")
    assert "0.75 is what saying 25% to every phase scores" in render_brier(0.125, "en")


def test_the_evaluation_tables_read_in_dutch_and_fit_80_columns():
    from analyzer.tools.evaluate import METHODS, render, score

    truth = ["functional", "functional", "ad_hoc", "transformation", "experimental"]
    probas = [p("functional", 0.95), p("ad_hoc", 0.92), p("ad_hoc", 0.55), p("transformation", 0.58),
              p("functional", 0.4)]
    scores = {m: score(truth, probas) for m in METHODS}
    nl = render("X unreadable", scores, "nl")
    assert nl.splitlines()[0] == "X onleesbaar"
    assert nl.splitlines()[1].split() == ["regels", "classificatie", "samen"]
    assert "binnen één fase" in nl and "verwarring" in nl and "Transformatie" in nl
    assert "0,600" in nl and "0.600" not in nl            # accuracy 3 of 5, with a decimal comma
    en = render("X unreadable", scores, "en")
    assert "within one" in en and "0.600" in en and "Transformation" in en
    for text in (nl, en, render_reliability(reliability(truth, probas), "nl")):
        assert max(len(line) for line in text.splitlines()) <= 80, text
