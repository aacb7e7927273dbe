from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from greencluster.web.network.models import LocomotiveDecision
from greencluster.web.registry.models import MiniCluster


class AdoptForm(forms.Form):
    name = forms.CharField(label=_("Name of the mini-cluster"), max_length=200)
    theme = forms.ChoiceField(label=_("Theme"), choices=MiniCluster.Theme.choices)


class DecisionForm(forms.Form):
    status = forms.ChoiceField(choices=LocomotiveDecision.Status.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
