"""Forms of the heat planner pages: they check what a person typed; services and the core
validate the project as a whole."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from greencluster.web.common.forms import LimitedFileField
from greencluster.web.heat import spec
from greencluster.web.heat.models import (
    CURRENT_HEATING_CHOICES,
    FUEL_CHOICES,
    ORIGIN_CHOICES,
    HeatProject,
)


class ProjectCreateForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Heat entrepreneur"), queryset=None)
    name = forms.CharField(label=_("Project name"), max_length=200)
    plant_lat = forms.FloatField(label=_("Plant latitude"), min_value=-90, max_value=90)
    plant_lon = forms.FloatField(label=_("Plant longitude"), min_value=-180, max_value=180)
    start_year = forms.IntegerField(
        label=_("First operating year"), min_value=1900, max_value=2200, initial=2027
    )
    copy_from = forms.ModelChoiceField(
        label=_("Start from the settings of"),
        queryset=None,
        required=False,
        empty_label=_("(blank project)"),
        help_text=_("Copies plant, network, economics and fuel sources, not the customers."),
    )

    def __init__(self, *args: Any, organisations: Any, projects: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["copy_from"].queryset = projects  # type: ignore[attr-defined]


class SettingsForm(forms.Form):
    """Project name and plant site, then one field per setting of :data:`spec.SETTINGS`."""

    name = forms.CharField(label=_("Project name"), max_length=200)
    start_year = forms.IntegerField(label=_("First operating year"), min_value=1900, max_value=2200)
    plant_lat = forms.FloatField(label=_("Plant latitude"), min_value=-90, max_value=90)
    plant_lon = forms.FloatField(label=_("Plant longitude"), min_value=-180, max_value=180)
    building_types = forms.CharField(
        label=_("Building types for estimating demand"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line: name; kWh per m² and year; full-load hours (e.g. detached_house; "
            "150; 2200). Enter the figures of your area."
        ),
    )

    def __init__(self, *args: Any, project: HeatProject, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sections: dict[str, list[str]] = {}
        for setting in spec.SETTINGS:
            self.fields[setting.name] = _field(setting)
            self.sections.setdefault(setting.section, []).append(setting.name)
            stored = (project.settings.get(setting.section) or {}).get(setting.key)
            if stored is None and setting.kind == "flag":
                stored = True  # the core's default: optimise the network
            if stored is not None:
                self.initial.setdefault(setting.name, stored)
        self.initial.setdefault("name", project.name)
        self.initial.setdefault("start_year", project.start_year)
        self.initial.setdefault("plant_lat", project.plant_lat)
        self.initial.setdefault("plant_lon", project.plant_lon)
        types = (project.settings.get("demand") or {}).get("building_types") or {}
        self.initial.setdefault("building_types", spec.format_building_types(types))

    def grouped(self) -> list[tuple[str, list[Any]]]:
        titles = {
            "plant": _("Plant"),
            "demand": _("Demand"),
            "network": _("Network"),
            "economics": _("Economics"),
            "emissions": _("Emissions and jobs"),
        }
        out = [(str(_("Project")), [self[n] for n in ("name", "start_year", "plant_lat")])]
        out[0][1].append(self["plant_lon"])
        for section, names in self.sections.items():
            fields = [self[n] for n in names]
            if section == "demand":
                fields.append(self["building_types"])
            out.append((str(titles[section]), fields))
        return out

    def settings(self) -> dict[str, dict[str, Any]]:
        data = self.cleaned_data
        out: dict[str, dict[str, Any]] = {section: {} for section in spec.SECTIONS}
        for setting in spec.SETTINGS:
            value = data.get(setting.name)
            if setting.kind == "flag":
                out[setting.section][setting.key] = bool(value)
            elif value not in (None, ""):
                out[setting.section][setting.key] = value
        types, problems = spec.parse_building_types(data.get("building_types") or "")
        for problem in problems:
            self.add_error("building_types", problem)
        if types:
            out["demand"]["building_types"] = types
        return out


def _field(setting: spec.Setting) -> forms.Field:
    note = spec.default_note(setting)
    help_parts = [str(setting.help)] if setting.help else []
    if note:
        help_parts.append(str(_("Blank: default %(note)s")) % {"note": note})
    help_text = " ".join(help_parts)
    if setting.kind == "choice":
        return forms.ChoiceField(
            label=setting.label,
            choices=[("", "–"), *setting.choices],
            required=False,
            help_text=help_text,
        )
    if setting.kind == "flag":
        return forms.BooleanField(label=setting.label, required=False, help_text=help_text)
    if setting.kind == "integer":
        return forms.IntegerField(
            label=setting.label, required=setting.required, min_value=0, help_text=help_text
        )
    return forms.FloatField(label=setting.label, required=setting.required, help_text=help_text)


class CustomerForm(forms.Form):
    name = forms.CharField(label=_("Building"), max_length=200)
    lat = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude"), min_value=-180, max_value=180)
    annual_heat_mwh = forms.FloatField(
        label=_("Annual heat (MWh/a)"),
        min_value=0,
        required=False,
        help_text=_("Or give the building type and floor area."),
    )
    peak_kw = forms.FloatField(
        label=_("Peak load (kW)"),
        min_value=0.001,
        required=False,
        help_text=_("Blank: estimated from the full-load hours."),
    )
    building_type = forms.CharField(label=_("Building type"), max_length=80, required=False)
    floor_area_m2 = forms.FloatField(label=_("Floor area (m²)"), min_value=0.001, required=False)
    current_heating = forms.ChoiceField(
        label=_("Current heating"), choices=CURRENT_HEATING_CHOICES, initial="oil"
    )
    must_connect = forms.BooleanField(label=_("Must be connected"), required=False)


class SitePickForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Member site"), queryset=None)
    annual_heat_mwh = forms.FloatField(label=_("Annual heat (MWh/a)"), min_value=0)
    peak_kw = forms.FloatField(
        label=_("Peak load (kW)"),
        min_value=0.001,
        required=False,
        help_text=_("Blank: estimated from the full-load hours."),
    )
    current_heating = forms.ChoiceField(
        label=_("Current heating"), choices=CURRENT_HEATING_CHOICES, initial="oil"
    )

    def __init__(self, *args: Any, sites: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["site"]
        field.queryset = sites  # type: ignore[attr-defined]
        field.label_from_instance = lambda s: f"{s.organisation.name}: {s.name}"  # type: ignore[attr-defined]


class UploadForm(forms.Form):
    file = LimitedFileField(label=_("Customers file (CSV or XLSX)"))
    replace = forms.BooleanField(
        label=_("Replace the current customers"), required=False, initial=True
    )


class StreetsUploadForm(forms.Form):
    file = LimitedFileField(label=_("Streets file (CSV, XLSX or JSON)"))


class FuelSourceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    fuel = forms.ChoiceField(label=_("Fuel"), choices=FUEL_CHOICES)
    origin = forms.ChoiceField(label=_("Origin"), choices=ORIGIN_CHOICES)
    supplier = forms.ModelChoiceField(
        label=_("Supplier among the cluster members"), queryset=None, required=False
    )
    distance_km = forms.FloatField(label=_("Transport distance (km)"), min_value=0)
    price_eur_per_mwh = forms.FloatField(label=_("Delivered price (€/MWh)"), min_value=0)
    moisture_pct = forms.FloatField(
        label=_("Moisture (%)"),
        min_value=0,
        max_value=70,
        required=False,
        help_text=_("Blank: the typical moisture of the fuel (see the defaults below)."),
    )
    max_mwh_per_a = forms.FloatField(
        label=_("Available at most (MWh/a)"), min_value=0, required=False
    )

    def __init__(self, *args: Any, suppliers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = suppliers  # type: ignore[attr-defined]


class RunForm(forms.Form):
    label = forms.CharField(
        label=_("Scenario name"), max_length=200, required=False, initial=_("Base case")
    )
