"""The review workspace (`footprint serve`): a local web app over the store where a consultant
goes through the organisations, compares them with their peers and records their own assessment."""
