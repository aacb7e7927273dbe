"""KPI report files: every file either reads into valid reports or names row and column."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greencluster.core.impact import read_reports
from greencluster.core.impact.factors import default_table
from greencluster.core.impact.io import COLUMNS, activity_problems
from tests.core.fuzz.strategies import (
    assert_reported,
    fuzz_settings,
    input_errors,
    numbers_as_text,
    raw_file,
    structured_file,
)

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl.*")
TABLE = default_table()
FUELS = TABLE.codes("fuel")
MATERIALS = TABLE.codes("material")
WASTES = TABLE.codes("waste")


def _row(kind, type_, unit, **extra):
    return st.fixed_dictionaries(
        {
            **{column: st.just("") for column in COLUMNS},
            "year": st.integers(1985, 2105).map(str),
            "kind": st.just(kind),
            "type": type_,
            "quantity": numbers_as_text(0, 1e7),
            "unit": st.sampled_from(unit),
            **{k: st.sampled_from(v) for k, v in extra.items()},
        }
    )


ROWS = st.one_of(
    _row("turnover", st.just(""), ["EUR", ""]),
    _row("export", st.just(""), ["EUR"]),
    _row("employees", st.just(""), [""]),
    _row("fuel", st.sampled_from(FUELS), ["MWh", "GJ", "t", "kWh"], boiler_size=["", "small"]),
    _row("electricity", st.sampled_from(["FI", "SE3", "EE", ""]), ["MWh", "kWh"]),
    _row("heat", st.sampled_from(["district_heat", ""]), ["MWh"], region=["FI", "SE", ""]),
    _row(
        "freight",
        st.sampled_from(["road_hgv", "rail", "sea"]),
        ["t.km", "tkm"],
        direction=["in", "out"],
        ownership=["own", "third party", "third_party"],
    ),
    _row("material", st.sampled_from(MATERIALS), ["t", "kg"]),
    _row("circular", st.sampled_from(MATERIALS), ["t"], treatment=["", "re_used"]),
    _row(
        "waste",
        st.sampled_from(WASTES),
        ["t", "kg"],
        treatment=["landfill", "R1", "D1", "composting"],
        ewc_code=["", "03 01 05", "200301"],
    ),
)
FILES = structured_file(COLUMNS, rows=ROWS)


@fuzz_settings(200)
@given(upload=st.one_of(FILES, FILES, raw_file()))
def test_a_report_file_reads_into_valid_reports_or_names_every_problem(upload):
    reports, error = input_errors(lambda: read_reports(upload.data, name=upload.name))
    if error is not None:
        assert_reported(error, upload, columns=set(COLUMNS))
        return
    assert reports, "a file that reads has at least one year"
    for year, report in reports.items():
        assert report.year == year and 1990 <= year <= 2100
        for figure in (report.turnover_eur, report.export_eur):
            assert figure is None or (math.isfinite(figure) and figure >= 0)
        assert report.employees is None or report.employees >= 0
        for activity in report.activities:
            assert activity_problems(activity, TABLE) == []
            assert math.isfinite(activity.quantity) and activity.quantity >= 0
            assert 2 <= activity.row <= upload.max_row
    lines = sum(len(r.activities) for r in reports.values())
    figures = sum(
        getattr(r, a) is not None
        for r in reports.values()
        for a in ("turnover_eur", "export_eur", "employees")
    )
    assert lines + figures == len(
        [r for r in upload.rows if any(str(v).strip() for v in r.values())]
    )
