from django.urls import path, re_path

from greencluster.web.knowledge import views

app_name = "knowledge"
urlpatterns = [
    path("", views.home, name="home"),
    path("practices/", views.practice_list, name="practices"),
    path("practices/new/", views.practice_edit, name="practice_create"),
    path("practices/<slug:slug>/", views.practice_detail, name="practice"),
    path("practices/<slug:slug>/edit/", views.practice_edit, name="practice_edit"),
    path("practices/<slug:slug>/files/", views.attachment_add, name="attachment_add"),
    path(
        "practices/<slug:slug>/files/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path(
        "practices/<slug:slug>/files/<int:attachment_id>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path("clusters/<slug:cluster_slug>/import/", views.practice_import, name="practice_import"),
    re_path(
        r"^clusters/(?P<cluster_slug>[-\w]+)/practices\.(?P<fmt>csv|xlsx|json)$",
        views.practice_export,
        name="practice_export",
    ),
    path("training/", views.package_list, name="packages"),
    path("training/new/", views.package_create, name="package_create"),
    path("enquiries/<int:enquiry_id>/status/", views.enquiry_status, name="enquiry_status"),
    path("training/<slug:slug>/", views.package_detail, name="package"),
    path("training/<slug:slug>/book/", views.booking_create, name="booking_create"),
    path("bookings/<int:booking_id>/", views.booking_detail, name="booking"),
    path("feedback/<str:token>/", views.feedback, name="feedback"),
    path("projects/", views.project_list, name="projects"),
    path("projects/new/", views.project_edit, name="project_create"),
    path("projects/<slug:slug>/", views.project_detail, name="project"),
    path("projects/<slug:slug>/edit/", views.project_edit, name="project_edit"),
    path("publications/", views.publication_list, name="publications"),
    path("publications/new/", views.publication_create, name="publication_create"),
    path("publications/<slug:slug>/", views.publication_detail, name="publication"),
    path("publications/<slug:slug>/file/", views.publication_file, name="publication_file"),
    path("strategies/", views.strategy_list, name="strategies"),
    path("strategies/new/", views.strategy_create, name="strategy_create"),
    path("strategies/<int:strategy_id>/", views.strategy_detail, name="strategy"),
    path("strategies/<int:strategy_id>/actions/new/", views.action_edit, name="action_create"),
    path(
        "strategies/<int:strategy_id>/actions/<int:action_id>/",
        views.action_edit,
        name="action_edit",
    ),
    path("digest/", views.digest_settings, name="digest"),
]
