"""The ``greencluster`` command. Each sub-command lives in its own module and only parses
arguments, calls the core (or the web services for registry commands) and prints."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="greencluster",
    help="GreenCluster: run a regional green-industry cluster from the command line.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Sub-commands register themselves on import; keep this list sorted.
from greencluster.cli import backup as _backup  # noqa: E402,F401
from greencluster.cli import heat as _heat  # noqa: E402,F401
from greencluster.cli import match as _match  # noqa: E402,F401
from greencluster.cli import network as _network  # noqa: E402,F401
from greencluster.cli import registry as _registry  # noqa: E402,F401
from greencluster.cli import report as _report  # noqa: E402,F401
from greencluster.cli import schedule as _schedule  # noqa: E402,F401


def main() -> None:
    app()


if __name__ == "__main__":
    main()
