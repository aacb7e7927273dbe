from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "greencluster.web.common"
    label = "common"
    verbose_name = "GreenCluster common"
