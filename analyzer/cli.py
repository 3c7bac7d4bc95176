"""The `footprint` command. Subcommands live in analyzer/commands/ and load lazily, so that
`footprint --help` answers fast: scikit-learn and pandas are imported only by the commands that
need them.
"""
from __future__ import annotations

import importlib
import sys

import click

from analyzer import __version__
from analyzer.commands.common import with_common

COMMANDS: dict[str, str] = {
    "scan": "analyzer.commands.scan",
    "batch": "analyzer.commands.batch",
    "explain": "analyzer.commands.explain",
    "history": "analyzer.commands.history",
    "report": "analyzer.commands.report",
    "signals": "analyzer.commands.signals",
    "rules": "analyzer.commands.rules",
    "train": "analyzer.commands.train",
    "model": "analyzer.commands.model",
    "evaluate": "analyzer.commands.evaluate",
    "forget": "analyzer.commands.forget",
    "settings": "analyzer.commands.settings",
    "serve": "analyzer.commands.serve",
    "assessments": "analyzer.commands.assessments",
}
SUMMARIES: dict[str, str] = {
    "scan": "Scan one organisation by domain, URL or e-mail address.",
    "batch": "Score a list of organisations from a CSV or XLSX file.",
    "explain": "Explain a scan: rules, evidence, accounts, gaps, next steps.",
    "history": "Every stored scan of an organisation and how it changed.",
    "report": "Write a self-contained HTML report (one organisation or a batch).",
    "signals": "List the signals with their definitions (or show a scan's values).",
    "rules": "Check a rule set (rules check [DIR]).",
    "train": "Train the classifier from labelled assessments (written, not activated).",
    "model": "List the classifier models; use one, or reset to the bundled model.",
    "evaluate": "Cross-validated accuracy of rules, classifier and both.",
    "forget": "Remove an organisation's stored scans (personal data).",
    "settings": "List every setting with its environment variable and default.",
    "serve": "Start the review workspace: a local web app over the store.",
    "assessments": "Export the assessments as labels, or rescan corrected organisations.",
}


class DutchUsageError(click.UsageError):
    """A Click usage error shown in Dutch (usage line, help hint and message)."""

    def show(self, file=None) -> None:
        hint = ""
        if self.ctx is not None and self.ctx.command.get_help_option(self.ctx) is not None:
            hint = f"Typ '{self.ctx.command_path} --help' voor hulp.\n"
        usage = self.ctx.get_usage().replace("Usage:", "Gebruik:", 1) if self.ctx is not None else ""
        click.echo(f"{usage}\n{hint}" if usage else hint, err=True, nl=bool(usage or hint))
        click.echo(f"Fout: {self.format_message()}", err=True)


def _in_lang(exc: click.UsageError, args: list[str] | None = None) -> click.UsageError:
    """`exc` in the language the command line asks for (Click's own errors are English)."""
    import os

    from analyzer.present.errors_nl import lang_of_argv, localise_error

    lang = lang_of_argv(list(sys.argv[1:] if args is None else args), dict(os.environ))
    if lang != "nl" or isinstance(exc, DutchUsageError):
        return exc
    dutch = DutchUsageError(localise_error(exc.format_message(), lang), ctx=exc.ctx)
    dutch.exit_code = exc.exit_code
    return dutch


class LazyGroup(click.Group):
    def make_context(self, info_name, args, parent=None, **extra):  # type: ignore[override]
        try:
            return super().make_context(info_name, list(args), parent=parent, **extra)
        except click.UsageError as exc:
            raise _in_lang(exc, list(args)) from None

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _in_lang(exc, [*ctx.protected_args, *ctx.args] if exc.ctx is None else None) from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        try:
            module = importlib.import_module(COMMANDS[name])
        except ModuleNotFoundError as exc:
            if exc.name == COMMANDS[name]:
                return _not_yet(name)
            raise
        return module.command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, SUMMARIES.get(name, "")) for name in sorted(COMMANDS)])


def _not_yet(name: str) -> click.Command:
    @click.command(name=name, help=SUMMARIES.get(name, ""))
    def missing() -> None:
        click.echo(f"footprint {name}: not available in this build", err=True)
        sys.exit(2)

    return missing


EPILOG = """Settings: flag > environment (FOOTPRINT_*) > config file (--config, TOML) > defaults.
Run `footprint settings` for every setting, its environment variable and its default.

The common options may be given before the command too (footprint -v scan example.nl).

Exit codes: 0 done; 1 internal error; 2 unusable input or usage; 3 nothing could be observed."""


@click.group(cls=LazyGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"],
                                                               "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="footprint")
@with_common
def main(**_common: object) -> None:
    """footprint: where does an organisation stand in the Social Media Maturity Model?

    Gathers public signals (accounts, posting, replies, staff, what the website says about
    webcare, policy and community) and estimates the phase (Ad hoc, Experimenteel, Functioneel,
    Transformatie) with the evidence behind it.
    """


if __name__ == "__main__":  # pragma: no cover
    main()
