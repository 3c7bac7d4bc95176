"""The short terminal summary `footprint scan` prints (`footprint explain` gives the long one)."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from analyzer.types import PHASE_LABELS, PHASES, ScanResult

LABELS = {
    "en": {"phase": "Phase", "unknown": "cannot be estimated", "confidence": "confidence",
           "accounts": "Accounts", "platform": "platform", "handle": "handle", "role": "role",
           "ownership": "ownership", "active": "active", "ppw": "posts/wk", "reply": "replies",
           "gaps": "Coverage gaps", "next": "Next steps", "why": "Why", "none": "none found",
           "staff": "staff accounts (names hidden; see report --names)", "more": "footprint explain {d} shows all evidence",
           "yes": "yes", "no": "no"},
    "nl": {"phase": "Fase", "unknown": "niet te schatten", "confidence": "betrouwbaarheid",
           "accounts": "Accounts", "platform": "platform", "handle": "naam", "role": "rol",
           "ownership": "eigendom", "active": "actief", "ppw": "posts/wk", "reply": "reacties",
           "gaps": "Wat niet waargenomen kon worden", "next": "Volgende stappen", "why": "Waarom",
           "none": "geen gevonden", "staff": "medewerkeraccounts (namen verborgen; zie report --names)",
           "more": "footprint explain {d} toont alle bewijs", "yes": "ja", "no": "nee"},
}


def _fmt(value, pct: bool = False) -> str:
    if value is None:
        return "–"
    if pct:
        return f"{value:.0%}"
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def print_summary(result: ScanResult, lang: str = "en", console: Console | None = None) -> None:
    t = LABELS[lang]
    console = console or Console()
    est = result.estimate
    label = PHASE_LABELS[est.phase][lang] if est.phase else t["unknown"]
    head = Text.assemble((f"{result.target.display}  ", "bold"), (f"{t['phase']}: ", ""),
                         (label, "bold green" if est.phase else "bold red"),
                         f"  ({t['confidence']} {est.confidence:.2f}, {result.status})")
    console.print(head)
    if est.probabilities:
        bars = "  ".join(f"{PHASE_LABELS[p][lang]} {est.probabilities.get(p, 0):.0%}" for p in PHASES)
        console.print(bars)
    fired = sorted((o for o in est.rules if o.fired), key=lambda o: -o.weight)[:4]
    if fired:
        console.print(f"[bold]{t['why']}[/bold]")
        for o in fired:
            console.print(f"  • {o.reason.get(lang) or o.reason.get('en')}", markup=False)
    own = [a for a in result.accounts if a.role in ("official", "department")]
    staff = [a for a in result.accounts if a.role == "staff"]
    table = Table(title=t["accounts"], title_justify="left", show_edge=False)
    for col in ("platform", "handle", "role", "ownership", "active", "ppw", "reply"):
        table.add_column(t[col])
    for a in own:
        act = a.activity
        active = None if act is None or act.active is None else (t["yes"] if act.active else t["no"])
        table.add_row(a.platform, a.handle, a.role, a.ownership, _fmt(active),
                      _fmt(act.posts_per_week if act else None), _fmt(act.reply_share if act else None, pct=True))
    if own:
        console.print(table)
    else:
        console.print(f"{t['accounts']}: {t['none']}")
    if staff:
        console.print(f"{len(staff)} {t['staff']}")
    gaps = [(n, c) for n, c in sorted(result.coverage.items()) if c.status not in ("ok", "skipped")]
    if gaps:
        console.print(f"[bold]{t['gaps']}[/bold]")
        for name, cov in gaps:
            console.print(f"  • {name}: {cov.status} ({cov.reason})", markup=False)
    if est.next_steps:
        console.print(f"[bold]{t['next']}[/bold]")
        for step in est.next_steps[:5]:
            console.print(f"  → {step.get(lang) or step.get('en')}", markup=False)
    console.print(t["more"].format(d=result.target.key), style="dim")
