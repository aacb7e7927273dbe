from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

from greencluster.web.config.api import api

urlpatterns = [
    path("", include("greencluster.web.registry.urls")),
    path("accounts/", include("greencluster.web.accounts.urls")),
    path("heat/", include("greencluster.web.heat.urls")),
    path("impact/", include("greencluster.web.impact.urls")),
    path("knowledge/", include("greencluster.web.knowledge.urls")),
    path("marketplace/", include("greencluster.web.marketplace.urls")),
    path("events/", include("greencluster.web.events.urls")),
    path("network/", include("greencluster.web.network.urls")),
    path("api/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]
