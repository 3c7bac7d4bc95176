"""Signals about the organisation and the scan itself: public sector, website read, coverage."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from analyzer.core.government import government_host, government_instance
from analyzer.signals.registry import signal
from analyzer.signals.view import ScanView
from collectors import registry

# Homepage titles of public bodies ("Gemeente Tilburg", "Provincie Utrecht", "Ministry of ...").
GOVERNMENT_TITLES = re.compile(r"\b(gemeente|provincie|waterschap|hoogheemraadschap|ministerie van|"
                               r"rijksoverheid|ministry of|city council|county council|borough council)\b",
                               re.IGNORECASE)


def _instance(handle: str) -> str:
    return handle.rpartition("@")[2].lower() if "@" in handle else ""


@signal("public_sector", unit="bool", kind="bool", nullable=False,
        en="The organisation is a public body: a government domain (overheid.nl, gov.uk, .gov, gc.ca, europa.eu, "
           "gemeente/provincie names, ...), a public body's homepage title, or an account on a government "
           "Mastodon instance such as social.overheid.nl.",
        nl="De organisatie is een overheidsorgaan: een overheidsdomein (overheid.nl, gov.uk, .gov, gc.ca, europa.eu, "
           "gemeente- of provincienamen, ...), de titel van de homepage, of een account op een Mastodon-server "
           "van de overheid zoals social.overheid.nl.")
def public_sector(view: ScanView):
    pages = [ev for ev in view.pages if government_host(urlsplit(ev.source_url or "").hostname)]
    if view.domain and government_host(view.domain):
        return True, [ev.id for ev in view.pages[:1]]
    if pages:
        return True, [ev.id for ev in pages[:3]]
    titled = [ev for ev in view.pages if isinstance(ev.value, dict) and ev.value.get("role") in (None, "home")
              and GOVERNMENT_TITLES.search(str(ev.value.get("title") or ""))]
    if titled:
        return True, [ev.id for ev in titled[:3]]
    on_instance = [a for a in view.official
                   if a.platform == "mastodon" and government_instance(_instance(a.handle))]
    if on_instance:
        return True, [i for a in on_instance for i in a.evidence]
    return False, ()


@signal("website_observed", direction=1, unit="bool", kind="bool", nullable=False,
        en="The website collector read at least the homepage.",
        nl="De websitecollector heeft minstens de homepage gelezen.")
def website_observed(view: ScanView):
    if not view.website_observed:
        return False, ()
    home = [ev.id for ev in view.pages if isinstance(ev.value, dict) and ev.value.get("role") == "home"]
    return True, home or [ev.id for ev in view.pages[:1]]


@signal("coverage_ratio", direction=1, unit="ratio", kind="number", nullable=False,
        en="Share of the platform collectors that were needed (the organisation has an official account on "
           "their platform) and ran fully (1.0 when none was needed).",
        nl="Aandeel van de nodige platformcollectors (de organisatie heeft er een officieel account) dat "
           "volledig kon draaien (1,0 als er geen nodig was).")
def coverage_ratio(view: ScanView):
    readers = registry.activity_readers()
    needed = sorted({readers[a.platform] for a in view.official if a.platform in readers})
    if not needed:
        return 1.0, ()
    ok = [name for name in needed if (cov := view.coverage.get(name)) is not None and cov.status == "ok"]
    return round(len(ok) / len(needed), 4), ()
