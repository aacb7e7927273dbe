from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "greencluster.web.registry"
    label = "registry"
    verbose_name = "Cluster registry"
