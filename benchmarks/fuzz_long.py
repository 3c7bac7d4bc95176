"""A long fuzzing session, outside CI: every property test of the hardening suite (and the other
property tests of the project) run with many more examples than CI's 60.

    python benchmarks/fuzz_long.py [--examples 5000] [--only parsers] [--json]

Each property test is run in-process with a Hypothesis profile of `--examples` examples (tests
that pin their own max_examples keep it), its inner test wrapped to count the inputs actually
tried. Reports per test: inputs tried, seconds, and the shrunk failing example if one was found.
Exit status 1 when any test failed. No network: the fuzzed code is parsers and pure functions.
"""
from __future__ import annotations

import argparse
import importlib
import inspect
import json
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, settings  # noqa: E402

MODULES = {
    "parsers": "tests.test_fuzz_parsers",
    "inputs": "tests.test_fuzz_inputs",
    "files": "tests.test_fuzz_files",
    "profiles": "tests.test_profiles_property",
    "rules": "tests.test_rules_property",
    "discovery": "tests.test_discovery_robust",
    "normalize": "tests.test_normalize",
    "estimate": "tests.test_estimate_property",
    "estimate_evidence": "tests.test_estimate_evidence_property",
}


def property_tests(module):
    for name, fn in sorted(vars(module).items()):
        if name.startswith("test_") and callable(fn) and hasattr(fn, "hypothesis"):
            yield name, fn


def run_one(fn) -> tuple[int, str | None]:
    """Run one @given test; (inputs tried, failure text or None)."""
    inner = fn.hypothesis.inner_test
    tried = {"n": 0}

    def counted(*args, **kwargs):
        tried["n"] += 1
        return inner(*args, **kwargs)

    fn.hypothesis.inner_test = counted     # documented as replaceable by Hypothesis
    kwargs = {}
    if "tmp_path" in inspect.signature(fn).parameters:
        kwargs["tmp_path"] = Path(tempfile.mkdtemp(prefix="fuzz-long-"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")   # as in the test suite: a warning is a finding
            fn(**kwargs)
        return tried["n"], None
    except Exception as exc:  # a falsifying example: report it, go on with the next test
        return tried["n"], f"{type(exc).__name__}: {str(exc)[:600]}"
    finally:
        fn.hypothesis.inner_test = inner


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=5000, help="examples per property test")
    ap.add_argument("--only", choices=sorted(MODULES), action="append", help="module group(s) to run")
    ap.add_argument("--json", action="store_true", help="one JSON object per test on stdout")
    args = ap.parse_args()
    settings.register_profile("fuzz-long", max_examples=args.examples, deadline=None, database=None,
                              suppress_health_check=list(HealthCheck))
    settings.load_profile("fuzz-long")
    total, failures, start = 0, 0, time.monotonic()
    for group in args.only or sorted(MODULES):
        module = importlib.import_module(MODULES[group])
        for name, fn in property_tests(module):
            t0 = time.monotonic()
            tried, failure = run_one(fn)
            seconds = time.monotonic() - t0
            total += tried
            failures += failure is not None
            row = {"test": f"{group}:{name}", "inputs": tried, "seconds": round(seconds, 1), "failure": failure}
            print(json.dumps(row) if args.json else
                  f"{row['test']:62} {tried:7d} inputs {seconds:7.1f}s  {'FAILED ' + failure if failure else 'ok'}",
                  flush=True)
    summary = {"inputs": total, "failures": failures, "seconds": round(time.monotonic() - start, 1)}
    print(json.dumps(summary) if args.json else
          f"total: {total} inputs, {failures} failing tests, {summary['seconds']}s", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
