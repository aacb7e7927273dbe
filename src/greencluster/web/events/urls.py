from django.urls import path

from greencluster.web.events import views

app_name = "events"
urlpatterns = [
    path("", views.index, name="index"),
]
