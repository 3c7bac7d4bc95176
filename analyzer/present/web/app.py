"""The review workspace: a local, server-rendered web app over one store.

    app = create_app(store, lang="nl", host="127.0.0.1")
    uvicorn.run(app, host="127.0.0.1", port=8765)

Pages: the organisations (filter, sort, search, phase distribution and percentiles of what is
shown), one organisation (the report's content, its standing among its peers, all evidence, and the
review form), the agreement between consultant and machine, and the labels export. No page needs
JavaScript; the language follows ?lang= (remembered in a cookie), else the --lang of the server.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from analyzer.core.errors import UsageError
from analyzer.core.types import PHASES
from analyzer.present import i18n
from analyzer.present.report.charts import history_chart, staircase
from analyzer.present.report.render import page_context
from analyzer.present.report.timeline import history_view
from analyzer.present.report.view import evidence_view, personal_evidence, scan_view
from analyzer.present.web import agreement, peers, texts
from analyzer.present.web.form import parse_review, reviewable_accounts, reviewable_rules
from analyzer.present.web.labels import labels_csv
from analyzer.present.web.orgs import BASE_COLUMNS, Query, input_columns, load_rows, select
from analyzer.present.web.security import HEADERS, META_CSP, Csrf, allowed_hosts
from analyzer.store import Store
from analyzer.store.reviews import Reviews

LANG_COOKIE = "footprint_lang"
STATUSES = ("complete", "partial", "unobservable")


@dataclass(frozen=True)
class Workspace:
    store: Store          # pages read through this connection ...
    lang: str
    csrf: Csrf
    show_names: bool = False
    writer: Store | None = None   # ... and assessments are written through their own, so that a write
                                  # waiting for a batch's lock never holds up the pages (WAL lets them read)


def environment() -> Environment:
    loader = ChoiceLoader([PackageLoader("analyzer.present.web", "templates"),
                           PackageLoader("analyzer.present.report", "templates")])
    return Environment(loader=loader, autoescape=select_autoescape(["html", "j2"], default=True, default_for_string=True),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


ENV = environment()


def lang_of(request: Request, ws: Workspace) -> str:
    for value in (request.query_params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if value in ("en", "nl"):
            return value
    return ws.lang


def render(request: Request, ws: Workspace, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    lang = lang_of(request, ws)
    ctx = page_context(lang)
    other = "nl" if lang == "en" else "en"
    params = dict(request.query_params)
    params["lang"] = other
    ctx.update(t=lambda key, **fmt: texts.t(key, lang, **fmt), csp=META_CSP,
               switch_url=f"{request.url.path}?{urlencode(params)}", csrf=ws.csrf.token,
               org_url=org_url, path=request.url.path, phase_label=lambda p: i18n.phase_label(p, lang))
    response = HTMLResponse(ENV.get_template(template).render(**ctx, **context), status_code=status,
                            headers=HEADERS)
    if request.query_params.get("lang") in ("en", "nl"):
        response.set_cookie(LANG_COOKIE, lang, httponly=True, samesite="strict")
    return response


def org_url(key: str) -> str:
    return "/org/" + quote(key, safe="/")


def workspace(request: Request) -> Workspace:
    return request.app.state.workspace


async def organisations(request: Request) -> HTMLResponse:
    ws = workspace(request)
    lang = lang_of(request, ws)
    columns = input_columns(ws.store)
    rows = load_rows(ws.store)
    query = Query.from_params(request.query_params, columns)
    shown = select(rows, query)
    runs = sorted({r for row in rows for r in row.runs})
    corrected = len(Reviews(ws.store).corrected_keys(query.run)) if query.run else 0
    params = {k: v for k, v in request.query_params.items() if k not in ("sort", "dir") and v}

    def sort_url(column: str) -> str:
        desc = query.sort == column and not query.desc
        return "/?" + urlencode({**params, "sort": column, "dir": "desc" if desc else "asc"})

    values = {c: sorted({r.columns[c] for r in rows if c in r.columns}, key=str.casefold) for c in columns}
    return render(request, ws, "orgs.html.j2", rows=shown, total=len(rows), query=query, runs=runs,
                  columns=columns, column_values=values, statuses=STATUSES, sort_url=sort_url,
                  phases=[{"phase": p, "label": i18n.phase_label(p, lang)} for p in PHASES],
                  dist=peers.group_chart(shown, lang), pct=peers.percentiles(shown),
                  signals=i18n.KEY_SIGNALS, base_columns=BASE_COLUMNS, corrected=corrected,
                  filter=dict(query.columns), status_label=lambda s: i18n.label(i18n.SCAN_STATUS, s, lang),
                  date=lambda s: s[:16].replace("T", " "))


def _org_context(request: Request, ws: Workspace, key: str) -> dict[str, Any]:
    result = ws.store.latest(key)
    if result is None:
        raise HTTPException(404, f"{key}: not in the store")
    lang = lang_of(request, ws)
    history = ws.store.history(key)
    view = scan_view(result, lang, ws.show_names)
    hist = history_view(history, lang) if len(history) > 1 else None
    chart = history_chart(hist["scans"], [p["label"] for p in view["probabilities"]]) if hist else None
    rows = load_rows(ws.store)
    me = next((r for r in rows if r.key == key), None)
    run = request.query_params.get("run") or (me.runs[0] if me and me.runs else "")
    group = [r for r in rows if run in r.runs] if run else rows
    reviews = Reviews(ws.store)
    hidden = set() if ws.show_names else personal_evidence(result)
    verdicts = reviews.account_verdicts(key)
    accounts = [{**view_acc, "verdict": verdicts.get((a.platform, a.handle))}
                for a, view_acc in zip(reviewable_accounts(result), view["accounts"])]
    rule_verdicts = reviews.rule_verdicts(key)
    rules = [{"id": r.id, "phase_label": i18n.phase_label(r.phase, lang), "reason": i18n.pick(r.reason, lang),
              "fired": r.fired, "verdict": rule_verdicts.get(r.id)} for r in reviewable_rules(result)]
    return dict(v=view, stair=staircase(view["probabilities"]), hist=hist, hist_chart=chart,
                back_link="/", run=run, group_size=len(group), verbose=True,
                standing=peers.standing(me, group, lang) if me else [],
                group_dist=peers.group_chart(group, lang),
                evidence=[evidence_view(e, lang, e.id in hidden) for e in result.evidence],
                review_accounts=accounts, review_rules=rules, assessment=reviews.assessment(key),
                review_history=reviews.history(key), corrections=reviews.corrections(key),
                phases=[{"phase": p, "label": i18n.phase_label(p, lang)} for p in PHASES],
                saved=request.query_params.get("saved") == "1",
                error=None, reviewer=request.cookies.get("footprint_reviewer", ""))


async def organisation(request: Request) -> HTMLResponse:
    ws = workspace(request)
    return render(request, ws, "org_review.html.j2", **_org_context(request, ws, request.path_params["key"]))


async def record(request: Request) -> Response:
    ws = workspace(request)
    key = request.path_params["key"]
    form = await ws.csrf.check(request)
    try:
        scan_id = int(form.get("scan_id", ""))
        result = ws.store.get(scan_id)
    except (ValueError, UsageError):
        raise HTTPException(400, "scan_id: not a scan in this store") from None
    if result.target.key != key:
        raise HTTPException(400, "scan_id: a scan of another organisation")
    try:
        # off the event loop: while a batch commits, the write waits for SQLite's lock (WAL, busy timeout)
        await run_in_threadpool(Reviews(ws.writer or ws.store).record, parse_review(form, key, result))
    except UsageError as exc:
        ctx = _org_context(request, ws, key)
        ctx["error"] = str(exc)
        return render(request, ws, "org_review.html.j2", status=400, **ctx)
    response = RedirectResponse(f"{org_url(key)}?saved=1", status_code=303, headers=HEADERS)
    response.set_cookie("footprint_reviewer", form.get("reviewer", "").strip()[:200], httponly=True,
                        samesite="strict")
    return response


async def agreement_page(request: Request) -> HTMLResponse:
    ws = workspace(request)
    lang = lang_of(request, ws)
    reviews = Reviews(ws.store)
    cmp = agreement.compare(reviews.assessments(), lang)
    return render(request, ws, "agreement.html.j2", cmp=cmp, disputes=reviews.disputes())


async def export_labels(request: Request) -> Response:
    ws = workspace(request)
    buf = io.StringIO()
    labels_csv(Reviews(ws.store).assessments(), buf, run=request.query_params.get("run") or None, store=ws.store)
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={**HEADERS, "Content-Disposition": 'attachment; filename="labels.csv"'})


async def error_page(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 500)
    detail = getattr(exc, "detail", "internal error")
    return Response(f"{status}: {detail}\n", status_code=status, media_type="text/plain; charset=utf-8",
                    headers=HEADERS)


def create_app(store: Store, *, lang: str = "en", host: str = "127.0.0.1", show_names: bool = False,
               csrf: Csrf | None = None, writer: Store | None = None) -> Starlette:
    routes = [Route("/", organisations), Route("/agreement", agreement_page),
              Route("/export/labels.csv", export_labels),
              Route("/org/{key:path}", organisation, methods=["GET"]),
              Route("/org/{key:path}", record, methods=["POST"])]
    app = Starlette(routes=routes, middleware=[Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(host))],
                    exception_handlers={HTTPException: error_page})
    app.state.workspace = Workspace(store, lang, csrf or Csrf(), show_names, writer)
    return app
