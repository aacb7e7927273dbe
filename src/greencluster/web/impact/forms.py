"""Forms of the impact pages: they validate what a person typed; services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from greencluster.core.impact import Activity, ReportData
from greencluster.core.impact.catalog import WASTE_ROUTES
from greencluster.core.impact.factors import GASES, SCOPES
from greencluster.core.impact.goals import TARGET_KINDS
from greencluster.core.impact.problem import BOILER_SIZES, DIRECTIONS, KINDS, OWNERSHIPS
from greencluster.web.common.forms import LimitedFileField
from greencluster.web.impact.labels import METRIC_LABELS


def _choices(values: tuple[str, ...] | list[str], blank: bool = True) -> list[tuple[str, str]]:
    return ([("", "–")] if blank else []) + [(v, v.replace("_", " ")) for v in values]


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    turnover_eur = forms.DecimalField(
        label=_("Turnover (EUR)"), required=False, min_value=0, decimal_places=0
    )
    export_eur = forms.DecimalField(
        label=_("Export (EUR)"), required=False, min_value=0, decimal_places=0
    )
    employees = forms.IntegerField(label=_("Employees"), required=False, min_value=0)


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=_choices(KINDS), required=False)
    type = forms.CharField(
        label=_("Type"),
        required=False,
        help_text=_("Fuel, grid country or zone, transport mode, material"),
        widget=forms.TextInput(attrs={"list": "impact-types"}),
    )
    quantity = forms.FloatField(label=_("Quantity"), required=False, min_value=0)
    unit = forms.CharField(
        label=_("Unit"), required=False, widget=forms.TextInput(attrs={"list": "impact-units"})
    )
    region = forms.CharField(label=_("Country"), required=False, max_length=10)
    boiler_size = forms.ChoiceField(
        label=_("Boiler size"), choices=_choices(BOILER_SIZES), required=False
    )
    direction = forms.ChoiceField(
        label=_("Direction"), choices=_choices(DIRECTIONS), required=False
    )
    ownership = forms.ChoiceField(label=_("Carrier"), choices=_choices(OWNERSHIPS), required=False)
    ewc_code = forms.CharField(label=_("EWC code"), required=False, max_length=10)
    treatment = forms.CharField(
        label=_("Treatment"),
        required=False,
        widget=forms.TextInput(attrs={"list": "impact-treatments"}),
    )

    def activity(self, row: int | None = None) -> Activity | None:
        data = self.cleaned_data
        if not data.get("kind"):
            return None
        return Activity(
            kind=data["kind"],
            type=(data.get("type") or "").strip(),
            quantity=data.get("quantity") or 0.0,
            unit=(data.get("unit") or "").strip(),
            region=(data.get("region") or "").strip().upper(),
            boiler_size=data.get("boiler_size") or "",
            direction=data.get("direction") or "",
            ownership=data.get("ownership") or "",
            ewc_code=(data.get("ewc_code") or "").strip(),
            treatment=(data.get("treatment") or "").strip(),
            row=row,
        )

    def clean(self) -> dict[str, Any]:
        """Only what the form itself can tell; codes and units are checked once, by
        ``services.kpi_report_save`` (the view puts its problems on their lines)."""
        data = super().clean()
        if data.get("kind") and data.get("quantity") is None:
            self.add_error("quantity", _("Give the quantity."))
        return data


ActivityFormSet = forms.formset_factory(ActivityForm, extra=4, max_num=300)


def report_data(form: ReportForm, formset: Any) -> ReportData:
    """The report as typed; each activity's ``row`` is its line in the formset (from 1)."""
    data = form.cleaned_data
    return ReportData(
        year=data["year"],
        turnover_eur=float(data["turnover_eur"]) if data["turnover_eur"] is not None else None,
        export_eur=float(data["export_eur"]) if data["export_eur"] is not None else None,
        employees=data["employees"],
        activities=[
            a for row, f in enumerate(formset.forms, start=1) if (a := f.activity(row)) is not None
        ],
    )


class UploadForm(forms.Form):
    file = LimitedFileField(
        label=_("File"), help_text=_("CSV, XLSX or JSON with one row per figure or activity")
    )


class FactorOverrideForm(forms.Form):
    key = forms.CharField(label=_("Factor key"), max_length=160, help_text="e.g. district_heat.FI")
    gas = forms.ChoiceField(label=_("Gas"), choices=_choices(GASES, blank=False))
    value = forms.FloatField(label=_("Value"), min_value=0)
    unit = forms.CharField(label=_("Unit"), max_length=40, help_text="e.g. kg CO2e/kWh")
    scope = forms.ChoiceField(label=_("Scope"), choices=_choices(tuple(s for s in SCOPES if s)))
    category = forms.CharField(label=_("Category"), max_length=60, required=False)
    region = forms.CharField(label=_("Region"), max_length=10, required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    source = forms.CharField(label=_("Source"), max_length=300)
    source_ref = forms.CharField(label=_("Source reference"), max_length=300, required=False)
    licence = forms.CharField(label=_("Licence"), max_length=120, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    metric = forms.ChoiceField(label=_("Metric"), choices=list(METRIC_LABELS.items()))
    base_year = forms.IntegerField(label=_("Base year"), min_value=1990, max_value=2100)
    target_year = forms.IntegerField(label=_("Target year"), min_value=1990, max_value=2100)
    target_kind = forms.ChoiceField(
        label=_("Target kind"),
        choices=[(TARGET_KINDS[0], _("change in percent")), (TARGET_KINDS[1], _("absolute value"))],
    )
    target_value = forms.FloatField(label=_("Target"), help_text=_("e.g. -20 for -20 %"))


DATALISTS = {
    "impact-units": ["MWh", "kWh", "GJ", "t", "kg", "t.km"],
    "impact-treatments": list(WASTE_ROUTES),
}
