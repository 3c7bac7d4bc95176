"""What every command shares: the common options, settings, logging and error handling.

    @click.command()
    @common_options                      # every common option
    def command(opts: Options, ...): ...

    @common_options(*STORED)             # only those the command uses (its help lists no others)

`opts.settings` is the one Settings object (flag > environment > config file > defaults).
Errors: a FootprintError with exit code 2 prints one line naming the input and the problem; any
other exception is a bug: one line plus where the full log is, exit code 1, never a traceback.
"""
from __future__ import annotations

import functools
import json
import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import click

from analyzer.core.errors import FootprintError
from analyzer.core.printable import dropped_all
from analyzer.core.settings import Settings, load_settings

log = logging.getLogger("footprint")


@dataclass(frozen=True)
class Options:
    settings: Settings
    json: bool
    log_path: Path | None

    @property
    def lang(self) -> str:
        return self.settings.lang


class RedactingFilter(logging.Filter):
    """Removes secrets from every log record, whatever library wrote it."""

    def __init__(self, secrets: list[str]):
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            msg = record.getMessage()
            for secret in self.secrets:
                msg = msg.replace(secret, "***")
            record.msg, record.args = msg, ()
        return True


def setup_logging(settings: Settings) -> Path | None:
    level = {0: logging.WARNING, 1: logging.INFO}.get(settings.verbose, logging.DEBUG)
    root = logging.getLogger()
    for h in list(root.handlers):   # only our own handlers from an earlier command in this process
        if getattr(h, "_footprint", False):
            root.removeHandler(h)
            h.close()
    redact = RedactingFilter([settings.x_bearer_token])
    stderr = logging.StreamHandler(sys.stderr)
    stderr.setLevel(logging.ERROR if settings.quiet else level)
    stderr.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    stderr.addFilter(redact)
    stderr._footprint = True  # type: ignore[attr-defined]
    root.addHandler(stderr)
    log_path: Path | None = None
    try:
        log_dir = settings.data_dir()
        log_dir.mkdir(parents=True, exist_ok=True)
        log_path = log_dir / "footprint.log"
        fh = logging.FileHandler(log_path, encoding="utf-8")
        fh.setLevel(min(level, logging.INFO))
        fh.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        fh.addFilter(redact)
        fh._footprint = True  # type: ignore[attr-defined]
        root.addHandler(fh)
    except OSError:
        log_path = None
    root.setLevel(min(level, logging.INFO))
    # tweepy and urllib3 log request headers (the bearer token) at debug level: never below INFO.
    for noisy in ("tweepy", "urllib3", "requests_cache", "oauthlib", "requests_oauthlib"):
        logging.getLogger(noisy).setLevel(max(logging.INFO, level))
    return log_path


def teardown_logging() -> None:
    """Close the handlers setup_logging added (a command run in-process must not leak files)."""
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_footprint", False):
            root.removeHandler(h)
            h.close()


def _flags(kw: dict[str, Any]) -> dict[str, Any]:
    """Option values -> Settings flags (None = not given)."""
    out = {
        "db": kw.pop("db", None), "lang": kw.pop("lang", None),
        "record": kw.pop("record", None), "replay": kw.pop("replay", None),
        "resolve": kw.pop("resolve", None), "as_of": kw.pop("as_of", None),
        "rules": kw.pop("rules", None), "model": kw.pop("model", None),
        "cache_ttl": kw.pop("cache_ttl", None),
    }
    if kw.pop("no_cache", False):
        out["cache"] = False
    if kw.pop("allow_private", False):
        out["allow_private"] = True
    verbose = kw.pop("verbose", 0)
    if verbose:
        out["verbose"] = verbose
    if kw.pop("quiet", False):
        out["quiet"] = True
    return out


# The common options, by the name a command asks for them with. Each one means the same in every
# command, and may also be given before the subcommand (`footprint -v scan ...`).
COMMON: dict[str, Callable[[Callable[..., Any]], Callable[..., Any]]] = {
    "json": click.option("--json", "as_json", is_flag=True, default=None, help="Only JSON on stdout."),
    "db": click.option("--db", type=str, default=None, help="SQLite store path."),
    "lang": click.option("--lang", type=click.Choice(["nl", "en"]), default=None, help="Language of labels and texts."),
    "record": click.option("--record", type=str, default=None, help="Write every HTTP exchange to this WARC file (folder for a batch)."),
    "replay": click.option("--replay", type=str, default=None, help="Answer every request from this WARC file (folder for a batch)."),
    "config": click.option("--config", "config_file", type=str, default=None, help="TOML config file."),
    "resolve": click.option("--resolve", type=str, default=None, help="host:port:addr[:port],... pins host names (curl's --resolve)."),
    "allow_private": click.option("--allow-private", is_flag=True, default=None, help="Allow loopback and private addresses."),
    "no_cache": click.option("--no-cache", is_flag=True, default=None, help="Bypass the HTTP cache."),
    "cache_ttl": click.option("--cache-ttl", type=float, default=None, help="Seconds a cached answer stays fresh."),
    "as_of": click.option("--as-of", type=str, default=None, help="Treat this ISO time as now."),
    "rules": click.option("--rules", type=str, default=None, help="Use the rules in this folder instead of the built-in ones."),
    "model": click.option("--model", type=str, default=None, help="Classifier model file."),
    "verbose": click.option("-v", "--verbose", count=True, help="More detail: rule ids, weights and codes; log detail (-vv: debug)."),
    "quiet": click.option("-q", "--quiet", is_flag=True, default=None, help="No progress output."),
}
PARAMS = {"json": "as_json", "config": "config_file"}
# What a command that only reads the store uses.
STORED = ("json", "db", "lang", "config", "verbose", "quiet", "allow_private")


def with_common(fn: Callable[..., Any], names: tuple[str, ...] = tuple(COMMON)) -> Callable[..., Any]:
    """Decorate `fn` with the common options in `names` (all of them for the top-level group)."""
    for name in reversed(names):
        fn = COMMON[name](fn)
    return fn


def _before_subcommand() -> dict[str, Any]:
    """The common options given before the subcommand (the top-level group's parameters)."""
    ctx = click.get_current_context(silent=True)
    return dict(ctx.find_root().params) if ctx is not None else {}


def _merged(kw: dict[str, Any]) -> dict[str, Any]:
    """The subcommand's own common options, filled in from those given before it."""
    early = _before_subcommand()
    out = dict(kw)
    for name in COMMON:
        param = PARAMS.get(name, name)
        mine, theirs = out.get(param), early.get(param)
        if name == "verbose":
            out[param] = (mine or 0) + (theirs or 0)
        elif mine is None or mine is False:
            out[param] = theirs
    return out


def common_options(*args: Any) -> Any:
    """`@common_options` (every common option) or `@common_options("json", "db", ...)` (only the
    ones the command uses, so its help lists nothing it ignores): build Options, and handle errors
    with the contract's exit codes."""
    if len(args) == 1 and callable(args[0]):
        return _common(args[0], tuple(COMMON))
    names = tuple(args)
    unknown = [n for n in names if n not in COMMON]
    assert not unknown, unknown
    return lambda fn: _common(fn, names)


def _common(fn: Callable[..., Any], names: tuple[str, ...]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kw: Any) -> Any:
        kw = _merged(kw)
        as_json = bool(kw.pop("as_json", False))
        config_file = kw.pop("config_file", None)
        log_path: Path | None = None
        secrets: list[str] = []
        lang: str | None = kw.get("lang")  # the flag until the settings are read, then theirs
        try:
            settings = load_settings(flags=_flags(kw), config_file=config_file)
            lang = settings.lang
            secrets = [settings.x_bearer_token]
            log_path = setup_logging(settings)
            opts = Options(settings=settings, json=as_json, log_path=log_path)
            return fn(opts, *args, **kw)
        except FootprintError as exc:
            _error_line(str(exc), lang)
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except KeyboardInterrupt:
            _error_line("interrupted", lang)
            sys.exit(130)
        except Exception as exc:  # a bug: one line, the traceback goes to the log file only
            _log_traceback(log_path, secrets)
            where = f" (details in {log_path})" if log_path else ""
            _error_line(f"internal error: {type(exc).__name__}: {exc}{where}", lang)
            sys.exit(1)
        finally:
            teardown_logging()

    return with_common(wrapper, names)


def _error_line(message: str, lang: str | None) -> None:
    """The one error line on stderr, in the command's language (Dutch phrases: present/errors_nl)."""
    import os

    from analyzer.present.errors_nl import lang_of_argv, localise_error

    lang = lang or lang_of_argv(sys.argv[1:], dict(os.environ))
    click.echo(f"footprint: {localise_error(message, lang)}", err=True)


def _log_traceback(log_path: Path | None, secrets: list[str]) -> None:
    """Append the traceback to the log file, with secrets removed (a URL or message may hold one)."""
    if not log_path:
        return
    import traceback

    text = traceback.format_exc()
    for secret in filter(None, secrets):
        text = text.replace(secret, "***")
    try:
        with open(log_path, "a", encoding="utf-8") as fh:
            fh.write(text)
    except OSError:
        pass


def emit_json(data: Any) -> None:
    """Write JSON to stdout (and nothing else), without control or bidi characters in any string:
    JSON escapes C0 but keeps C1 and bidi overrides, which reach whoever views the output."""
    sys.stdout.write(json.dumps(dropped_all(data), ensure_ascii=False, indent=2, sort_keys=False) + "\n")
    sys.stdout.flush()
