"""Terminal rendering of a scan view (`footprint explain`) and a history view (`footprint history`).

Reads the dicts of analyzer.present.report.view and analyzer.present.report.timeline, so the terminal, --json and
the HTML report say the same. Untrusted text is never parsed as rich markup and is stripped of
control and bidi characters, so a scraped excerpt cannot move the cursor or recolour the screen.
Everything wraps to the console width (80 columns is the target).
"""
from __future__ import annotations

import re
from typing import Any, Iterable

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from analyzer.present import i18n
from analyzer.present.i18n import t

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
MARKS = {"fired": ("✔", "green"), "unmet": ("✘", "red"), "unknown": ("?", "yellow")}
BAR = 24
SOURCES_SHOWN = 4


def clean(text: Any, limit: int | None = None) -> str:
    """Untrusted text made safe for a terminal: no control or bidi characters, optionally cut."""
    out = _UNSAFE.sub("\ufffd", "" if text is None else str(text))
    return out if limit is None or len(out) <= limit else out[: limit - 1] + "…"


def render_scan(view: dict[str, Any], console: Console, verbose: bool = False) -> None:
    """`verbose` (-v) adds the internal codes people do not need: rule ids, weights, fault details."""
    for part in scan_parts(view, verbose):
        console.print(part)


def scan_parts(view: dict[str, Any], verbose: bool = False) -> Iterable[RenderableType]:
    lang = view["lang"]
    yield _headline(view)
    yield _probabilities(view)
    yield _key_signals(view)
    yield Rule(t("rules", lang), style="dim")
    yield _legend(lang)
    for group in view["rules"]:
        yield _phase_rules(group, lang, current=group["relation"] == "current", verbose=verbose)
    yield Rule(t("accounts", lang), style="dim")
    if view["status"] == "unobservable" and not view["accounts"]:
        yield Text(t("accounts_unobserved", lang))
    else:
        yield _accounts(view["accounts"], lang)
    yield _staff(view["staff"], lang)
    yield Rule(t("coverage", lang), style="dim")
    yield _coverage(view, lang, verbose)
    yield Rule(t("next_steps", lang), style="dim")
    yield _numbered(view["next_steps"]) if view["next_steps"] else Text(t("no_next_steps", lang))


def _headline(view: dict[str, Any]) -> RenderableType:
    lang = view["lang"]
    title = Text(clean(view["domain"]), style="bold")
    if view["phase"]:
        title.append(f"  {t('phase', lang)}: ").append(view["phase_label"], style="bold cyan")
        title.append(f"  ({t('confidence', lang).lower()} {round(view['confidence'] * 100)}%)")
    else:
        title.append("  ").append(t("no_phase", lang), style="bold red")
    meta = [f"{t('scanned_at', lang)} {view['scanned_at_label']}", view["status_label"],
            f"{t('version', lang)} {clean(view['version'])}"]
    if view["scan_id"] is not None:
        meta.insert(1, f"{t('scan_id', lang).lower()} {view['scan_id']}")
    if view["ruleset"]:
        ruleset = t("builtin_rules", lang) if view["ruleset"] == "built-in" else clean(view["ruleset"])
        meta.append(f"{t('ruleset', lang).lower()} {ruleset}")
    return Group(title, Text(" · ".join(meta), style="dim"), Text(""))


def _probabilities(view: dict[str, Any]) -> RenderableType:
    table = Table.grid(padding=(0, 1))
    for _ in range(4):
        table.add_column()
    for p in view["probabilities"]:
        share = p["p"]
        filled = 0 if share is None else round(share * BAR)
        bar = Text("█" * filled, style="cyan" if p["current"] else "blue")
        bar.append("·" * (BAR - filled), style="dim")
        table.add_row("▶" if p["current"] else " ", Text(p["label"], style="bold" if p["current"] else ""),
                      bar, "–" if share is None else f"{round(share * 100):>3}%")
    return Group(table, Text(""))


def hang(mark: str | Text, body: RenderableType, indent: int = 0) -> RenderableType:
    """`mark` then `body`, with wrapped lines of the body indented under its first character."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(mark, body)
    return Padding(grid, (0, 0, 0, indent), expand=False) if indent else grid


def _legend(lang: str) -> Text:
    text = Text()
    for kind, (mark, colour) in MARKS.items():
        text.append(mark, style=colour).append(f" {t(kind, lang)}   ")
    return text


def _key_signals(view: dict[str, Any]) -> RenderableType:
    shown = [s for s in view["signals"] if s["key"]]
    if not shown:
        return Text("")
    grid = Table.grid(padding=(0, 2))
    grid.add_column()
    grid.add_column(justify="right")
    for s in shown:
        grid.add_row(s["label"], Text(s["display"], style="bold"))
    return Group(Text(t("key_signals", view["lang"]), style="bold"), grid, Text(""))


def _phase_rules(group: dict[str, Any], lang: str, current: bool, verbose: bool = False) -> RenderableType:
    title = Text(group["label"], style="bold underline")
    if current:
        title.append(f"  ◀ {t('you_are_here', lang)}", style="cyan")
    below = group["relation"] == "below"
    if below:
        title.append(f"  ({t('phase_below_terminal', lang)})", style="dim")
    parts: list[RenderableType] = [title]
    rules = [(kind, r) for kind in ("fired", "unmet", "unknown") for r in group[kind]]
    if not rules:
        parts.append(Padding(Text(t("no_rules", lang), style="dim"), (0, 0, 0, 2), expand=False))
    for kind, r in rules:
        mark, colour = MARKS[kind]
        body: list[RenderableType] = [Text(clean(r["reason"]) or clean(r["id"]), style="bold")]
        if verbose:
            body.append(Text(f"{clean(r['id'])} · {t('weight', lang)} {i18n.fmt_number(r['weight'], lang)}",
                             style="dim"))
        if below:  # kept short: these rules say little about where the organisation stands
            parts.append(hang(Text(mark, style=colour), Group(*body), indent=2))
            continue
        if r.get("nothing_found"):
            body.append(hang("•", Text(r["nothing_found"], style="dim")))
        body.extend(_source(src, lang) for src in r["sources"][:SOURCES_SHOWN])
        if len(r["sources"]) > SOURCES_SHOWN:
            more = t("more_sources", lang, n=len(r["sources"]) - SOURCES_SHOWN)
            body.append(hang("•", Text(f"{more} (--json)", style="dim")))
        if kind != "fired" and r["next_step"]:
            body.append(hang(Text("→", style="magenta"), Text(clean(r["next_step"]), style="italic")))
        parts.append(hang(Text(mark, style=colour), Group(*body), indent=2))
    parts.append(Text(""))
    return Group(*parts)


def _source(src: dict[str, Any], lang: str) -> RenderableType:
    seen = f"{t('seen', lang)} {src['seen']}"
    kinds = ", ".join(src["kinds"])
    if src["hidden"]:
        return hang("•", Text(f"{kinds} ({t('personal_hidden', lang)}) · {seen}", style="dim"))
    # The URL on a line of its own, so that it is never split when the details wrap.
    url = Text(clean(src["url"]) if src["url"] else kinds, style="underline" if src["link"] else "")
    head = Group(url, Text(f"{kinds} · {seen}" if src["url"] else seen, style="dim"))
    quotes = [Text("“" + clean(x, 160) + "”", style="italic dim") for x in src["excerpts"][:2]]
    return hang("•", Group(head, *quotes) if quotes else head)


def _accounts(accounts: list[dict[str, Any]], lang: str) -> RenderableType:
    """One account per entry: the handle whole on its own line (a consultant copies it), the
    figures after it, wrapped between figures, never inside a handle or a URL."""
    if not accounts:
        return Text(t("no_accounts", lang))
    parts: list[RenderableType] = []
    for a in accounts:
        head = Text.assemble((f"{a['platform_label']}  ", "bold"), (clean(a["handle"]), "bold"))
        facts = [a["role_label"], a["ownership_label"] + (" ✓" if a["platform_verified"] else "")]
        if a["active"] is not None:
            facts.append(t("active" if a["active"] else "inactive", lang).lower())
        if a["posts_per_week"] is not None:
            facts.append(f"{i18n.fmt_number(a['posts_per_week'], lang)} {t('posts_per_week_unit', lang)}")
        if a["reply_share"] is not None:
            facts.append(f"{i18n.fmt_share(a['reply_share'], lang)} {t('reply_share_unit', lang)}")
        if a.get("answered") not in (None, "", "–"):
            facts.append(f"{t('answered_short', lang)} {a['answered']}")
        if a["sample_size"] is not None:
            facts.append(t("sample_unit", lang, n=a["sample_size"]))
        if len(facts) == 2:
            facts.append(t("activity_not_read", lang))
        parts.append(head)
        parts.append(Padding(Text(" · ".join(facts), style="dim"), (0, 0, 0, 2), expand=False))
    parts.append(Text("✓ = " + t("platform_verified", lang).lower(), style="dim"))
    if any(a.get("answered") not in (None, "", "–") for a in accounts):
        parts.append(Text(t("answered_note", lang), style="dim"))
    return Group(*parts)


def _staff(staff: dict[str, Any], lang: str) -> RenderableType:
    if not staff["count"]:
        return Text("")
    line = Text("\n" + t("staff_count", lang, n=staff["count"]), style="bold")
    if staff["platforms"]:
        line.append(": " + ", ".join(f"{p['label']} {p['count']}" for p in staff["platforms"]))
    parts: list[RenderableType] = [line]
    if staff["roles"]:
        parts.append(Text(f"{t('role', lang)}: " + ", ".join(clean(r) for r in staff["roles"])))
    if staff.get("read"):
        parts.append(Text(staff["read"]["text"]))
    if staff["names_shown"]:
        for a in staff["accounts"]:
            name = f" ({clean(a['name'])})" if a["name"] else ""
            parts.append(Text(f"  {a['platform_label']} {clean(a['handle'])}{name}"))
    else:
        parts.append(Text(t("staff_hidden", lang), style="dim"))
    return Group(*parts)


def _coverage(view: dict[str, Any], lang: str, verbose: bool = False) -> RenderableType:
    gaps = [c for c in view["coverage"] if c["gap"]]
    parts: list[RenderableType] = []
    for c in gaps:
        line = Text.assemble((f"{clean(c['label'])}: ", "bold"), c["status_label"])
        if c["reason"]:
            line.append(f" – {c['meaning']}")
        if c["detail"] and verbose:
            line.append(f" ({clean(c['detail'], 120)})", style="dim")
        parts.append(hang(Text("!", style="yellow"), line))
    parts.append(Text(t("coverage_effect", lang) if gaps else t("coverage_ok", lang), style="dim"))
    skipped = [c for c in view["coverage"] if c["status"] == "skipped"]
    if skipped:
        listed = "; ".join(f"{clean(c['label'])} ({c['meaning'] or c['status_label']})" for c in skipped)
        parts.append(Text(f"{t('skipped', lang)}: {listed}", style="dim"))
    if view["confidence_reasons"]:
        parts.append(Text(f"\n{t('confidence_reasons', lang)}:", style="bold"))
        parts.extend(hang("•", Text(clean(r))) for r in view["confidence_reasons"])
    return Group(*parts, Text(""))


def _numbered(items: list[str]) -> RenderableType:
    return Group(*(hang(f"{i}.", Text(clean(s))) for i, s in enumerate(items, 1)))


def render_history(view: dict[str, Any], console: Console) -> None:
    lang = view["lang"]
    scans = view["scans"]
    console.print(Text.assemble((clean(view["domain"]), "bold"), f"  {t('history', lang)}: {t('n_scans', lang, n=len(scans))}"))
    if not scans:
        console.print(Text(t("history_none", lang, domain=clean(view["domain"]))))
        return
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(t("history_as_of", lang), no_wrap=True)
    table.add_column(t("phase", lang), no_wrap=True)
    for name in view["signals"]:
        table.add_column(i18n.label(i18n.SIGNALS_SHORT, name, lang), justify="right", overflow="fold")
    for s in scans:
        phase = Text(s["phase_label"] or "–", style="bold" if s["changes"] else "")
        table.add_row(f"#{s['number']}", s["date"], phase,
                      *(s["signals_display"][n] for n in view["signals"]))
    console.print(table)
    changed = [s for s in scans[1:] if s["changes"]]
    if changed:
        console.print(Text(t("changes", lang), style="bold"))
    for s in changed:
        what = "; ".join(f"{c['label']} {c['text']}" for c in s["changes"])
        console.print(hang("•", Text.assemble((f"#{s['number']} {s['date']}: ", "dim"), what)))
