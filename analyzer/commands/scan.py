"""`footprint scan DOMAIN`: scan one organisation, store it, print the estimate."""
from __future__ import annotations

import contextlib
import dataclasses
import logging
import sys
from typing import Iterator

import click

from analyzer.commands.common import Options, common_options, emit_json
from analyzer.core.corrections import BadCorrection, UserCorrection, parse_correction
from analyzer.core.errors import FootprintError, UsageError
from analyzer.core.normalize import normalize
from analyzer.core.types import iso
from analyzer.store.reviews import with_stored

log = logging.getLogger(__name__)


def parse_corrections(adds: tuple[str, ...], removes: tuple[str, ...]) -> tuple[UserCorrection, ...]:
    """`PLATFORM:HANDLE` values of --account / --not-account -> UserCorrections."""
    out = []
    for action, values, flag in (("add", adds, "--account"), ("remove", removes, "--not-account")):
        for value in values:
            try:
                out.append(parse_correction(action, value))
            except BadCorrection as exc:
                raise UsageError(f"{flag} {value!r}: {exc}") from None
    return tuple(out)


def stored_corrections(opts: Options, key: str) -> tuple[UserCorrection, ...]:
    """The review workspace's account corrections for `key` (none when there is no store yet)."""
    from analyzer.store import Store
    from analyzer.store.reviews import Reviews

    if not opts.settings.db_path().exists():
        return ()
    try:
        with Store(opts.settings.db_path()) as store:
            return Reviews(store).corrections(key)
    except FootprintError as exc:
        log.error("stored corrections could not be read: %s", exc)
        return ()


def store_result(opts: Options, result):
    """Save to the store (scrubbing the settings' secrets, as a batch does); a store that cannot
    be written (read-only, full disk) is a warning and never loses the printed result."""
    import sqlite3

    from analyzer.store import Store

    try:
        with Store.open(opts.settings) as store:
            same = store.same_stored(result)
            if same is not None:   # replaying one archive again must not pile up identical scans
                if not opts.settings.quiet:
                    click.echo(f"{result.target.display}: hetzelfde resultaat als de opgeslagen scan van "
                               f"{iso(result.as_of)}; niet opnieuw opgeslagen" if opts.lang == "nl" else
                               f"{result.target.display}: the same result as the stored scan observed "
                               f"{iso(result.as_of)}; not stored again", err=True)
                return dataclasses.replace(result, scan_id=same)
            scan_id = store.save(result)
        return dataclasses.replace(result, scan_id=scan_id)
    except FootprintError as exc:
        log.warning("the scan was not stored: %s", exc)
    except (OSError, sqlite3.Error) as exc:
        log.warning("the scan was not stored in %s: %s", opts.settings.db_path(), exc)
    return result


STAGE_LABELS = {"website": {"en": "reading the website", "nl": "website lezen"},
                "wikidata": {"en": "asking Wikidata", "nl": "Wikidata raadplegen"},
                "platforms": {"en": "reading the accounts on the platforms", "nl": "accounts op de platforms lezen"},
                "estimate": {"en": "estimating the phase", "nl": "fase schatten"}}


class _StageLine(logging.Handler):
    def __init__(self, lang: str):
        super().__init__(logging.INFO)
        self.lang = lang

    def emit(self, record: logging.LogRecord) -> None:
        key, _sep, stage = record.getMessage().rpartition(": ")
        from analyzer.present.i18n import label

        sys.stderr.write(f"… {key}: {label(STAGE_LABELS, stage, self.lang)}\n")
        sys.stderr.flush()


@contextlib.contextmanager
def show_stages(opts: Options) -> Iterator[None]:
    """The scan's stages on stderr, in a terminal only and not with -q."""
    if opts.settings.quiet or not sys.stderr.isatty():
        yield
        return
    stage_log = logging.getLogger("footprint.stage")
    handler = _StageLine(opts.lang)
    stage_log.addHandler(handler)
    try:
        yield
    finally:
        stage_log.removeHandler(handler)


@click.command(help="Scan one organisation by domain, URL or e-mail address.")
@click.argument("domain")
@click.option("--account", "adds", multiple=True, metavar="PLATFORM:HANDLE",
              help="Add an account discovery missed (repeatable).")
@click.option("--not-account", "removes", multiple=True, metavar="PLATFORM:HANDLE",
              help="Remove an account that is not the organisation's (repeatable).")
@click.option("--names", is_flag=True, default=False,
              help="Show staff names (personal data; hidden by default) in the JSON and the summary.")
@common_options
def command(opts: Options, domain: str, adds: tuple[str, ...], removes: tuple[str, ...], names: bool) -> None:
    from analyzer.present.output import scan_to_json
    from analyzer.scan import run_scan

    from analyzer.commands.paths import check_db

    check_db(opts.settings.db_path())
    target = normalize(domain, allow_private=opts.settings.allow_private)
    corrections = with_stored(stored_corrections(opts, target.key), parse_corrections(adds, removes))
    with show_stages(opts):
        result = run_scan(target, opts.settings, corrections=corrections)
    result = store_result(opts, result)
    show_names = names or opts.settings.show_names
    if opts.json:
        emit_json(scan_to_json(result, opts.lang, show_names))
    else:
        from analyzer.present.summary import print_summary

        print_summary(result, opts.lang, verbose=opts.settings.verbose > 0, show_names=show_names)
    if result.status == "unobservable":
        raise SystemExit(3)
