"""GreenCluster: an open-source platform that runs a regional green-industry cluster."""

__version__ = "0.1.0"
