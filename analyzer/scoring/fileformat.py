"""The model export file: read it bounded, validate its structure, refuse anything else.

```
{"format": "footprint-phase-model", "format_version": 1,
 "features": [signal names, in the catalogue's order], "phases": [the four phase ids, in order],
 "meta": {the training metadata: source, training{digest, rows, per_phase}, sklearn_version, params,
          confidence (optional): {"method": "isotonic", "x": [float], "y": [probability], "n": int,
                                  "source": str}: the confidence calibration (analyzer.confidence)},
 "thresholds": [one per phase boundary k, giving P(phase > phases[k]):
     {"constant": p}                                     every training example on one side
   | {"baseline": float, "trees": [tree, ...],
      "calibration": null | {"method": "sigmoid", "a": float, "b": float}
                          | {"method": "isotonic", "x": [float], "y": [float]}}]}
tree: {"feature", "threshold", "missing_left", "left", "right", "value"}: one entry per node, root 0;
      feature -1 marks a leaf (its value counts); a split sends NaN to `left` when missing_left is 1,
      else x <= threshold to `left` (threshold null = +infinity: every observed value goes left, the
      split only separates missing values); a child always has a larger index than its parent.
```

Every check runs before numpy sees the data: the size before reading, the nesting depth before
parsing (so deep nesting is never a RecursionError), then the structure and the feature list. A
refused file is a ModelError (exit 2) naming the file and the first problem, in one short line.
"""
from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from analyzer.core.errors import ModelError

EXPORT_FORMAT = "footprint-phase-model"
EXPORT_VERSION = 1
EXPORT_SUFFIX = ".export.json"
MAX_BYTES = 8 * 1024 * 1024     # the bundled export is well under 1 MB
MAX_DEPTH = 12                  # the format nests 6 deep
MAX_TREES = 5_000               # per threshold
MAX_NODES = 4_096               # per tree
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.S)
_TREE_FIELDS = ("feature", "threshold", "missing_left", "left", "right", "value")


def export_path(path: Path) -> Path:
    """The export beside a skops model file (`m.skops` -> `m.export.json`); any other path is
    taken to be an export itself."""
    if path.suffix != ".skops":
        return path
    return path.with_name(path.name.removesuffix(".skops") + EXPORT_SUFFIX)


def read_export(path: Path, features: tuple[str, ...], phases: tuple[str, ...]) -> dict[str, Any]:
    """The validated content of an export file; ModelError naming `path` when it is refused."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ModelError(f"model {path}: not a regular file")
        if size > MAX_BYTES:
            raise ModelError(f"model {path}: {size} bytes, more than a model file may have ({MAX_BYTES})")
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ModelError(f"model {path}: no such file") from None
    except OSError as exc:
        raise ModelError(f"model {path}: cannot read ({exc.strerror or exc})") from None
    if len(data) > MAX_BYTES:  # grew while read, or a device posing as a file
        raise ModelError(f"model {path}: more than {MAX_BYTES} bytes")
    if _depth(data) > MAX_DEPTH:
        raise ModelError(f"model {path}: nested deeper than a model file is ({MAX_DEPTH})")
    try:
        doc = json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ModelError(f"model {path}: not a JSON model export ({_short(exc)})") from None
    check_doc(doc, features, phases, path)
    return doc


def _depth(data: bytes) -> int:
    """Deepest nesting of [ and { outside strings (a linear scan, no recursion)."""
    import numpy as np

    text = np.frombuffer(_STRING.sub(b'""', data), dtype=np.uint8)
    step = (text == ord("[")).astype(np.int64) + (text == ord("{")) - (text == ord("]")) - (text == ord("}"))
    return int(np.cumsum(step).max()) if len(step) else 0


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number a model holds")


def _short(exc: Exception) -> str:
    return str(exc)[:120]


class _Refused(Exception):
    pass


def check_doc(doc: Any, features: tuple[str, ...], phases: tuple[str, ...], path: Path) -> None:
    """Refuse (ModelError naming `path`) a parsed export whose structure or feature list is wrong."""
    try:
        _check_doc(doc, features, phases)
    except _Refused as exc:
        raise ModelError(f"model {path}: {exc}") from None


def _need(ok: bool, where: str, what: str) -> None:
    if not ok:
        raise _Refused(f"{where} {what}"[:200])


def _check_doc(doc: Any, features: tuple[str, ...], phases: tuple[str, ...]) -> None:
    _need(isinstance(doc, dict), "the file", "is not a JSON object")
    _need(doc.get("format") == EXPORT_FORMAT, "the file", f"is not a {EXPORT_FORMAT} export")
    version = doc.get("format_version")
    _need(version == EXPORT_VERSION, "format_version",
          f"{str(version)[:20]!r} is not {EXPORT_VERSION}, the one this footprint reads")
    _need(isinstance(doc.get("meta", {}), dict), "meta", "is not an object")
    confidence = doc.get("meta", {}).get("confidence")
    if confidence is not None:
        _check_calibration(confidence, "meta.confidence")
        _need(confidence.get("method") == "isotonic" and _integer(confidence.get("n", 0))
              and isinstance(confidence.get("source", ""), str), "meta.confidence",
              "must be an isotonic calibration with a count n and a source text")
    got = doc.get("features")
    _need(isinstance(got, list) and all(isinstance(f, str) for f in got), "features", "is not a list of names")
    if list(got) != list(features):
        changed = sorted(set(got) ^ set(features)) or ["(order)"]
        raise _Refused("its feature list differs from the signal catalogue "
                       f"({', '.join(c[:40] for c in changed[:8])}); retrain it with `footprint train`")
    _need(doc.get("phases") == list(phases), "phases", f"are not {list(phases)}")
    thresholds = doc.get("thresholds")
    _need(isinstance(thresholds, list) and len(thresholds) == len(phases) - 1, "thresholds",
          f"is not a list of {len(phases) - 1} threshold models")
    for k, model in enumerate(thresholds):
        _check_threshold(model, len(features), f"thresholds[{k}]")


def _check_threshold(model: Any, n_features: int, where: str) -> None:
    _need(isinstance(model, dict), where, "is not an object")
    if "constant" in model:
        p = model["constant"]
        _need(_number(p) and 0.0 <= p <= 1.0, f"{where}.constant", "is not a probability")
        return
    _need(_number(model.get("baseline")), f"{where}.baseline", "is not a finite number")
    trees = model.get("trees")
    _need(isinstance(trees, list) and 0 < len(trees) <= MAX_TREES, f"{where}.trees",
          f"is not a list of 1..{MAX_TREES} trees")
    for t, tree in enumerate(trees):
        _check_tree(tree, n_features, f"{where}.trees[{t}]")
    _check_calibration(model.get("calibration"), f"{where}.calibration")


def _check_tree(tree: Any, n_features: int, where: str) -> None:
    import numpy as np

    _need(isinstance(tree, dict) and all(isinstance(tree.get(f), list) for f in _TREE_FIELDS), where,
          f"is not an object of the lists {', '.join(_TREE_FIELDS)}")
    n = len(tree["feature"])
    _need(0 < n <= MAX_NODES and all(len(tree[f]) == n for f in _TREE_FIELDS), where,
          f"has lists of different lengths or not 1..{MAX_NODES} nodes")
    # numpy checks the kinds at once: a string, null or nested list in an integer list gives an
    # array of another kind (the node loop in Python cost a tenth of a second per scan)
    try:
        feature, left, right, missing = (np.asarray(tree[f]) for f in ("feature", "left", "right", "missing_left"))
        value = np.asarray(tree["value"])
        threshold = np.asarray([np.inf if t is None else t for t in tree["threshold"]])
    except (ValueError, TypeError, OverflowError):  # ragged nesting, huge integers
        raise _Refused(f"{where} holds lists that are not flat lists of numbers") from None
    _need(all(a.dtype.kind in "iu" and a.ndim == 1 for a in (feature, left, right, missing)), where,
          "feature, left, right and missing_left must be lists of integers")
    _need(all(a.dtype.kind in "iuf" and a.ndim == 1 for a in (value, threshold)), where,
          "threshold and value must be lists of numbers")
    _need(bool(np.isfinite(value).all()), f"{where}.value", "holds a number that is not finite")
    _need(bool(((feature >= -1) & (feature < n_features)).all()), f"{where}.feature", "holds no feature index or -1")
    split = feature != -1
    ids = np.arange(n)
    _need(bool(((left[split] > ids[split]) & (left[split] < n) & (right[split] > ids[split])
                & (right[split] < n)).all()), f"{where}.left/right", "do not point forward to nodes of the tree")
    _need(bool(np.isin(missing[split], (0, 1)).all()), f"{where}.missing_left", "holds values other than 0 and 1")
    _need(not bool(np.isnan(threshold[split]).any()) and not bool(np.isneginf(threshold[split]).any()),
          f"{where}.threshold", "holds a number that is not finite (null stands for +infinity)")


def _check_calibration(cal: Any, where: str) -> None:
    if cal is None:
        return
    _need(isinstance(cal, dict), where, "is not an object or null")
    if cal.get("method") == "sigmoid":
        _need(_number(cal.get("a")) and _number(cal.get("b")), where, "needs the numbers a and b")
        return
    _need(cal.get("method") == "isotonic", f"{where}.method", "is not sigmoid or isotonic")
    x, y = cal.get("x"), cal.get("y")
    _need(isinstance(x, list) and isinstance(y, list) and 0 < len(x) == len(y) <= 100_000,
          where, "needs lists x and y of one length")
    _need(all(map(_number, x)) and all(_number(v) and 0.0 <= v <= 1.0 for v in y), where,
          "x must be finite numbers and y probabilities")
    _need(all(a <= b for a, b in zip(x, x[1:])), f"{where}.x", "is not sorted")


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
