"""The store takes hostile text as data: SQL is built only with parameters (checked in the source),
and an organisation key and page text full of quotes and SQL fragments are stored and shown back
verbatim, with every table intact."""
from __future__ import annotations

import ast
import json
import sqlite3
from pathlib import Path

import pytest

from analyzer.core.normalize import normalize
from analyzer.scan import run_scan
from analyzer.store import Store
from tests.hardening_helpers import DOMAIN, FAST, PAGE, hard_org, serve_faulty, warm_up
from tests.report_helpers import cli
from tests.servers import html

ROOT = Path(__file__).resolve().parents[1]
SQL_CALLS = {"execute", "executemany", "executescript", "query", "iterate"}
DROP = "'); DROP TABLE scans;--"
KEY_PATH = "/');DROP/**/TABLE/**/scans;--"   # a URL path: the key is host + path, spaces are refused


def _sql_sources() -> list[Path]:
    return sorted(p for p in (ROOT / "analyzer").rglob("*.py") if "execute(" in p.read_text(encoding="utf-8")
                  or ".query(" in p.read_text(encoding="utf-8"))


def _constant_join(node: ast.AST) -> bool:
    """`" OR ".join(names)`: joining fixed clauses, the one dynamic SQL shape we accept."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "join"
            and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str))


def _safe_sql(node: ast.AST, assigned: dict[str, list[ast.AST]], depth: int = 0) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):   # f-strings: only fixed clauses joined, never values
        return all(isinstance(v, ast.Constant) or (isinstance(v, ast.FormattedValue) and _constant_join(v.value))
                   for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _safe_sql(node.left, assigned, depth) and _safe_sql(node.right, assigned, depth)
    if isinstance(node, ast.Name) and depth < 3:
        values = assigned.get(node.id)
        if values is None:       # a parameter or loop variable: checked where it is given
            return True
        return all(_safe_sql(v, assigned, depth + 1) for v in values)
    return False


@pytest.mark.parametrize("path", _sql_sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_sql_is_built_only_with_parameters(path):
    """No SQL text made with %, .format() or an f-string holding a value; values go as parameters."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = []
    for func in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]:
        assigned: dict[str, list[ast.AST]] = {}
        for n in ast.walk(func):
            if isinstance(n, ast.Assign):
                for t in n.targets:
                    if isinstance(t, ast.Name):
                        assigned.setdefault(t.id, []).append(n.value)
        for call in [n for n in ast.walk(func) if isinstance(n, ast.Call)]:
            if isinstance(call.func, ast.Attribute) and call.func.attr in SQL_CALLS and call.args:
                if not _safe_sql(call.args[0], assigned):
                    bad.append(f"{path.name}:{call.lineno}")
    assert bad == []


def test_the_sql_check_catches_interpolation():
    """The checker itself: an f-string or % with a value is caught."""
    for code in ('conn.execute(f"SELECT * FROM scans WHERE org_key = \'{key}\'")',
                 'conn.execute("SELECT * FROM scans WHERE org_key = \'%s\'" % key)',
                 'conn.execute("SELECT * FROM scans WHERE org_key = \'{}\'".format(key))'):
        call = ast.parse(code).body[0].value
        assert not _safe_sql(call.args[0], {})


@pytest.fixture(scope="module", autouse=True)
def _warm():
    warm_up()


def test_hostile_key_and_page_text_stored_and_shown_verbatim(net, tmp_path):
    spec = hard_org()
    serve_faulty(net, spec, (), None)
    page = PAGE.format(title=f"Over ons {DROP}").replace("Bel ons", f"Bel ons \"quoted\" {DROP} -- /* x */")
    net.route(DOMAIN, KEY_PATH, html(page))
    db = tmp_path / "store.db"
    s = net.settings(**{**FAST, "cache": False, "db": str(db), "wikidata": False, "platform_reads": False})
    target = normalize(DOMAIN + KEY_PATH, allow_private=True)
    assert target.key == DOMAIN + KEY_PATH
    result = run_scan(target, s)
    assert result.coverage["website"].status in ("ok", "partial"), result.coverage["website"]
    with Store.open(s) as store:
        scan_id = store.save(result)
        store.save(result)
        assert store.keys() == [target.key]
        back = store.get(scan_id)
    assert back.target.key == target.key
    titles = [e.value.get("title") for e in back.evidence if e.kind == "page_fetched"]
    assert f"Over ons {DROP}" in titles
    tables = {r[0] for r in sqlite3.connect(db).execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"scans", "runs", "run_rows"} <= tables  # the hostile text dropped no table
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM scans").fetchone()[0] == 2
    shown = cli("history", target.input, "--json", "--db", str(db), "--allow-private")
    assert shown.exit_code == 0, shown.output
    view = json.loads(shown.output)
    assert view["domain"] == target.display == DOMAIN + KEY_PATH
    assert len(view["scans"]) == 2
    explained = cli("explain", target.input, "--json", "--db", str(db), "--allow-private")
    assert explained.exit_code == 0, explained.output
    assert DROP in explained.output
