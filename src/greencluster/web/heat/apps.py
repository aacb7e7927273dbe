from django.apps import AppConfig


class HeatConfig(AppConfig):
    name = "greencluster.web.heat"
    label = "heat"
    verbose_name = "Heat entrepreneurship planner"
