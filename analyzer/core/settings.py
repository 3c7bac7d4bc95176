"""One settings object for every component.

Precedence: command-line flag > environment (`FOOTPRINT_<NAME>`) > config file (TOML, table
`[footprint]` or top level) > defaults. Every field is documented here; `footprint --help` and the
README list them (a test keeps the README in step). Secrets (the X bearer token) come from the
environment only and never appear in `repr`, logs or output.
"""
from __future__ import annotations

import math
import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Mapping

from analyzer.core.errors import UsageError
from analyzer.core.printable import one_line

MAX_CONFIG = 1_000_000   # bytes: a settings file is a few hundred
TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def _default_data_dir() -> Path:
    from platformdirs import user_data_dir  # small import, only when a default is needed

    return Path(user_data_dir("footprint", appauthor=False))


def _doc(text: str, low: float | None = None, high: float | None = None,
         choices: tuple[str, ...] = (), **kw: Any) -> Any:
    """A documented field; `low`/`high` bound a number (a config file's `max_redirects = -1` is
    refused naming the file and the setting, never left to fail somewhere in a scan)."""
    return field(metadata={"doc": text, "low": low, "high": high, "choices": choices}, **kw)


@dataclass(frozen=True)
class Settings:
    db: str = _doc("SQLite store path (default: footprint.db in the user data directory).", default="")
    lang: str = _doc("Language of labels, reasons and next steps: nl or en.", choices=("en", "nl"), default="en")
    cache: bool = _doc("Use the persistent HTTP cache.", default=True)
    cache_path: str = _doc("HTTP cache file (default: http-cache.sqlite in the user data directory).", default="")
    cache_ttl: float = _doc("Seconds a cached answer stays fresh.", low=0, default=86400.0)
    connect_timeout: float = _doc("Seconds to wait for a TCP/TLS connection.", low=0.001, default=10.0)
    read_timeout: float = _doc("Seconds to wait between bytes of an answer.", low=0.001, default=20.0)
    request_timeout: float = _doc("Longest total seconds for one request, body included (stops a slow drip).", low=0.001, default=60.0)
    scan_budget: float = _doc("Wall-clock seconds a scan may take, estimate included (the website gets at most half).", low=0.001, default=45.0)
    batch_scan_budget: float = _doc("scan_budget for each organisation of a batch; 0: the same as scan_budget.", low=0, default=0.0)
    retries: int = _doc("Retries of a GET after a connection error, 429 or 5xx.", low=0, high=20, default=2)
    backoff: float = _doc("First backoff in seconds (doubles each retry).", low=0, high=600, default=0.5)
    retry_after_cap: float = _doc("Longest Retry-After (seconds) honoured; longer means give up.", low=0, default=30.0)
    max_body: int = _doc("Largest body in bytes (after decompression); a web page over it is read up to it.", low=1, default=5_000_000)
    max_redirects: int = _doc("Redirects followed per request.", low=0, high=100, default=8)
    per_host: int = _doc("Concurrent requests per website host (documented APIs are paced at their published rate instead).",
                         low=1, high=64, default=4)
    api_rates: str = _doc("Rate limits replacing the published ones: host=requests/seconds,... "
                          "(a mirror, a negotiated limit); every request to such a host is paced.", default="")
    crawl_delay_cap: float = _doc("Longest robots.txt Crawl-delay honoured (seconds).", low=0, default=10.0)
    user_agent: str = _doc("User-Agent header.", default="footprint/{version} (+https://github.com/footprint-smm/footprint; social footprint analyzer)")
    allow_private: bool = _doc("Allow loopback and private addresses (tests, local mirrors).", default=False)
    resolve: str = _doc("Pin host names to addresses: host:port:addr[:port2],... (curl's --resolve; "
                        "a fourth field also changes the port, like curl's --connect-to; host * matches any host).",
                        default="")
    ca_bundle: str = field(default="", metadata={
        "doc": "CA bundle for TLS verification (as requests reads it).", "env": "REQUESTS_CA_BUNDLE"})
    max_pages: int = _doc("Website pages fetched per organisation (homepage included).", low=1, default=12)
    wikidata: bool = _doc("Also ask Wikidata for the organisation's accounts (opt-in).", default=False)
    wikidata_endpoint: str = _doc("Wikidata SPARQL endpoint.", default="https://query.wikidata.org/sparql")
    x_monthly_reads: int = _doc("X API posts that may be read per calendar month.", low=0, default=10000)
    x_api_base: str = _doc("X API base URL.", default="https://api.x.com/2")
    bluesky_appview: str = _doc("Bluesky public AppView base URL.", default="https://public.api.bsky.app")
    platform_reads: bool = _doc("Read activity of discovered accounts on the platforms.", default=True)
    presence_check: bool = _doc("Check login-walled profiles (Facebook, Instagram, LinkedIn, ...) with one GET each: "
                                "exists / absent (clean 404) / unknown (login or bot wall).", default=False)
    record: str = _doc("Write every HTTP exchange to this WARC file (or folder, for a batch).", default="")
    replay: str = _doc("Answer every request from this WARC file (or folder); never use the network.", default="")
    as_of: str = _doc("Treat this ISO time as now (default: now, or the capture time when replaying).", default="")
    rules: str = _doc("Folder of rule YAML files to use instead of the built-in rules.", default="")
    model: str = _doc("Classifier model file (default: the user's trained model, else the bundled one).", default="")
    concurrency: int = _doc("Organisations scanned at once in a batch (with --executor dask: per worker process).",
                            low=1, high=256, default=8)
    dask_workers: int = _doc("Worker processes of the local Dask cluster that --executor dask starts without --scheduler.",
                             low=1, high=256, default=2)
    retention_days: int = _doc("Evidence older than this many days is expired from the store (0 = keep).", low=0, default=0)
    show_names: bool = _doc("Show staff names in reports, explain and the scan JSON (personal data; off by default).",
                            default=False)
    verbose: int = _doc("Log detail: 0 warnings, 1 info, 2 debug.", low=0, high=2, default=0)
    quiet: bool = _doc("No progress output.", default=False)
    x_bearer_token: str = field(default="", repr=False, metadata={
        "doc": "X API bearer token; from the environment variable X_BEARER_TOKEN only.", "env": "X_BEARER_TOKEN",
        "secret": True})

    # --- derived values -------------------------------------------------------------------

    def data_dir(self) -> Path:
        return _default_data_dir()

    def db_path(self) -> Path:
        return Path(self.db) if self.db else self.data_dir() / "footprint.db"

    def cache_file(self) -> Path:
        return Path(self.cache_path) if self.cache_path else self.data_dir() / "http-cache.sqlite"

    def resolve_map(self) -> dict[tuple[str, int], tuple[str, int]]:
        """`host:port:addr[:port2]` entries -> {(host, port): (addr, port2)}; host may be `*`."""
        out: dict[tuple[str, int], tuple[str, int]] = {}
        for item in filter(None, (s.strip() for s in self.resolve.split(","))):
            host, sep, rest = item.partition(":")
            port, sep2, addr = rest.partition(":")
            addr, port2 = _split_addr_port(addr)
            if not (sep and sep2 and host and port.isdigit() and addr and (port2 is None or port2.isdigit())):
                raise UsageError(f"resolve entry {item!r}: expected host:port:address[:port]")
            out[(host.lower(), int(port))] = (addr, int(port2) if port2 else int(port))
        return out

    def api_rate_map(self) -> dict[str, tuple[float, float]]:
        """`host=requests/seconds` entries -> {host: (requests, seconds)}."""
        out: dict[str, tuple[float, float]] = {}
        for item in filter(None, (s.strip() for s in self.api_rates.split(","))):
            host, _, rate = item.partition("=")
            requests, _, seconds = rate.partition("/")
            try:
                n, per = float(requests), float(seconds)
            except ValueError:
                n = per = math.nan
            if not (host.strip() and math.isfinite(n) and math.isfinite(per) and n > 0 and per > 0):
                raise UsageError(f"api_rates entry {item!r}: expected host=requests/seconds, e.g. "
                                 "public.api.bsky.app=3000/300")
            out[host.strip().lower()] = (n, per)
        return out

    def with_(self, **changes: Any) -> "Settings":
        return replace(self, **changes)


def _split_addr_port(text: str) -> tuple[str, str | None]:
    """'127.0.0.1:8443' -> ('127.0.0.1', '8443'); '[::1]:8443' -> ('::1', '8443'); '::1' stays."""
    if text.startswith("["):
        addr, _, rest = text[1:].partition("]")
        return addr, rest[1:] if rest.startswith(":") else None
    if text.count(":") == 1:
        addr, _, port = text.partition(":")
        return addr, port
    return text, None


SETTING_FIELDS = {f.name: f for f in fields(Settings)}


def env_name(name: str) -> str:
    return SETTING_FIELDS[name].metadata.get("env") or f"FOOTPRINT_{name.upper()}"


def _coerce(name: str, raw: Any, origin: str) -> Any:
    default = SETTING_FIELDS[name].default
    try:
        if isinstance(default, bool):
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower() if isinstance(raw, (str, int)) else None
            if text in TRUE:
                return True
            if text in FALSE:
                return False
            raise ValueError("expected 1/true/yes or 0/false/no")
        if isinstance(raw, (dict, list)) or (isinstance(raw, bool) and not isinstance(default, bool)):
            raise ValueError(f"expected {type(default).__name__}, got {type(raw).__name__}")
        if isinstance(default, int):
            value: Any = int(raw)
        elif isinstance(default, float):
            value = float(raw)
            if not math.isfinite(value):
                raise ValueError("expected a finite number")
        else:
            value = str(raw)
            choices = SETTING_FIELDS[name].metadata.get("choices")
            if choices and value not in choices:
                raise ValueError(f"expected one of {', '.join(choices)}")
            return value
    except (TypeError, ValueError) as exc:
        raise UsageError(f"setting {name} from {origin}: {_short(raw)} is not valid ({exc})") from None
    low, high = SETTING_FIELDS[name].metadata.get("low"), SETTING_FIELDS[name].metadata.get("high")
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"at least {low:g}" if high is None else f"from {low:g} to {high:g}"
        raise UsageError(f"setting {name} from {origin}: {value!r} is out of range (expected {bounds})")
    return value


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _read_config(config_file: str) -> dict[str, Any]:
    """The `[footprint]` table (or the top level) of a TOML file; UsageError naming the file."""
    where = f"config file {one_line(config_file, 200)}"
    path = Path(config_file)
    try:
        if path.is_dir():
            raise UsageError(f"{where}: is a folder, not a TOML file")
        size = path.stat().st_size
        if size > MAX_CONFIG:
            raise UsageError(f"{where}: {size} bytes is too large for a config file (at most {MAX_CONFIG})")
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{where}: not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{where}: not valid TOML ({_short(str(exc))[1:-1]})") from None
    except RecursionError:
        raise UsageError(f"{where}: not valid TOML (nested too deeply)") from None
    except OSError as exc:
        raise UsageError(f"{where}: cannot be read ({exc.strerror or type(exc).__name__})") from None
    table = data.get("footprint", data)
    if not isinstance(table, dict):
        raise UsageError(f"{where}: 'footprint' must be a table ([footprint] with settings), "
                         f"not {type(table).__name__}")
    return table


def load_settings(flags: Mapping[str, Any] | None = None, config_file: str | None = None,
                  environ: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from defaults < config file < environment < flags (None flags are unset)."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    config_file = config_file or environ.get("FOOTPRINT_CONFIG") or None
    if config_file:
        for key, raw in _read_config(config_file).items():
            name = key.replace("-", "_")
            if name not in SETTING_FIELDS or SETTING_FIELDS[name].metadata.get("secret"):
                raise UsageError(f"config file {config_file}: unknown setting {_short(key)}")
            values[name] = _coerce(name, raw, f"config file {config_file}")
    for name in SETTING_FIELDS:
        env = env_name(name)
        if env in environ:
            values[name] = _coerce(name, environ[env], f"environment {env}")
    for name, raw in (flags or {}).items():
        if raw is not None:
            values[name] = _coerce(name, raw, f"--{name.replace('_', '-')}")
    settings = Settings(**values)
    _check_token(settings.x_bearer_token)
    return settings


def _check_token(token: str) -> None:
    """A token with a space or control character (a trailing CR from a Windows file) cannot be
    sent as a header; say so in one line, without the token."""
    if token and (token != token.strip() or not token.isprintable() or " " in token.strip()):
        raise UsageError(f"environment {env_name('x_bearer_token')}: the token is malformed (it holds a space, "
                         "line break or control character, e.g. a trailing CR); set it again without")



# The meaning of each setting in Dutch, beside the English in its field (`footprint settings --lang nl`);
# tests/test_settings_nl.py checks that every setting has one.
DOC_NL: dict[str, str] = {
    "db": "Pad van de SQLite-opslag (standaard: footprint.db in de gebruikersmap voor gegevens).",
    "lang": "Taal van labels, redenen en volgende stappen: nl of en.",
    "cache": "Gebruik de blijvende HTTP-cache.",
    "cache_path": "Bestand van de HTTP-cache (standaard: http-cache.sqlite in de gebruikersmap voor gegevens).",
    "cache_ttl": "Seconden dat een bewaard antwoord vers blijft.",
    "connect_timeout": "Seconden wachten op een TCP/TLS-verbinding.",
    "read_timeout": "Seconden wachten tussen de bytes van een antwoord.",
    "request_timeout": "Langste totale tijd in seconden voor één verzoek, inhoud inbegrepen (stopt een trage druppel).",
    "scan_budget": "Seconden (kloktijd) die een scan mag duren, schatting inbegrepen (de website krijgt hooguit de helft).",
    "batch_scan_budget": "scan_budget voor elke organisatie van een batch; 0: gelijk aan scan_budget.",
    "retries": "Herhalingen van een GET na een verbindingsfout, 429 of 5xx.",
    "backoff": "Eerste wachttijd in seconden (verdubbelt bij elke herhaling).",
    "retry_after_cap": "Langste Retry-After (seconden) die wordt gevolgd; langer betekent opgeven.",
    "max_body": "Grootste inhoud in bytes (na uitpakken); een webpagina daarboven wordt tot die grens gelezen.",
    "max_redirects": "Doorverwijzingen die per verzoek worden gevolgd.",
    "per_host": "Gelijktijdige verzoeken per websitehost (gedocumenteerde API's gaan in plaats daarvan in hun gepubliceerde tempo).",
    "api_rates": "Limieten die de gepubliceerde vervangen: host=verzoeken/seconden,... (een spiegel, een afgesproken limiet); elk verzoek aan zo'n host gaat in dat tempo.",
    "crawl_delay_cap": "Langste Crawl-delay uit robots.txt die wordt gevolgd (seconden).",
    "user_agent": "User-Agent-kop.",
    "allow_private": "Sta loopback- en privéadressen toe (tests, lokale spiegels).",
    "resolve": "Koppel hostnamen aan adressen: host:poort:adres[:poort2],... (zoals curl --resolve; een vierde veld verandert ook de poort, zoals curl --connect-to; host * past op elke host).",
    "ca_bundle": "CA-bundel voor de TLS-controle (zoals requests die leest).",
    "max_pages": "Websitepagina's die per organisatie worden opgehaald (homepage inbegrepen).",
    "wikidata": "Vraag ook Wikidata naar de accounts van de organisatie (alleen op verzoek).",
    "wikidata_endpoint": "SPARQL-adres van Wikidata.",
    "x_monthly_reads": "Berichten die per kalendermaand via de X-API gelezen mogen worden.",
    "x_api_base": "Basisadres van de X-API.",
    "bluesky_appview": "Basisadres van de publieke Bluesky-AppView.",
    "platform_reads": "Lees de activiteit van gevonden accounts op de platforms.",
    "presence_check": "Controleer profielen achter een login (Facebook, Instagram, LinkedIn, ...) met één GET elk: bestaat / afwezig (nette 404) / onbekend (login- of botmuur).",
    "record": "Schrijf elke HTTP-uitwisseling naar dit WARC-bestand (of deze map, voor een batch).",
    "replay": "Beantwoord elk verzoek uit dit WARC-bestand (of deze map); nooit het netwerk gebruiken.",
    "as_of": "Behandel deze ISO-tijd als nu (standaard: nu, of de opnametijd bij replay).",
    "rules": "Map met YAML-regelbestanden in plaats van de ingebouwde regels.",
    "model": "Modelbestand van de classificatie (standaard: het getrainde model van de gebruiker, anders het meegeleverde).",
    "concurrency": "Organisaties die een batch tegelijk scant (met --executor dask: per werkproces).",
    "dask_workers": "Werkprocessen van het lokale Dask-cluster dat --executor dask zonder --scheduler start.",
    "retention_days": "Bewijs ouder dan zoveel dagen verdwijnt uit de opslag (0 = alles bewaren).",
    "show_names": "Toon namen van medewerkers in rapporten, explain en de scan-JSON (persoonsgegevens; standaard uit).",
    "verbose": "Detail van het logboek: 0 waarschuwingen, 1 info, 2 debug.",
    "quiet": "Geen voortgang tonen.",
    "x_bearer_token": "Bearer-token van de X-API; alleen uit de omgevingsvariabele X_BEARER_TOKEN.",
}

def describe_settings(lang: str = "en") -> list[tuple[str, str, str, str]]:
    """(name, environment variable, default, documentation in `lang`) for every setting."""
    rows = []
    for f in fields(Settings):
        doc = (DOC_NL.get(f.name) if lang == "nl" else None) or f.metadata.get("doc", "")
        rows.append((f.name, env_name(f.name), "" if f.metadata.get("secret") else repr(f.default), doc))
    return rows
