"""The website collector: the organisation's accounts and on-site signals from its own site.

Modules: crawl (fetching), pages (which pages), document (decoding and parsing), onsite and
patterns (on-site signals), accounts (sightings -> Accounts, user corrections), collector.
"""
from collectors.website.collector import WebsiteCollector

__all__ = ["WebsiteCollector"]
