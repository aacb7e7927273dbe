from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "greencluster.web.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge and development work"
