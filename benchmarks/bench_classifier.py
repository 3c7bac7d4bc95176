"""Every evaluation figure of the phase estimate, for rules alone, classifier alone and combined.

1. Simulated, 5-fold cross-validation on fixtures/labelled/simulated.csv (the classifier retrained
   on each training part).
2. Held-out (fixtures/labelled/heldout.yaml, never trained on), judged with the bundled model: as
   read, with X unreadable, with only homepages readable, both, and both knocked out at random.
3. Simulated knock-outs: a fresh simulated set (another seed, never trained on) scanned as usual,
   with no X token for anyone, with every website giving only its homepage, and both.
4. End to end: the hand-written fixture organisations of fixtures/orgs/ (another set, written by
   the fixtures' author with labels before tuning), served as real websites and platform APIs on
   127.0.0.1 by tests/orgsim.py and scanned by the real collectors, with and without an X token.
5. Cost: the simulation of the 2,000 training organisations (accounts, posts, questions, pages and
   the scan's compute_signals for each), training time of the bundled model, load time, and
   prediction time per organisation.

    python benchmarks/bench_classifier.py [--folds 5] [--fresh 1000] [--json]

Needs no network and no research data (everything used ships with the project).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def simulated_knockouts(model, ruleset, n: int) -> dict:
    from analyzer.tools.evaluate import judge
    from analyzer.features import FEATURES, LabelledOrg
    from analyzer.tools.simulate import SEED, Observation, simulate

    variants = {"as scanned": Observation(), "no X token": Observation(x_token=False),
                "homepages only": Observation(subpages=False),
                "both": Observation(x_token=False, subpages=False)}
    out = {}
    for name, how in variants.items():
        rows = simulate(n, seed=SEED + 1, how=how)  # same organisations, other observation
        orgs = [LabelledOrg(r["org_id"], r["phase"], {f: r[f] for f in FEATURES}, {}) for r in rows]
        out[name] = judge(orgs, model, ruleset)
    return out


def end_to_end(model, ruleset) -> dict:
    """Scan every fixture organisation for real (local servers), with and without an X token."""
    import tempfile

    from analyzer.tools.evaluate import METHODS, score, three_ways
    from analyzer.features import signal_features

    try:
        from tests.orgsim import load_orgs, scan_org
        from tests.servers import FakeInternet
    except ImportError as exc:
        print(f"(skipping the end-to-end section: {exc})", file=sys.stderr)
        return {}
    out = {}
    # The fixture token's X reads would spend the user's monthly X read budget (and the HTTP cache
    # would answer from earlier runs): the scans keep their data in a throw-away folder.
    data_home = tempfile.mkdtemp(prefix="bench-classifier-")
    os.environ["XDG_DATA_HOME"] = data_home
    for name, overrides in (("as served", {}), ("no X token", {"x_bearer_token": ""})):
        labels, values = [], []
        for spec in load_orgs():
            with tempfile.TemporaryDirectory() as tmp:
                net = FakeInternet().start(tmp)
                try:
                    result = scan_org(spec, net, **overrides)
                finally:
                    net.stop()
            labels.append(spec.label)
            values.append(signal_features(result.signals))
        dists = three_ways(values, model.predict_many(values), ruleset)
        out[name] = {m: score(labels, dists[m]) for m in METHODS}
    return out


def costs() -> dict:
    from analyzer.classifier import BUNDLED_MODEL, _load_model_cached, load_model, train_bundled
    from analyzer.features import read_heldout
    from analyzer.tools.simulate import N_ORGS, simulate

    t = time.perf_counter()
    simulate(N_ORGS)   # what `python -m analyzer.tools.simulate` does before writing the CSV
    simulate_s = time.perf_counter() - t
    t = time.perf_counter()
    train_bundled()
    train_s = time.perf_counter() - t
    _load_model_cached.cache_clear()  # measure a first load, not the per-process cache
    t = time.perf_counter()
    model = load_model(BUNDLED_MODEL)
    load_s = time.perf_counter() - t
    rows = [o.values for o in read_heldout()]
    t = time.perf_counter()
    for row in rows:
        model.predict_signals(row)
    one_ms = (time.perf_counter() - t) / len(rows) * 1000
    return {"simulate_2000_s": round(simulate_s, 2), "train_bundled_s": round(train_s, 2), "load_bundled_s": round(load_s, 3),
            "predict_one_ms": round(one_ms, 2), "model_bytes": BUNDLED_MODEL.stat().st_size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--fresh", type=int, default=1000, help="size of the fresh simulated set")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from analyzer.classifier import load_bundled
    from analyzer.tools.evaluate import cross_validate, heldout_knockouts, render
    from analyzer.features import read_heldout, read_simulated
    from analyzer.rules import load_rules
    from analyzer.core.settings import Settings

    ruleset = load_rules(None)
    model = load_bundled(Settings())
    sections = {
        f"simulated, {args.folds}-fold cross-validation": {
            "": cross_validate(read_simulated(), ruleset, args.folds)},
        "held-out (hand-written, never trained on)": heldout_knockouts(read_heldout(), model, ruleset),
        f"fresh simulated set ({args.fresh} organisations, never trained on)":
            simulated_knockouts(model, ruleset, args.fresh),
        "fixture organisations (fixtures/orgs/) scanned end to end on 127.0.0.1": end_to_end(model, ruleset),
    }
    cost = costs()
    if args.json:
        print(json.dumps({"model": model.name, "costs": cost,
                          "sections": {s: {k: {m: asdict(v) for m, v in r.items()} for k, r in d.items()}
                                       for s, d in sections.items()}}, indent=2))
        return
    print(f"model {model.name}, rules {ruleset.name} ({len(ruleset)} rules)")
    for title, results in sections.items():
        print(f"\n=== {title}")
        for name, scores in results.items():
            print()
            print(render(name or "all", scores))
    print("\n=== cost")
    for key, value in cost.items():
        print(f"{key:18} {value}")


if __name__ == "__main__":
    main()
