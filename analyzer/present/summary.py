"""The short terminal summary `footprint scan` prints (`footprint explain` gives the long one).

Labels and number formats come from analyzer.present.i18n, like explain and the reports.
"""
from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from analyzer.present.explain import clean
from analyzer.present.i18n import fmt_number, fmt_share, phase_label, pick, step_text, t
from analyzer.core.types import PHASES, ScanResult


def print_summary(result: ScanResult, lang: str = "en", console: Console | None = None) -> None:
    console = console or Console()
    est = result.estimate
    head = Text.assemble((f"{clean(result.target.display)}  ", "bold"), f"{t('phase', lang)}: ",
                         (phase_label(est.phase, lang) if est.phase else t("no_phase", lang),
                          "bold green" if est.phase else "bold red"),
                         f"  ({t('confidence', lang).lower()} {est.confidence:.2f}, {result.status})")
    console.print(head)
    if est.probabilities:
        console.print("  ".join(f"{phase_label(p, lang)} {fmt_share(est.probabilities.get(p, 0), lang)}"
                                for p in PHASES))
    fired = sorted((o for o in est.rules if o.fired), key=lambda o: -o.weight)[:4]
    if fired:
        console.print(f"[bold]{t('why', lang)}[/bold]")
        for o in fired:
            console.print(f"  • {clean(pick(o.reason, lang))}", markup=False)
    own = [a for a in result.accounts if a.role in ("official", "department")]
    staff = [a for a in result.accounts if a.role == "staff"]
    if own:
        table = Table(title=t("accounts", lang), title_justify="left", show_edge=False)
        for key in ("platform", "handle", "role", "ownership", "active", "posts_per_week", "reply_share"):
            table.add_column(t(key, lang))
        for a in own:
            act = a.activity
            # Text cells: a scraped handle like `x[/b]` is never read as markup.
            table.add_row(a.platform, Text(clean(a.handle)), a.role, a.ownership,
                          fmt_number(act.active if act else None, lang),
                          fmt_number(act.posts_per_week if act else None, lang),
                          fmt_share(act.reply_share if act else None, lang), )
        console.print(table)
    else:
        console.print(t("no_accounts", lang))
    if staff:
        console.print(f"{t('staff_count', lang, n=len(staff))}. {t('staff_hidden', lang)}", markup=False)
    gaps = [(n, c) for n, c in sorted(result.coverage.items()) if c.status not in ("ok", "skipped")]
    if gaps:
        console.print(f"[bold]{t('coverage', lang)}[/bold]")
        for name, cov in gaps:
            console.print(f"  • {name}: {cov.status} ({cov.reason})", markup=False)
    if est.next_steps:
        console.print(f"[bold]{t('next_steps', lang)}[/bold]")
        for step in est.next_steps[:5]:
            console.print(f"  → {clean(step_text(step, lang))}", markup=False)
    # The key holds the URL path the user gave (`[/x]` in it once crashed the scan).
    console.print(clean(t("explain_hint", lang, d=result.target.key)), style="dim", markup=False)
