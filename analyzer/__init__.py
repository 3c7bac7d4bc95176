"""footprint: estimate an organisation's Social Media Maturity phase from public evidence."""
__version__ = "0.1.0"
SCHEMA_VERSION = "2.0"
