"""Value networks."""
