"""Activities and partnering events."""
