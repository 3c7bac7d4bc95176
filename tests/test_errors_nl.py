"""Error lines follow --lang: a Dutch consultant reads why the input is unusable in Dutch, with the
input still named, from footprint's own checks and from Click's usage errors alike."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analyzer.present.errors_nl import PHRASES, lang_of_argv, localise_error

ROOT = Path(__file__).resolve().parents[1]

# (arguments, text the Dutch line must hold, English words it must no longer hold, the input the
# line names in both languages)
CASES = [
    (["scan", "not a domain!!"], "bevat spaties", "contains spaces", "not a domain!!"),
    (["scan", "99999"], "geen domein", "public suffix", "99999"),
    (["scan", "ftp://gemeente.nl"], "geen http of https", "is not http", "ftp://gemeente.nl"),
    (["scan", "gemeente.nl", "--as-of", "gisteren"], "geen ISO 8601-tijd", "not an ISO", "gisteren"),
    (["batch", "{tmp}/nergens.csv", "--out", "{tmp}/uit.csv"], "bestand bestaat niet", "no such file",
     "nergens.csv"),
    (["batch", "{tmp}/nergens.csv"], "Optie '--out' ontbreekt", "Missing option", "--out"),
    (["scna"], "Onbekend commando 'scna'", "No such command", "scna"),
    (["scan"], "Argument 'DOMAIN' ontbreekt", "Missing argument", "DOMAIN"),
    (["scan", "gemeente.nl", "--bogus"], "Onbekende optie '--bogus'", "No such option", "--bogus"),
    (["explain", "nergens.nl"], "geen opgeslagen scan", "no stored scan", "nergens.nl"),
    (["model", "use", "bestaatniet"], "geen getraind model", "no such trained model", "bestaatniet"),
]


@pytest.mark.parametrize("args,dutch,english,named", CASES, ids=[" ".join(c[0]) for c in CASES])
def test_error_lines_are_dutch_under_lang_nl(tmp_path, args, dutch, english, named):
    args = [a.format(tmp=tmp_path) for a in args]
    env = {"XDG_DATA_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "X_BEARER_TOKEN": ""}
    nl = subprocess.run([sys.executable, "-m", "analyzer.cli", "--lang", "nl", *args], cwd=ROOT, env=env,
                        capture_output=True, text=True, timeout=60)
    en = subprocess.run([sys.executable, "-m", "analyzer.cli", *args], cwd=ROOT, env=env,
                        capture_output=True, text=True, timeout=60)
    assert nl.returncode == en.returncode == 2, (nl.stderr, en.stderr)
    assert dutch in nl.stderr and english not in nl.stderr, nl.stderr
    assert english.lower() in en.stderr.lower() and dutch not in en.stderr, en.stderr
    assert named in nl.stderr and named in en.stderr, (nl.stderr, en.stderr)
    assert len(nl.stderr.strip().splitlines()[-1]) < 200


def test_the_language_comes_from_the_flag_then_the_environment():
    assert lang_of_argv(["--lang", "nl", "scan"], {}) == "nl"
    assert lang_of_argv(["scan", "--lang=nl"], {"FOOTPRINT_LANG": "en"}) == "nl"
    assert lang_of_argv(["scan"], {"FOOTPRINT_LANG": "nl"}) == "nl"
    assert lang_of_argv(["scan", "--lang", "fr"], {}) == "en"
    assert lang_of_argv([], {}) == "en"


def test_english_lines_are_left_alone_and_unknown_phrases_stay_english():
    line = "'x y': contains spaces: give one domain, URL or e-mail address"
    assert localise_error(line, "en") == line
    assert localise_error("something new went wrong", "nl") == "something new went wrong"


def test_every_phrase_compiles_and_changes_what_it_matches():
    import re

    for pattern, dutch in PHRASES:
        compiled = re.compile(pattern)
        assert compiled.pattern and dutch and dutch != pattern, pattern
