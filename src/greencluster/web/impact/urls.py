from django.urls import path, re_path

from greencluster.web.impact import views

app_name = "impact"
urlpatterns = [
    path("", views.index, name="index"),
    path("clusters/<slug:slug>/", views.cluster_dashboard, name="cluster"),
    path("clusters/<slug:slug>/factors/", views.factors, name="factors"),
    path(
        "clusters/<slug:slug>/factors/<int:pk>/delete/", views.factor_delete, name="factor_delete"
    ),
    path("clusters/<slug:slug>/goals/new/", views.goal_create, name="goal_create"),
    path("clusters/<slug:slug>/goals/<int:pk>/delete/", views.goal_delete, name="goal_delete"),
    re_path(
        r"^clusters/(?P<slug>[-\w]+)/report\.(?P<fmt>csv|xlsx|pdf)$",
        views.funder_report,
        name="funder_report",
    ),
    path("clusters/<slug:slug>/eccp-profile.csv", views.eccp_profile, name="eccp_profile"),
    path("organisations/<slug:slug>/", views.organisation_reports, name="organisation"),
    path("organisations/<slug:slug>/new/", views.report_edit, name="report_new"),
    path("organisations/<slug:slug>/upload/", views.report_upload, name="report_upload"),
    path("organisations/<slug:slug>/<int:year>/", views.report_detail, name="report"),
    path("organisations/<slug:slug>/<int:year>/edit/", views.report_edit, name="report_edit"),
]
