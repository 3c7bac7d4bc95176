"""`footprint rules check [DIR]`: the same verdict on a rule set that CI gives."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from analyzer.core.errors import UsageError
from analyzer.commands.common import Options, common_options, emit_json


@click.group(name="rules")
def command() -> None:
    """Work with rule sets (rules/*.yaml: one rule per file)."""


@command.command(name="check")
@click.argument("directory", required=False)
@common_options("json", "lang", "config", "rules", "verbose", "quiet")
def check(opts: Options, directory: str | None) -> None:
    """Load and validate every rule in DIRECTORY (default: --rules, else the built-in rules) and
    run each rule's own test cases. Exit 0 when all is well, 2 with one line per problem."""
    from analyzer.core.printable import one_line
    from analyzer.rules import check_rules

    folder = directory or opts.settings.rules or None
    if folder is not None and not Path(folder).expanduser().is_dir():
        what = "no such folder" if not Path(folder).expanduser().exists() else "not a folder"
        raise UsageError(f"rules check {folder}: {what} (give a folder of rule YAML files)")
    report = check_rules(folder)
    if opts.json:
        emit_json({"ruleset": report.name, "ok": report.ok, "problems": list(report.problems),
                   "rules": [{"file": f, "id": rid, "cases": n, "ok": not p, "problems": list(p)}
                             for f, rid, n, p in report.rules]})
    else:
        from analyzer.present.i18n import t

        lang = opts.lang
        for _file, rid, cases, problems in report.rules:
            state = "ok  " if not problems else "FAIL"
            click.echo(f"{state} {one_line(rid)} ({t('rule_case' if cases == 1 else 'rule_cases', lang, n=cases)})")
        for line in report.problems:
            click.echo(one_line(line), err=True)
        total = len(report.rules)
        bad = sum(1 for r in report.rules if r[3])
        name = one_line(report.name)   # a folder name is shown as any text from a user: escaped
        if name == "built-in":
            name = t("builtin_rules", lang)
        summary = (t("rules_all_good", lang, name=name, n=total) if report.ok
                   else t("rules_problems", lang, name=name, p=len(report.problems), bad=bad or 1, n=total))
        click.echo(summary)
    if not report.ok:
        sys.exit(2)
