from django.urls import path

from greencluster.web.network import views

app_name = "network"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.cluster_view, name="cluster"),
    path("<slug:slug>/recompute/", views.recompute, name="recompute"),
    path("<slug:slug>/locomotives/", views.locomotives, name="locomotives"),
    path(
        "<slug:slug>/locomotives/<int:organisation_id>/decide/",
        views.locomotive_decide,
        name="locomotive_decide",
    ),
    path("<slug:slug>/value-networks/<str:key>/", views.value_network, name="value_network"),
    path("<slug:slug>/value-networks/<str:key>/adopt/", views.adopt, name="adopt"),
    path("<slug:slug>/gaps/", views.gaps, name="gaps"),
    path("<slug:slug>/graph.json", views.graph_json, name="graph_json"),
]
