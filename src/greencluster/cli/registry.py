"""``greencluster import`` / ``greencluster export``: registry files through the web services."""
