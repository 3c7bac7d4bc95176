"""Accuracy of account discovery on real saved pages, scored against a hand-made gold list.

    python benchmarks/bench_discovery.py            # serve every page from 127.0.0.1 as its host's
                                                    # homepage, fetch it through collectors.http
    python benchmarks/bench_discovery.py --direct   # run discover() on the files (fast iteration)
    python benchmarks/bench_discovery.py -v         # also list every miss and false alarm

Reads ../shared/research-data/html-sample/ (manifest.json, gold.jsonl, score.py; see GOLD.md),
writes one <host>.json per gold host with an "accounts" list, runs score.py on that folder and
prints its table next to the peers' published figures. Skips with a message when the data is
absent (it is not part of the project).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "research-data" / "html-sample"
sys.path.insert(0, str(ROOT))

from collectors.website.discovery import discover, roles_by_account  # noqa: E402

PEERS = {  # published in the issue and run_peers.py's docstring (same pages, same scorer)
    "socials 0.3.0": (0.93, 0.67),
    "extruct 0.18.0": (0.97, 0.33),
}
TARGET = (0.97, 0.93)


def load_gold() -> list[dict]:
    with open(SAMPLE / "gold.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def page_url(record: dict) -> str:
    return f"https://{record['host']}/"


def accounts_of(sightings) -> list[dict]:
    roles = roles_by_account(sightings)
    seen: dict[tuple[str, str], dict] = {}
    for s in sightings:
        key = (s.platform, s.handle)
        if key not in seen:
            seen[key] = {"platform": s.platform, "handle": s.handle, "url": s.url, "role": roles[key],
                         "where": []}
        seen[key]["where"].append(s.location)
    return list(seen.values())


def run_direct(gold: list[dict], out: Path) -> float:
    started = time.perf_counter()
    for record in gold:
        body = (SAMPLE / record["file"]).read_bytes()
        write(out, record, discover(body, record.get("url") or page_url(record), record["host"]))
    return time.perf_counter() - started


def run_served(gold: list[dict], out: Path) -> float:
    from collectors.http import Fetcher, FetchError
    from tests.servers import FakeInternet, Reply

    net = FakeInternet()
    with tempfile.TemporaryDirectory() as workdir:
        net.start(workdir)
        try:
            for record in gold:
                body = (SAMPLE / record["file"]).read_bytes()
                net.site(record["host"], {"/": Reply(body=body, content_type="text/html")})
            settings = net.settings(cache=False, max_body=20_000_000)
            started = time.perf_counter()
            with Fetcher(settings) as fetcher:
                for record in gold:
                    try:
                        resp = fetcher.get(page_url(record), purpose="page")
                    except FetchError as exc:
                        print(f"  fetch failed: {exc}", file=sys.stderr)
                        continue
                    write(out, record, discover(resp.body, resp.final_url, record["host"]))
            return time.perf_counter() - started
        finally:
            net.stop()


def write(out: Path, record: dict, sightings) -> None:
    path = out / f"{record['host']}.json"
    path.write_text(json.dumps({"domain": record["host"], "accounts": accounts_of(sightings)}, indent=1),
                    encoding="utf-8")


def score(out: Path, verbose: bool, show: bool = True) -> dict:
    figures = out / "_score.json"
    cmd = [sys.executable, str(SAMPLE / "score.py"), str(out), "--json", str(figures)] + (["-v"] if verbose else [])
    text = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    if show:
        print(text)
    return json.loads(figures.read_text())


ORDER = ("footer", "header", "nav", "jsonld", "microdata", "meta", "rel_me", "widget", "body", "script")


def where_agreement(gold: list[dict], out: Path) -> tuple[int, int]:
    """For gold official accounts reported under the same handle: how often our most site-wide
    location equals GOLD.md's `where` (microdata counts as jsonld there)."""
    same = total = 0
    for record in gold:
        path = out / f"{record['host']}.json"
        if not path.exists():
            continue
        ours = {(a["platform"], a["handle"]): a["where"] for a in json.loads(path.read_text())["accounts"]}
        for acc in record["official"]:
            where = ours.get((acc["platform"], acc["handle"]))
            if where:
                best = min(where, key=ORDER.index)
                total += 1
                same += (best if best != "microdata" else "jsonld") == acc["where"]
    return same, total


def run_peers(python: str, out: Path) -> dict[str, dict]:
    """Score the peers on the same pages with run_peers.py, when their packages are installed in
    `python`; {} otherwise (the published figures are shown instead)."""
    probe = subprocess.run([python, "-c", "import socials, extruct, bs4"], capture_output=True)
    if probe.returncode != 0:
        print(f"peers not installed in {python} (socials 0.3.0, extruct 0.18.0, beautifulsoup4): "
              "showing their published figures")
        return {}
    subprocess.run([python, str(SAMPLE / "run_peers.py"), str(SAMPLE / "gold.jsonl"), str(SAMPLE), str(out)],
                   check=True, capture_output=True, cwd=SAMPLE)
    return {name: score(out / folder, False, show=False)
            for name, folder in (("socials 0.3.0", "socials"), ("extruct 0.18.0", "extruct"))}


def print_comparison(figures: dict, peers: dict[str, dict]) -> None:
    columns = [("footprint", figures)] + list(peers.items())
    plats = list(figures["per_platform"])
    print(f"{'platform':<11}" + "".join(f"{name[:17]:>19}" for name, _ in columns))
    print(f"{'':<11}" + "".join(f"{'P     R     F1':>19}" for _ in columns))
    for plat in plats + ["all"]:
        cells = []
        for _, fig in columns:
            got = fig if plat == "all" else fig["per_platform"].get(plat)
            cells.append(f"{got['P']:>7.3f}{got['R']:>6.3f}{got['F1']:>6.3f}" if got else f"{'-':>19}")
        print(f"{plat:<11}" + "".join(cells))
    print(f"{'staff as official':<18}" + "".join(f"{fig['staff_as_official']:>12}" for _, fig in columns))
    for name, (pp, rr) in PEERS.items():
        if name not in peers:
            print(f"{name:<18}P {pp:.2f}  R {rr:.2f}  F1 {2 * pp * rr / (pp + rr):.2f}   (published)")
    p, r = figures["P"], figures["R"]
    ok = p >= TARGET[0] and r >= TARGET[1]
    print(f"target P>={TARGET[0]} R>={TARGET[1]}: {'met' if ok else 'NOT met'} (P={p:.3f} R={r:.3f})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--direct", action="store_true", help="run discover() on the files, no server")
    ap.add_argument("--out", help="keep the per-host outputs in this folder")
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses and false alarms per page")
    ap.add_argument("--peers-python", default=sys.executable,
                    help="a Python with socials 0.3.0, extruct 0.18.0 and beautifulsoup4 to run run_peers.py")
    args = ap.parse_args(argv)
    if not (SAMPLE / "gold.jsonl").exists():
        print(f"skipped: research data not found at {SAMPLE}")
        return 0
    gold = load_gold()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.out or tmp)
        out.mkdir(parents=True, exist_ok=True)
        seconds = (run_direct if args.direct else run_served)(gold, out)
        print(f"{len(gold)} pages {'read from files' if args.direct else 'fetched from 127.0.0.1'} "
              f"and discovered in {seconds:.1f}s")
        figures = score(out, args.verbose)
        same, total = where_agreement(gold, out)
        print(f"location agrees with the gold 'where' for {same} of {total} accounts matched by handle")
        peers = run_peers(args.peers_python, out / "_peers")
    print_comparison(figures, peers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
