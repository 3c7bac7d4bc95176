"""Fuzzing the edges where outside input enters: input normalisation (idempotent, only its
documented error), the batch file reader (any bytes: rows or a UsageError naming the file),
discovery over link soup (only valid accounts), and the estimate over any signal values
(probabilities over the four phases that sum to 1, or no phase at all)."""
from __future__ import annotations

import math

from hypothesis import HealthCheck, example, given, settings, strategies as st

from analyzer.core.errors import UsageError
from analyzer.core.normalize import normalize
from analyzer.core.types import PHASES, PLATFORMS, Coverage, Signal
from collectors.website.discovery import LOCATIONS, discover

# --- input normalisation --------------------------------------------------------------------------

label = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-é", min_size=1, max_size=12)
domainish = st.builds(lambda labels, tld, www, scheme, path, case: (
    scheme + ("www." if www else "") + ".".join(labels) + "." + tld + path).upper() if case else (
    scheme + ("www." if www else "") + ".".join(labels) + "." + tld + path),
    st.lists(label, min_size=1, max_size=3), st.sampled_from(["nl", "com", "org", "co.uk", "frl", "amsterdam"]),
    st.booleans(), st.sampled_from(["", "http://", "https://", "HTTPS://", "mailto:"]),
    st.sampled_from(["", "/", "/afdeling", "/a/b/", "?q=1", "#x", "/%C3%A9"]), st.booleans())


@given(st.one_of(domainish, st.text(max_size=60), st.emails()))
def test_normalize_is_idempotent_or_refuses(raw):
    try:
        target = normalize(raw)
    except UsageError as exc:
        assert "\n" not in str(exc) and str(exc)
        return
    assert target.key == target.key.strip() and " " not in target.key and target.key
    assert target.host == target.host.lower() and target.host.isascii()
    assert target.start_url.startswith(("http://", "https://"))
    again = normalize(target.key)
    assert again.key == target.key      # the host may keep its www., the key never does


# --- the batch file reader ------------------------------------------------------------------------

csvish = st.one_of(
    st.binary(max_size=400),
    st.lists(st.lists(st.one_of(st.text(max_size=12), st.sampled_from(["domain", "website", "=1+1", '"', '""', ";",
                                                                        "\t", "\r\n", "\x00", "gemeente.nl"])),
                      max_size=5), max_size=6).map(
        lambda rows: "\n".join(st_delim.join(r) for r, st_delim in zip(rows, [",", ";", "\t"] * 3))
        .encode("utf-8")),
    st.sampled_from([b"\xef\xbb\xbfdomain\n", b"\xff\xfed\x00o\x00", b"PK\x03\x04junk", b"", b"\n\n\n"]))


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(csvish, st.sampled_from([".csv", ".xlsx", ".txt"]))
@example(b"dom\rain,naam\ngemeente.nl,a\n", ".txt")             # a bare CR in the header (found by fuzz_long)
@example(b"domain\n" + b"x" * 200_000 + b"\n", ".csv")          # a cell over csv's field size limit
def test_batch_reader_reads_or_names_the_file(tmp_path, data, ext):
    from analyzer.batch.reader import read_table

    path = tmp_path / f"lijst{ext}"
    path.write_bytes(data)
    try:
        table = read_table(path)
        rows = list(table.rows())
    except UsageError as exc:
        assert path.name in str(exc) and "\n" not in str(exc)
        return
    width = len(table.columns)
    assert 0 <= table.domain_column < width
    for number, cells in rows:
        assert number >= 2 and len(cells) == width and all(isinstance(c, str) for c in cells)


# --- discovery over link soup ---------------------------------------------------------------------

hrefs = st.one_of(
    st.sampled_from(["https://x.com/", "https://twitter.com/intent/follow?screen_name=", "https://www.facebook.com/",
                     "https://www.linkedin.com/company/", "https://www.youtube.com/@", "https://bsky.app/profile/",
                     "https://mastodon.social/@", "https://www.instagram.com/", "javascript:", "data:text/html,",
                     "//x.com/", "x.com/", "HTTPS://X.COM/", "https://t.me/", "https://www.tiktok.com/@"]),
    st.text(max_size=10))
handles = st.one_of(st.text(max_size=20), st.sampled_from(['a"b', "<script>", "hard_org", "x y", "%00", "../..",
                                                           "ab'cd", "sharer.php?u=1", "@", "..", "é"]))
links = st.lists(st.tuples(hrefs, handles, st.sampled_from(["footer", "header", "nav", "main", "div"]),
                           st.sampled_from(["", "social-x", "follow", "share"])), max_size=8)


def _page(items) -> str:
    body = "".join(f'<{tag} class="{cls}"><a href="{href}{handle}">volg ons</a></{tag}>'
                   for href, handle, tag, cls in items)
    ld = '<script type="application/ld+json">{"sameAs": [%s]}</script>' % ",".join(
        '"%s%s"' % (h.replace('"', ""), x.replace('"', "").replace("\\", "")) for h, x, _, _ in items)
    return f"<html><head>{ld}</head><body>{body}</body></html>"


@given(links)
def test_discovery_finds_only_valid_accounts(items):
    for page in (_page(items), _page(items).encode("utf-8")):
        for s in discover(page, "https://hardorg.nl/", "hardorg.nl"):
            assert s.platform in PLATFORMS, s
            assert s.handle and s.handle == s.handle.strip() and not any(c in s.handle for c in "<>\"' \n"), s
            assert s.url.startswith(("http://", "https://")), s
            assert s.location in LOCATIONS, s


# --- the estimate over any signal values ----------------------------------------------------------

def _signal_values():
    from analyzer.signals import SIGNALS

    def value(sig):
        if sig.kind == "bool":
            return st.one_of(st.none(), st.booleans())
        if sig.kind == "count":
            return st.one_of(st.none(), st.integers(-5, 10**9))
        return st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12,
                                              max_value=1e12), st.integers(-5, 10**6))
    return st.fixed_dictionaries({s.name: value(s) for s in SIGNALS})


STATUSES = st.sampled_from([("ok", None), ("partial", "timeout"), ("failed", "http_error"), ("skipped", "no_accounts"),
                            ("unavailable", "no_token")])


@given(_signal_values(), st.dictionaries(st.sampled_from(["website", "x", "bluesky", "mastodon", "youtube"]), STATUSES))
def test_estimate_is_a_distribution_or_no_phase(values, cov):
    from analyzer.scoring import load_classifier
    from analyzer.estimate import make_estimate
    from analyzer.rules import load_rules
    from analyzer.core.settings import Settings

    signals = {n: Signal(n, v) for n, v in values.items()}
    coverage = {n: Coverage(n, s, r) for n, (s, r) in cov.items()}
    ruleset = load_rules(None)
    outcomes = ruleset.evaluate(signals)
    assert all(o.fired in (True, False, None) for o in outcomes)
    probabilities = load_classifier(Settings()).predict_signals(signals)
    assert set(probabilities) == set(PHASES) and math.isclose(sum(probabilities.values()), 1.0, abs_tol=1e-6)
    from analyzer.status import scan_status

    status = scan_status((), coverage)
    est = make_estimate(outcomes, probabilities, coverage, signals, status=status, ruleset=ruleset.name,
                        model="bundled")
    if status == "unobservable":
        assert est.phase is None and est.probabilities is None
    assert 0.0 <= est.confidence <= 1.0
    if est.phase is None:
        assert est.probabilities is None
    else:
        assert est.phase in PHASES and set(est.probabilities) == set(PHASES)
        assert all(0.0 <= p <= 1.0 for p in est.probabilities.values())
        assert math.isclose(sum(est.probabilities.values()), 1.0, abs_tol=1e-6)
        assert est.probabilities[est.phase] == max(est.probabilities.values())
