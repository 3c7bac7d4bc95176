"""Find and read rule files: a folder of `*.yaml` (one rule per file) or the built-in rules.

`load_rules()` raises RuleError at the first mistake (one line: file, rule, problem);
`check_rules()` collects every problem, for `footprint rules check`.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from analyzer.core.errors import RuleError
from analyzer.rules.model import Rule
from analyzer.core.printable import one_line
from analyzer.rules.parse import Problem, parse_rule, rule_id_of
from analyzer.rules.ruleset import RuleSet

log = logging.getLogger(__name__)
BUILTIN = "built-in"
SUFFIX = ".yaml"


@dataclass(frozen=True)
class RuleFile:
    name: str       # file name, e.g. functional.policy.yaml
    shown: str      # how messages name it, e.g. rules/functional.policy.yaml
    data: bytes

    @property
    def stem(self) -> str:
        return self.name[: -len(SUFFIX)]


def read_files(directory: str | None) -> tuple[str, list[RuleFile]]:
    """(rule set name, its files sorted by name); RuleError when the folder cannot be read."""
    if directory is None:
        root = resources.files("rules")
        files = [RuleFile(e.name, f"rules/{e.name}", e.read_bytes())
                 for e in root.iterdir() if e.name.endswith(SUFFIX) and e.is_file()]
        name = BUILTIN
    else:
        path = Path(directory)
        if not path.is_dir():
            raise RuleError(f"{directory}: not a folder of rule files")
        try:
            files = [RuleFile(p.name, str(p), p.read_bytes()) for p in path.iterdir()
                     if p.name.endswith(SUFFIX) and p.is_file()]
        except OSError as exc:
            raise RuleError(f"{directory}: cannot read rule files ({exc.strerror or exc})") from None
        name = str(directory)
    if not files:
        raise RuleError(f"{directory or 'rules/'}: no rule files (*{SUFFIX}) found")
    return name, sorted(files, key=lambda f: f.name)


class AliasBomb(ValueError):
    """YAML aliases that would expand past MAX_EXPANDED values."""


MAX_EXPANDED = 5000   # values in a rule once its aliases are expanded: real rules have under 200
# libyaml's parser where PyYAML has it: the pure-Python one spends ~0.4 s on the built-in rules, a
# third of a replayed scan; the documents (and the alias check below) are the same.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str):
    """yaml.safe_load, refusing a document whose aliases expand past MAX_EXPANDED values: 339
    bytes of nested aliases stand for a billion strings once anything walks or prints them."""
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _expanded(node, {}) > MAX_EXPANDED:
            raise AliasBomb(f"more than {MAX_EXPANDED} YAML values once aliases are expanded")
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _expanded(node: yaml.Node, sizes: dict[int, int]) -> int:
    """How many values `node` stands for with aliases expanded (each shared node counted once per use)."""
    if id(node) in sizes:
        return sizes[id(node)]
    sizes[id(node)] = 1     # a node that contains itself: the rule parser refuses its depth
    total = 1
    if isinstance(node, yaml.SequenceNode):
        total += sum(_expanded(child, sizes) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        total += sum(_expanded(k, sizes) + _expanded(v, sizes) for k, v in node.value)
    sizes[id(node)] = min(total, MAX_EXPANDED + 1)
    return sizes[id(node)]


def parse_file(file: RuleFile) -> Rule:
    """One file -> Rule, or RuleError naming the file, the rule and the problem."""
    try:
        text = file.data.decode("utf-8")
    except UnicodeDecodeError:
        raise RuleError(one_line(f"{file.shown}: rule {file.stem}: not UTF-8 text")) from None
    try:
        doc = safe_load(text)
    except AliasBomb as exc:
        raise RuleError(one_line(f"{file.shown}: rule {file.stem}: {exc}")) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = getattr(exc, "problem", None) or type(exc).__name__
        raise RuleError(one_line(f"{file.shown}: rule {file.stem}: not valid YAML{at} ({what})")) from None
    except (ValueError, RecursionError, OverflowError) as exc:  # e.g. malformed timestamps
        raise RuleError(one_line(f"{file.shown}: rule {file.stem}: not valid YAML ({type(exc).__name__}: {exc})")) from None
    try:
        return parse_rule(doc, file.stem, file.shown)
    except Problem as exc:
        raise RuleError(one_line(f"{file.shown}: rule {rule_id_of(doc, file.stem)}: {exc}")) from None


def _digest(files: list[RuleFile]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode() + b"\0" + f.data + b"\0")
    return h.hexdigest()[:12]


def load_rules(directory: str | None = None) -> RuleSet:
    """Load and validate every rule in `directory` (None: the built-in rules)."""
    name, files = read_files(directory)
    rules = tuple(parse_file(f) for f in files)
    log.debug("loaded %d rules from %s", len(rules), name)
    return RuleSet(rules=rules, name=name, digest=_digest(files))


@dataclass(frozen=True)
class CheckReport:
    """What `footprint rules check` shows: each rule's verdict and every problem line."""

    name: str
    rules: tuple[tuple[str, str, int, tuple[str, ...]], ...]  # (file, rule id, cases run, problems)
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_rules(directory: str | None = None) -> CheckReport:
    """Validate every file and run every rule's test cases, collecting all problems."""
    try:
        name, files = read_files(directory)
    except RuleError as exc:
        return CheckReport(name=str(directory or BUILTIN), rules=(), problems=(str(exc),))
    verdicts, problems = [], []
    for f in files:
        try:
            rule = parse_file(f)
        except RuleError as exc:
            verdicts.append((f.shown, f.stem, 0, (str(exc),)))
            problems.append(str(exc))
            continue
        failed = tuple(rule.run_cases())
        verdicts.append((f.shown, rule.id, len(rule.cases), failed))
        problems.extend(failed)
    return CheckReport(name=name, rules=tuple(verdicts), problems=tuple(problems))
