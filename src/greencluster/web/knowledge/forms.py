"""Forms of the knowledge pages: they validate what a person typed; services write.
Good-practice field labels and vocabulary terms come from the core vocabulary in the page's
language, so the form reads the same way as the search understands it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from greencluster.core.knowledge.files import MAX_ATTACHMENT_BYTES, accepted_extensions
from greencluster.core.knowledge.records import PracticeRecord
from greencluster.core.knowledge.vocabulary import FIELDS, Kind, interface_language
from greencluster.web.common.forms import LimitedFileField
from greencluster.web.knowledge.models import (
    Action,
    Booking,
    Enquiry,
    Project,
    Publication,
    TrainingPackage,
)
from greencluster.web.registry.models import COUNTRIES

LANGUAGE_CHOICES = settings.LANGUAGES  # the six interface languages, each in its own name


def _lang() -> str:
    return interface_language(get_language())


class PracticeSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        help_text=_("Words, or a field and a value in any language, e.g. 'wood type: birch'"),
    )
    cluster = forms.ChoiceField(label=_("Cluster"), required=False)
    domain = forms.ChoiceField(required=False)
    wood_type = forms.ChoiceField(required=False)
    scale = forms.ChoiceField(required=False)

    def __init__(self, *args: Any, clusters: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lang = _lang()
        self.fields["cluster"].choices = [("", _("All clusters"))] + [
            (c.slug, c.name) for c in clusters
        ]
        for name, field_name in (
            ("domain", "domain"),
            ("wood_type", "wood_types"),
            ("scale", "scale"),
        ):
            spec = next(f for f in FIELDS if f.name == field_name)
            assert spec.vocabulary is not None
            self.fields[name].label = spec.label(lang)
            self.fields[name].choices = [("", "–")] + [
                (t.code, t.label(lang)) for t in spec.vocabulary.terms
            ]


class PracticeForm(forms.Form):
    """One language version of a practice plus its language-independent attributes."""

    cluster = forms.ChoiceField(label=_("Cluster"))
    ref = forms.CharField(
        label=_("Reference"), max_length=60, help_text=_("A short code unique in the cluster")
    )
    language = forms.ChoiceField(label=_("Language of the texts"), choices=LANGUAGE_CHOICES)
    country = forms.ChoiceField(label=_("Country"), required=False, choices=[("", "–"), *COUNTRIES])
    organisations = forms.MultipleChoiceField(
        label=_("Organisations involved"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    is_public = forms.BooleanField(label=_("Public"), required=False)

    def __init__(
        self, *args: Any, clusters: Any = (), organisations: Any = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        lang = _lang()
        self.fields["cluster"].choices = [(c.slug, c.name) for c in clusters]
        self.fields["organisations"].choices = [(o.slug, o.name) for o in organisations]
        for spec in FIELDS:
            label = spec.label(lang)
            if spec.kind is Kind.TEXT:
                widget = forms.TextInput if spec.name == "title" else forms.Textarea
                attrs = {} if spec.name == "title" else {"rows": 3}
                field: forms.Field = forms.CharField(
                    label=label,
                    required=spec.name == "title",
                    widget=widget(attrs=attrs),
                    max_length=20_000,
                )
            elif spec.kind is Kind.PLAIN:
                field = forms.CharField(label=label, required=False, max_length=2000)
            elif spec.kind is Kind.YEAR:
                field = forms.IntegerField(
                    label=label, required=False, min_value=1900, max_value=2100
                )
            else:
                assert spec.vocabulary is not None
                choices = [(t.code, t.label(lang)) for t in spec.vocabulary.terms]
                if spec.kind is Kind.TERM:
                    field = forms.ChoiceField(
                        label=label, required=False, choices=[("", "–"), *choices]
                    )
                else:
                    field = forms.MultipleChoiceField(
                        label=label,
                        required=False,
                        choices=choices,
                        widget=forms.CheckboxSelectMultiple,
                    )
            self.fields[spec.name] = field
        order = ["cluster", "ref", "language", *(f.name for f in FIELDS)]
        order[order.index("origin_region") + 1 : order.index("origin_region") + 1] = ["country"]
        self.order_fields([*order, "organisations", "is_public"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("year_start"), data.get("year_end")
        if start and end and end < start:
            self.add_error("year_end", _("The end year is before the start year."))
        return data

    def record(self) -> PracticeRecord:
        data = self.cleaned_data
        lang = data["language"]
        texts = {
            spec.name: {lang: data.get(spec.name) or ""}
            for spec in FIELDS
            if spec.kind is Kind.TEXT
        }
        return PracticeRecord(
            ref=data["ref"].strip(),
            row=0,
            texts=texts,
            origin_region=data.get("origin_region") or "",
            country=data.get("country") or "",
            domain=data.get("domain") or "",
            challenges=tuple(data.get("challenges") or ()),
            wood_types=tuple(data.get("wood_types") or ()),
            scale=data.get("scale") or "",
            sustainability_potential=data.get("sustainability_potential") or "",
            year_start=data.get("year_start"),
            year_end=data.get("year_end"),
            contacts=data.get("contacts") or "",
            organisations=tuple(data.get("organisations") or ()),
            public=bool(data.get("is_public")),
            is_demo=False,
        )


class UploadForm(forms.Form):
    file = LimitedFileField(
        label=_("File"), max_bytes=MAX_ATTACHMENT_BYTES, extensions=accepted_extensions()
    )


class ImportForm(forms.Form):
    file = LimitedFileField(label=_("Good-practice file (CSV, XLSX or JSON)"))
    language = forms.ChoiceField(
        label=_("Language of texts without a language column"),
        choices=LANGUAGE_CHOICES,
        initial="en",
    )


# Visiting groups come from anywhere; these are common origins of foreign delegations.
EXTRA_COUNTRIES = [
    ("FR", _("France")),
    ("IT", _("Italy")),
    ("ES", _("Spain")),
    ("PL", _("Poland")),
    ("NL", _("Netherlands")),
    ("AT", _("Austria")),
    ("GB", _("United Kingdom")),
    ("JP", _("Japan")),
    ("CN", _("China")),
    ("US", _("United States")),
    ("CA", _("Canada")),
]


class EnquiryForm(forms.Form):
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    country = forms.ChoiceField(label=_("Country"))
    group_size = forms.IntegerField(label=_("Group size"), min_value=1, max_value=500)
    preferred_start = forms.DateField(
        label=_("Preferred start"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    language = forms.ChoiceField(label=_("Language"))
    message = forms.CharField(
        label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, languages: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = dict(LANGUAGE_CHOICES)
        self.fields["language"].choices = [(c, names.get(c, c)) for c in languages]
        self.fields["country"].choices = [*COUNTRIES, *EXTRA_COUNTRIES]


class BookingForm(forms.Form):
    group_name = forms.CharField(label=_("Group"), max_length=200)
    country = forms.ChoiceField(label=_("Country"))
    language = forms.ChoiceField(label=_("Language"))
    start_date = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    group_size = forms.IntegerField(label=_("Group size"), min_value=1, max_value=500)
    modules = forms.MultipleChoiceField(
        label=_("Modules (in programme order)"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, package: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = dict(LANGUAGE_CHOICES)
        self.fields["language"].choices = [(c, names.get(c, c)) for c in package.language_list]
        self.fields["country"].choices = [*COUNTRIES, *EXTRA_COUNTRIES]
        lang = _lang()
        self.fields["modules"].choices = [
            (
                m.code,
                f"{m.code} · {m.title(lang)} ({m.duration_days:g} d, {m.languages})",
            )
            for m in package.modules.all()
        ]


class BookingStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Booking.Status.choices)


class ParticipantForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    module = forms.ChoiceField(label=_("Module"), required=False)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, package: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lang = _lang()
        self.fields["module"].choices = [("", _("The whole programme"))] + [
            (m.code, m.title(lang)) for m in package.modules.all()
        ]


class SessionEventForm(forms.Form):
    event_url = forms.CharField(label=_("Event link"), required=False, max_length=300)


class ProjectForm(forms.Form):
    cluster = forms.ChoiceField(label=_("Cluster"))
    title = forms.CharField(label=_("Title"), max_length=250)
    parent = forms.ChoiceField(label=_("Grew out of"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=Project.Status.choices)
    start_date = forms.DateField(
        label=_("Start date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(
        label=_("End date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    budget_eur = forms.DecimalField(
        label=_("Budget (EUR)"), required=False, min_value=0, decimal_places=0, max_digits=14
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    outputs = forms.CharField(
        label=_("Outputs"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    partners = forms.MultipleChoiceField(
        label=_("Partners"), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    funding = forms.CharField(
        label=_("Funding"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line: funder; programme; amount in EUR"),
    )
    is_public = forms.BooleanField(label=_("Public"), required=False)

    def __init__(
        self,
        *args: Any,
        clusters: Any = (),
        projects: Any = (),
        organisations: Any = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cluster"].choices = [(c.slug, c.name) for c in clusters]
        self.fields["parent"].choices = [("", _("– a first-generation project –"))] + [
            (p.slug, p.title) for p in projects
        ]
        self.fields["partners"].choices = [(o.slug, o.name) for o in organisations]

    def clean_funding(self) -> list[tuple[str, str, int]]:
        rows = []
        for number, line in enumerate((self.cleaned_data.get("funding") or "").splitlines(), 1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")]
            if len(parts) != 3:
                raise forms.ValidationError(
                    _("Line %(n)d: write funder; programme; amount") % {"n": number}
                )
            try:
                amount = int(parts[2].replace(" ", "").replace("\u00a0", ""))
            except ValueError:
                raise forms.ValidationError(
                    _("Line %(n)d: the amount is not a whole number of euros") % {"n": number}
                ) from None
            rows.append((parts[0], parts[1], amount))
        return rows


class PublicationForm(forms.Form):
    cluster = forms.ChoiceField(label=_("Cluster"))
    kind = forms.ChoiceField(label=_("Kind"), choices=Publication.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    abstract = forms.CharField(
        label=_("Abstract"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)
    authors = forms.CharField(label=_("Authors"), required=False, max_length=500)
    url = forms.URLField(label=_("Web address"), required=False, assume_scheme="https")
    file = LimitedFileField(
        label=_("File"),
        required=False,
        max_bytes=MAX_ATTACHMENT_BYTES,
        extensions=accepted_extensions(),
    )
    projects = forms.MultipleChoiceField(
        label=_("Related projects"), required=False, widget=forms.SelectMultiple(attrs={"size": 5})
    )
    is_public = forms.BooleanField(label=_("Public"), required=False)

    def __init__(self, *args: Any, clusters: Any = (), projects: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cluster"].choices = [(c.slug, c.name) for c in clusters]
        self.fields["projects"].choices = [(p.slug, p.title) for p in projects]


class PublicationSearchForm(forms.Form):
    q = forms.CharField(label=_("Search titles and abstracts"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", "–"), *Publication.Kind.choices]
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", "–"), *LANGUAGE_CHOICES]
    )


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    focus_area = forms.ChoiceField(label=_("Focus area"), required=False)
    owner = forms.CharField(label=_("Owner"), required=False, max_length=200)
    start_date = forms.DateField(
        label=_("Start"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    due_date = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    status = forms.ChoiceField(label=_("Status"), choices=Action.Status.choices)
    progress_pct = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    goal = forms.ChoiceField(label=_("Goal"), required=False)
    goal_ref = forms.CharField(label=_("Other goal (text)"), required=False, max_length=200)
    event_ref = forms.CharField(label=_("Event"), required=False, max_length=300)
    deal_ref = forms.CharField(label=_("Deal"), required=False, max_length=300)
    projects = forms.MultipleChoiceField(
        label=_("Projects"), required=False, widget=forms.SelectMultiple(attrs={"size": 5})
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args: Any, areas: Any = (), projects: Any = (), goals: Any = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].choices = [("", "–")] + [(str(a.pk), a.name) for a in areas]
        self.fields["goal"].choices = [("", "–")] + [(str(g.pk), g.title) for g in goals]
        self.fields["projects"].choices = [(p.slug, p.title) for p in projects]


class DigestForm(forms.Form):
    active = forms.BooleanField(label=_("Send me the digest"), required=False)
    frequency = forms.ChoiceField(
        label=_("How often"), choices=[("weekly", _("Weekly")), ("monthly", _("Monthly"))]
    )
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)


class PackageForm(forms.Form):
    cluster = forms.ChoiceField(label=_("Cluster"))
    text_language = forms.ChoiceField(label=_("Language of the texts"), choices=LANGUAGE_CHOICES)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=60)
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=LANGUAGE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    target_groups = forms.MultipleChoiceField(
        label=_("For"),
        required=False,
        choices=TrainingPackage.TargetGroup.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    price_eur = forms.DecimalField(
        label=_("Price (EUR)"), min_value=0, decimal_places=2, max_digits=10
    )
    price_basis = forms.ChoiceField(
        label=_("Price basis"), choices=TrainingPackage.PriceBasis.choices
    )
    min_participants = forms.IntegerField(label=_("Smallest group"), min_value=1, initial=1)
    max_participants = forms.IntegerField(label=_("Largest group"), min_value=1, initial=30)
    is_public = forms.BooleanField(label=_("Public"), required=False, initial=True)

    def __init__(self, *args: Any, clusters: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cluster"].choices = [(c.slug, c.name) for c in clusters]


class ModuleForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40)
    title = forms.CharField(label=_("Title"), max_length=200)
    duration_days = forms.DecimalField(
        label=_("Days"),
        min_value=0.5,
        max_value=30,
        decimal_places=1,
        help_text=_("In half days: 0.5, 1, 1.5 …"),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=LANGUAGE_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    partner = forms.ChoiceField(label=_("Delivered by"), required=False)
    partner_role = forms.CharField(label=_("Partner's role"), required=False, max_length=200)

    def __init__(self, *args: Any, organisations: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [("", "–")] + [(o.slug, o.name) for o in organisations]


class EnquiryStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Enquiry.Status.choices)


class StrategyForm(forms.Form):
    cluster = forms.ChoiceField(label=_("Cluster"))
    title = forms.CharField(label=_("Title"), max_length=250)
    year_start = forms.IntegerField(label=_("From year"), min_value=1990, max_value=2100)
    year_end = forms.IntegerField(label=_("To year"), min_value=1990, max_value=2100)
    text_language = forms.ChoiceField(label=_("Language of the texts"), choices=LANGUAGE_CHOICES)
    text = forms.CharField(label=_("Strategy"), widget=forms.Textarea(attrs={"rows": 6}))
    focus_areas = forms.CharField(
        label=_("Focus areas"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, e.g. green circular industry"),
    )
    is_public = forms.BooleanField(label=_("Public"), required=False, initial=True)

    def __init__(self, *args: Any, clusters: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cluster"].choices = [(c.slug, c.name) for c in clusters]

    def area_names(self) -> list[str]:
        lines = (self.cleaned_data.get("focus_areas") or "").splitlines()
        return list(dict.fromkeys(line.strip() for line in lines if line.strip()))
