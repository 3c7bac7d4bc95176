"""The short terminal summary `footprint scan` prints (`footprint explain` gives the long one).

Built from the same view as explain and the report (analyzer.present.report.view) and drawn with
explain's parts, so the three say the same with the same words and numbers.
"""
from __future__ import annotations

from rich.console import Console
from rich.rule import Rule
from rich.text import Text

from analyzer.core.types import ScanResult
from analyzer.present import explain
from analyzer.present.explain import clean, hang
from analyzer.present.i18n import t
from analyzer.present.report.view import scan_view

WHY_SHOWN = 4
STEPS_SHOWN = 5


def print_summary(result: ScanResult, lang: str = "en", console: Console | None = None,
                  verbose: bool = False, show_names: bool = False) -> None:
    console = console or Console(highlight=False)
    view = scan_view(result, lang, show_names)
    console.print(explain._headline(view))
    if view["phase"]:
        console.print(explain._probabilities(view))
    current = next((g for g in view["rules"] if g["relation"] == "current"), None)
    fired = sorted((r for g in view["rules"] for r in g["fired"]), key=lambda r: -r["weight"])
    if current is not None:
        fired = current["fired"] or fired
    if fired:
        console.print(Text(t("why", lang), style="bold"))
        for r in fired[:WHY_SHOWN]:
            line = Text(clean(r["reason"]))
            if verbose:
                line.append(f"  ({clean(r['id'])})", style="dim")
            console.print(hang("  •", line))
    console.print(Rule(t("accounts", lang), style="dim"))
    if view["status"] == "unobservable" and not view["accounts"]:
        console.print(Text(t("accounts_unobserved", lang)))
    else:
        console.print(explain._accounts(view["accounts"], lang))
    console.print(explain._staff(view["staff"], lang))
    if any(c["gap"] for c in view["coverage"]):
        console.print(Rule(t("coverage", lang), style="dim"))
        console.print(explain._coverage(view, lang, verbose))
    if view["next_steps"]:
        console.print(Rule(t("next_steps", lang), style="dim"))
        for i, step in enumerate(view["next_steps"][:STEPS_SHOWN], 1):
            console.print(hang(f"{i}.", Text(clean(step))))
    # The key holds the URL path the user gave (`[/x]` in it once crashed the scan).
    console.print(Text(clean(t("explain_hint", lang, d=result.target.key)), style="dim"))
    console.print(Text(clean(t("report_hint", lang, d=result.target.key)), style="dim"))
