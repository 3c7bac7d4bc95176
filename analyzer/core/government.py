"""Which hosts belong to public bodies: one list for the website's host and for Mastodon instances.

`government_host` answers for an organisation's own site (a government suffix, or a public
body's word in the host name such as gemeente-utrecht.nl); `government_instance` for a Mastodon
instance (a government suffix, or one of the instances public bodies run under another name).
The signal `public_sector` and the Mastodon collector's profile evidence both ask here, so an
account on social.gouv.fr counts as government in both.
"""
from __future__ import annotations

import re

# Registrable domains and suffixes only public bodies can hold (checked on the host's labels).
GOVERNMENT_SUFFIXES = (
    "overheid.nl", "rijksoverheid.nl", "gov", "mil", "gov.uk", "gc.ca", "canada.ca", "europa.eu",
    "gov.au", "govt.nz", "gouv.fr", "gouv.be", "belgium.be", "fgov.be", "vlaanderen.be",
    "bund.de", "admin.ch", "gv.at", "gov.ie", "gov.pl", "gob.es", "gov.it", "gov.pt",
    "politie.nl", "minbuza.nl", "government.nl",
)
# Words in a host name that only public bodies use (gemeente-utrecht.nl, provincie-utrecht.nl, ...).
GOVERNMENT_HOST_WORDS = re.compile(r"(^|[.-])(gemeente|provincie|waterschap|hoogheemraadschap|"
                                   r"rijksoverheid|ministerie|overheid)")
# Mastodon instances run by public bodies for public bodies only (most fall under a suffix above;
# listed too so the list reads as the set of known instances).
GOVERNMENT_INSTANCES = frozenset({
    "social.overheid.nl", "social.bund.de", "social.network.europa.eu", "social.edps.europa.eu",
    "social.admin.ch", "mastodon.gov.pt", "mastodon.gov.pl", "social.gouv.fr", "fedi.gouv.fr",
    "social.numerique.gouv.fr",
})


def _bare(host: str) -> str:
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def government_domain(host: str | None) -> bool:
    """`host` is, or is under, a suffix only public bodies can hold."""
    if not host:
        return False
    host = _bare(host)
    return any(host == s or host.endswith("." + s) for s in GOVERNMENT_SUFFIXES)


def government_host(host: str | None) -> bool:
    """An organisation's site host that only a public body would use."""
    return government_domain(host) or bool(host and GOVERNMENT_HOST_WORDS.search(_bare(host)))


def government_instance(host: str | None) -> bool:
    """A Mastodon instance run by a public body: an account there is the body's own."""
    return bool(host) and (_bare(host) in GOVERNMENT_INSTANCES or government_domain(host))
