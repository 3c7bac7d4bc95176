"""Collectors: the fetch layer (the only network code) and one module per source."""
