from django.apps import AppConfig


class ImpactConfig(AppConfig):
    name = "greencluster.web.impact"
    label = "impact"
    verbose_name = "Cluster impact"
