"""Self-contained HTML pages: one per organisation, and an index per batch run.

Nothing on a page loads from anywhere: CSS and script are inline, charts are inline SVG, and a
Content-Security-Policy forbids every remote load (`default-src 'none'`); the index's one script is
allowed by its SHA-256 hash, so no other script (say, one smuggled into a scraped excerpt) can run
even if escaping failed. Templates autoescape everything; only http(s) URLs become links.
"""
from __future__ import annotations

import base64
import hashlib
from datetime import datetime
from functools import lru_cache
from importlib import resources
from typing import Any, Sequence

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from analyzer import __version__
from analyzer.core.printable import dropped
from analyzer.present import i18n
from analyzer.present.report.charts import COLORS, history_chart, staircase
from analyzer.present.report.timeline import history_view
from analyzer.present.report.view import scan_view
from analyzer.core.types import ScanResult

CSP_BASE = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'none'; "
            "connect-src 'none'; base-uri 'none'; form-action 'none'")


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("analyzer.present.report", "templates"),
                      autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, finalize=_printable)
    return env


def _printable(value):
    """Every value a template prints, without control or bidi characters (escaping keeps them)."""
    if isinstance(value, Markup):
        return Markup(dropped(str(value)))
    return dropped(value) if isinstance(value, str) else value


@lru_cache(maxsize=None)
def static(name: str) -> str:
    return resources.files("analyzer.present.report").joinpath("static", name).read_text(encoding="utf-8")


def csp(script: str | None) -> str:
    """The page's policy: no remote loads; a script only when it is exactly ours (by hash)."""
    if script is None:
        return f"{CSP_BASE}; script-src 'none'"
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return f"{CSP_BASE}; script-src 'sha256-{digest}'"


def page_context(lang: str, script: str | None = None) -> dict[str, Any]:
    """What every page template is given (the review workspace's pages too)."""
    def t(key: str, **fmt: Any) -> str:
        return i18n.t(key, lang, **fmt)

    return dict(lang=lang, t=t, csp=csp(script), css=Markup(static("report.css")),
                script=Markup(script) if script is not None else None, tool_version=__version__,
                colors=COLORS, num=lambda v: i18n.fmt_number(v, lang), share=lambda v: i18n.fmt_share(v, lang),
                short={n: i18n.label(i18n.SIGNALS_SHORT, n, lang) for n in i18n.KEY_SIGNALS})


def _page(template: str, lang: str, script: str | None = None, **context: Any) -> str:
    return environment().get_template(template).render(**page_context(lang, script), **context)


def render_scan(result: ScanResult, *, lang: str = "en", show_names: bool = False,
                history: Sequence[ScanResult] = (), back_link: str | None = None) -> str:
    """The report page of one scan; `history` (oldest first) adds the chart when it has 2+ scans."""
    view = scan_view(result, lang, show_names)
    hist = history_view(history, lang) if len(history) > 1 else None
    chart = history_chart(hist["scans"], [p["label"] for p in view["probabilities"]]) if hist else None
    return _page("org.html.j2", lang, v=view, stair=staircase(view["probabilities"]),
                 hist=hist, hist_chart=chart, back_link=back_link, verbose=False)


def render_index(rows: Sequence[dict[str, Any]], *, run: str, lang: str = "en",
                 generated: datetime | None = None, dist: dict[str, Any]) -> str:
    """The batch index page from rows made by analyzer.present.report.batch."""
    phases = [{"phase": p, "label": i18n.phase_label(p, lang)} for p in COLORS if p != "none"]
    return _page("index.html.j2", lang, script=static("index.js"), rows=rows, run=run,
                 generated=i18n.fmt_date(generated, lang, True) if generated else "–",
                 dist=dist, phases=phases, signals=i18n.KEY_SIGNALS)
