"""GreenCluster's Django project: server-rendered pages, JSON API, services over the core."""
