from django.urls import path, re_path

from greencluster.web.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.home, name="home"),
    path("directory/", views.directory, name="directory"),
    path("map/", views.member_map, name="map"),
    path("map/points.json", views.map_points, name="map_points"),
    path("clusters/<slug:slug>/", views.cluster_detail, name="cluster"),
    path("clusters/<slug:slug>/import/", views.cluster_import, name="cluster_import"),
    re_path(
        r"^clusters/(?P<slug>[-\w]+)/export\.(?P<fmt>csv|xlsx|json)$",
        views.cluster_export,
        name="cluster_export",
    ),
    path("clusters/<slug:slug>/edit/", views.cluster_edit, name="cluster_edit"),
    path(
        "clusters/<slug:slug>/organisations/new/",
        views.organisation_create,
        name="organisation_create",
    ),
    path("clusters/<slug:slug>/audit/", views.cluster_audit, name="cluster_audit"),
    re_path(
        r"^clusters/(?P<slug>[-\w]+)/audit\.(?P<fmt>csv|xlsx)$",
        views.cluster_audit_export,
        name="cluster_audit_export",
    ),
    path(
        "clusters/<slug:slug>/mini-clusters/new/",
        views.mini_cluster_create,
        name="mini_cluster_create",
    ),
    path("mini-clusters/<slug:slug>/", views.mini_cluster_detail, name="mini_cluster"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("organisations/<slug:slug>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<slug:slug>/sites/new/", views.site_add, name="site_add"),
    path(
        "organisations/<slug:slug>/sites/<int:site_id>/delete/",
        views.site_delete,
        name="site_delete",
    ),
]
