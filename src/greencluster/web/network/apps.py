from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "greencluster.web.network"
    label = "network"
    verbose_name = "Value networks"
