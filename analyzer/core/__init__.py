"""The shared core every layer builds on: value types, settings, errors, input normalisation and
the evidence-kind vocabulary. It imports nothing from the rest of footprint."""
