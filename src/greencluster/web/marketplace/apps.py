from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    name = "greencluster.web.marketplace"
    label = "marketplace"
    verbose_name = "Side-stream marketplace"
