"""`footprint signals [DOMAIN]`: the signal catalogue, or a stored scan's signal values."""
from __future__ import annotations

import click

from analyzer.commands.common import STORED, Options, common_options, emit_json
from analyzer.core.errors import UsageError


@click.command(name="signals")
@click.argument("domain", required=False)
@common_options(*STORED)
def command(opts: Options, domain: str | None) -> None:
    """List every signal with its unit and definition (in --lang).

    With DOMAIN, show the values of the latest stored scan of that organisation next to them
    (empty = unobserved), with the number of evidence records each rests on.
    """
    from analyzer.signals import SIGNALS

    values = _stored(opts, domain) if domain else None
    rows = []
    for sig in SIGNALS:
        row = {"name": sig.name, "unit": sig.unit, "definition": sig.describe(opts.lang)}
        if values is not None:
            stored = values.get(sig.name)
            row["value"] = stored.value if stored is not None else None
            row["evidence"] = list(stored.evidence) if stored is not None else []
        rows.append(row)
    if opts.json:
        emit_json(rows)
        return
    width = max(len(s.name) for s in SIGNALS)
    for row in rows:
        head = f"{row['name']:<{width}}  [{row['unit']}]"
        if values is not None:
            shown = "—" if row["value"] is None else row["value"]
            head += f"  = {shown}  ({len(row['evidence'])} evidence)"
        click.echo(head)
        click.echo(f"{'':<{width}}  {row['definition']}")
    _activity_definitions(width, opts.lang)


def _activity_definitions(width: int, lang: str) -> None:
    """The account activity figures the activity signals rest on (one definition, every platform),
    then how staff accounts are read (staff_active, staff_posts_about_org: aggregates only)."""
    from analyzer.signals.accounts import STAFF_DEFINITIONS, STAFF_DEFINITIONS_NL
    from analyzer.signals.activity_model import DEFINITIONS, DEFINITIONS_NL

    _definitions(width, lang, {
        "en": "accounts[].activity (computed at as_of from the posts read; the same on every platform):",
        "nl": "accounts[].activity (berekend op as_of uit de gelezen berichten; op elk platform hetzelfde):"},
        DEFINITIONS, DEFINITIONS_NL)
    _definitions(width, lang, {
        "en": "staff_read (staff accounts, kept only as aggregates; personal data):",
        "nl": "staff_read (medewerkersaccounts, alleen samengevoegd bewaard; persoonsgegevens):"},
        STAFF_DEFINITIONS, STAFF_DEFINITIONS_NL)


def _definitions(width: int, lang: str, title: dict[str, str], en: dict[str, str], nl: dict[str, str]) -> None:
    click.echo("")
    click.echo(title["nl" if lang == "nl" else "en"])
    for name, text in (nl if lang == "nl" else en).items():
        click.echo(f"{name:<{width}}  {text}")


def _stored(opts: Options, domain: str):
    """The latest stored scan's signals; a clear usage error when there is none."""
    from analyzer.core.normalize import normalize

    try:
        from analyzer.store import Store
    except ImportError:  # a build without the store: the catalogue still works
        raise UsageError(f"{domain}: this build has no store to read scans from") from None
    target = normalize(domain, allow_private=opts.settings.allow_private)
    with Store.open(opts.settings) as store:
        result = store.latest(target.key)
    if result is None:
        raise UsageError(f"{target.display}: no stored scan; run `footprint scan {target.display}` first")
    return result.signals
