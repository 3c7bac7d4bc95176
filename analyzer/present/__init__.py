"""Presentation: what people and scripts read (the terminal summary and explain, the scan JSON,
the HTML report, the review workspace). It reads analysis results and never computes them."""
