"""Side-stream marketplace."""
