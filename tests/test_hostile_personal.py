"""Without --names, outputs for people carry counts and roles of staff accounts only: an official bio
that names an account the tool classified as staff is not quoted in the report, explain or the XLSX
evidence sheet, and no staff handle or profile URL reaches those outputs; with --names they do."""
from __future__ import annotations

import dataclasses

from openpyxl import load_workbook

from analyzer.batch import xlsx
from analyzer.core.types import RuleOutcome
from analyzer.present.report.render import render_scan
from analyzer.present.report.view import personal_evidence, scan_view
from tests.report_helpers import ev, functional_result

STAFF_FORMS = ("janjansen_gv", "petra-de-vries", "Jan Jansen", "Petra de Vries")


def _with_bio():
    result = functional_result()
    bio = ev("profile_bio", "https://x.com/gemvoorbeeld", "Officieel account. Woordvoering: @JanJansen_gv en "
             "linkedin.com/in/petra-de-vries", platform="x", value={"text": "bio"})
    rules = tuple(dataclasses.replace(r, evidence=r.evidence + (bio.id,)) if isinstance(r, RuleOutcome) and r.fired
                  else r for r in result.estimate.rules)
    return dataclasses.replace(result, evidence=result.evidence + (bio,),
                               estimate=dataclasses.replace(result.estimate, rules=rules)), bio


def test_a_bio_naming_staff_is_personal_evidence():
    result, bio = _with_bio()
    assert bio.id in personal_evidence(result)
    neutral = ev("profile_bio", "https://x.com/gemvoorbeeld", "Nieuws van de gemeente Jansen", platform="x")
    plain = dataclasses.replace(result, evidence=result.evidence + (neutral,))
    assert neutral.id not in personal_evidence(plain)     # a bio naming no staff account is quoted


def test_report_and_explain_view_do_not_quote_it():
    result, _bio = _with_bio()
    html = render_scan(result, lang="en")
    view = str(scan_view(result, "en"))
    for form in STAFF_FORMS:
        assert form.lower() not in html.lower() and form.lower() not in view.lower(), form
    assert "Woordvoering" not in html
    assert "Woordvoering" in render_scan(result, lang="en", show_names=True)


def test_the_xlsx_evidence_sheet_hides_staff(tmp_path):
    result, _bio = _with_bio()
    rows = list(xlsx._evidence(result, False, "nl")) + list(xlsx._accounts(result, False, "nl"))
    cells = " ".join(str(c) for row in rows for c in row if c is not None).lower()
    for form in STAFF_FORMS:
        assert form.lower() not in cells, form
    shown = " ".join(str(c) for row in xlsx._evidence(result, True, "nl") for c in row if c is not None)
    assert "janjansen_gv" in shown.lower()
    out = tmp_path / "x.xlsx"          # and in the workbook as written
    from analyzer.batch.writers import OutputRow

    class _Row:
        scan_id = 1
    xlsx.write_xlsx(iter([OutputRow(_Row(), result, {"domain": "x"}, {c: None for c in xlsx.OUTPUT_COLUMNS})]),
                    out, ("domain",), "nl")
    wb = load_workbook(out, read_only=True)
    text = " ".join(str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c)
    assert not any(form.lower() in text.lower() for form in STAFF_FORMS)
