"""Sign-in, sign-out and the user's own page (roles, API tokens)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from greencluster.web.accounts.models import ClusterCoordinator, OrganisationRole
from greencluster.web.accounts.services import api_token_create


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    new_key = None
    if request.method == "POST":
        _token, new_key = api_token_create(user=request.user, name=request.POST.get("name", ""))
        messages.success(request, _("Copy the token now: it is not shown again."))
    return render(
        request,
        "accounts/profile.html",
        {
            "coordinator_roles": ClusterCoordinator.objects.filter(
                user=request.user
            ).select_related("cluster"),
            "organisation_roles": OrganisationRole.objects.filter(user=request.user).select_related(
                "organisation"
            ),
            "tokens": request.user.api_tokens.order_by("-created_at"),
            "new_key": new_key,
        },
    )
