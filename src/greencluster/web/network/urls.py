from django.urls import path

from greencluster.web.network import views

app_name = "network"
urlpatterns = [
    path("", views.index, name="index"),
]
