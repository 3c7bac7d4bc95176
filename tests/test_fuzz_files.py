"""Fuzzing the files a user hands over: replay archives, XLSX workbooks, rule and config files. Any
bytes give a result or the one documented refusal (a UsageError / RuleError of one clean line),
never another exception; mutated real files too, not only noise."""
from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, example, given, settings, strategies as st

from analyzer.core.errors import RuleError, UsageError
from tests import hostile_files as hf

FILES = settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)


def _mutated(base: bytes):
    """`base` with a few bytes flipped, cut short, or a slice repeated."""
    return st.one_of(
        st.builds(lambda i, b: base[:i % max(1, len(base))] + bytes([b]) + base[i % max(1, len(base)) + 1:],
                  st.integers(0, 1 << 20), st.integers(0, 255)),
        st.builds(lambda i: base[: i % max(1, len(base))], st.integers(0, 1 << 20)),
        st.builds(lambda i, n: base[:i % len(base)] + base[i % len(base):][:64] * n + base[i % len(base):],
                  st.integers(0, 1 << 20), st.integers(1, 5)),
        st.binary(max_size=300))


def _warc_bytes() -> bytes:
    buf = io.BytesIO()
    from warcio.warcwriter import WARCWriter

    writer = WARCWriter(buf, gzip=False, warc_version="1.1")
    for i in range(3):
        writer.write_record(hf._record(writer, f"https://hardorg.nl/{i}", b"<html>ok</html>", hf.HTML))
    return buf.getvalue()


WARC = _warc_bytes()


@FILES
@given(_mutated(WARC), st.booleans())
@example(b"WARC/1.1\r\n\r\n", False)
@example(b"\x1f\x8b" + b"\x00" * 20, True)
def test_replay_archive_loads_or_refuses_in_one_line(tmp_path, data, gz):
    import gzip

    from collectors.http.replay import Archive

    path = tmp_path / ("f.warc.gz" if gz else "f.warc")
    path.write_bytes(gzip.compress(data) if gz else data)
    try:
        archive = Archive.load(path, max_body=10_000)
    except UsageError as exc:
        assert hf.one_clean_line(str(exc)) and str(path) in str(exc)
        return
    assert len(archive) <= 3


def _xlsx_bytes(tmp) -> bytes:
    return hf.xlsx_plain(tmp / "plain.xlsx").read_bytes()


@FILES
@given(st.data())
def test_xlsx_reads_or_refuses_in_one_line(tmp_path, data):
    from analyzer.batch.reader import read_table

    base = _xlsx_bytes(tmp_path)
    path = tmp_path / "lijst.xlsx"
    blob = data.draw(_mutated(base))
    if data.draw(st.booleans()):                 # or rewrite one member with hostile XML
        with zipfile.ZipFile(io.BytesIO(base)) as zf:
            parts = {n: zf.read(n) for n in zf.namelist()}
        name = data.draw(st.sampled_from(sorted(parts)))
        parts[name] = data.draw(st.sampled_from([b"", b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><x/>",
                                                 b"\x00\xff", parts[name][:20], parts[name] * 3]))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as zf:
            for n, v in parts.items():
                zf.writestr(n, v)
        blob = out.getvalue()
    path.write_bytes(blob)
    try:
        table = read_table(path)
        for _number, cells in table.rows():
            assert all(isinstance(c, str) for c in cells)
    except UsageError as exc:
        assert hf.one_clean_line(str(exc)) and str(path) in str(exc)


RULE = (b"schema: 1\nid: r\nphase: experimental\nweight: 0.5\nwhen: {signal: active_platforms, gte: 1}\n"
        b"reason: {en: a, nl: b}\nnext_step: {en: a, nl: b}\n")


@FILES
@given(_mutated(RULE))
@example(b"a: &a [*a]\n")
@example(b"- &x [1,2]\n- [*x,*x,*x]\n" * 50)
def test_rule_files_load_or_refuse_in_one_line(tmp_path, data):
    from analyzer.rules import load_rules

    (tmp_path / "r.yaml").write_bytes(data)
    try:
        load_rules(str(tmp_path))
    except RuleError as exc:
        assert hf.one_clean_line(str(exc))


CONFIG = b"[footprint]\nmax_redirects = 3\nscan_budget = 30.0\nlang = \"nl\"\ncache = true\n"


@FILES
@given(_mutated(CONFIG))
@example(b"footprint = 5\n")
@example(b"[footprint]\nretries = " + b"[" * 2000 + b"]" * 2000 + b"\n")
def test_config_files_load_or_refuse_in_one_line(tmp_path, data):
    from analyzer.core.settings import load_settings

    path = tmp_path / "footprint.toml"
    path.write_bytes(data)
    try:
        load_settings(config_file=str(path), environ={})
    except UsageError as exc:
        assert hf.one_clean_line(str(exc)) and "footprint.toml" in str(exc)
