from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "greencluster.web.audit"
    label = "audit"
    verbose_name = "Audit log"
