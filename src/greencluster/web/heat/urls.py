from django.urls import path

from greencluster.web.heat import views

app_name = "heat"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_create, name="project_create"),
    path("<int:pk>/", views.project_detail, name="project"),
    path("<int:pk>/settings/", views.project_settings, name="project_settings"),
    path("<int:pk>/delete/", views.project_delete, name="project_delete"),
    path("<int:pk>/customers/new/", views.customer_add, name="customer_add"),
    path("<int:pk>/customers/upload/", views.customer_upload, name="customer_upload"),
    path("<int:pk>/streets/upload/", views.streets_upload, name="streets_upload"),
    path("<int:pk>/customers/site/", views.customer_pick_site, name="customer_pick_site"),
    path(
        "<int:pk>/customers/<int:customer_id>/delete/",
        views.customer_delete,
        name="customer_delete",
    ),
    path("<int:pk>/fuel/new/", views.fuel_source_add, name="fuel_source_add"),
    path(
        "<int:pk>/fuel/<int:source_id>/delete/",
        views.fuel_source_delete,
        name="fuel_source_delete",
    ),
    path("<int:pk>/run/", views.evaluation_run, name="run"),
    path("<int:pk>/compare/", views.compare, name="compare"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation"),
    path("evaluations/<int:pk>/summary.pdf", views.evaluation_pdf_download, name="evaluation_pdf"),
    path("evaluations/<int:pk>/delete/", views.evaluation_delete, name="evaluation_delete"),
]
