"""Tools beside the runtime: the organisation simulator and the evaluation of rules and classifier.
Scans never import them."""
