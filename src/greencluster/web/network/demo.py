"""Demo data of the network app for `make run`."""

from __future__ import annotations


def load(passwords: dict[str, str]) -> None:
    """Load the demo; called once by `load_demo` after the registry demo."""
