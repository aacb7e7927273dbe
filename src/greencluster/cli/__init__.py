"""Command-line interface: thin adapters that parse files, call the core and write results."""
