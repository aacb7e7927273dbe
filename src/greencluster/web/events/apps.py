from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "greencluster.web.events"
    label = "events"
    verbose_name = "Activities and partnering events"
