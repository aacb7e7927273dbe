"""Load: 20 people browsing a large installation at once, on SQLite and on PostgreSQL.

Workload: a generated installation (``benchmarks/load_data.py``, seeded, invented) of 5
clusters and 10,000 organisations with sites, NACE codes and two years of KPI reports, plus
what the marketplace and events apps add for the load test (listings with suggestions, events
with agendas). The product is served as ``make run`` serves it: gunicorn, 2 workers × 4
threads, DEBUG off, on 127.0.0.1. 20 simulated people (locust; 3 members to 1 coordinator)
log in and browse for a fixed time with 0.5-1.5 s between pages: the directory (plain,
searched, filtered), organisation profiles, and the pages of their role (listings,
suggestions, agendas, impact dashboards, the audit log). Goal: no errors and a p95 of at most
150 ms over all browsing requests.

Baseline: the same people and pages on a demo-sized installation (300 organisations), to
show what the size of the installation costs.

Both the load generator and the server run on this machine's 2 cores, so the figures include
the generator's own CPU use.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
USERS = 20
SECONDS = int(os.environ.get("GREENCLUSTER_LOAD_SECONDS", "45"))
SIZES = {"demo-sized baseline": (300, 3_000), "large": (10_000, 100_000)}
PG_ADMIN_URL = os.environ.get("GREENCLUSTER_LOAD_PG", "postgres://postgres@127.0.0.1:5432/postgres")

PAGES: dict[str, list[str]] = {
    "directory": ["/directory/", "/directory/?q={q}", "/directory/?cluster={cluster}&nace=38"],
    "organisation": ["/organisations/load-org-{n}/"],
    "own impact reports": ["/impact/organisations/{organisation}/"],
    "impact overview": ["/impact/"],
    "cluster impact dashboard": ["/impact/clusters/{cluster}/"],
    "cluster page": ["/clusters/{cluster}/"],
    "audit log": ["/clusters/{cluster}/audit/"],
    "events": ["/events/"],
    "event page": ["/events/load-{cluster}-{event}/"],
    "partnering agenda": ["/events/load-{cluster}-20/agenda/"],
    "event figures": ["/events/figures/"],
    "marketplace": ["/marketplace/"],
    "listings": ["/marketplace/listings/", "/marketplace/listings/?q={q}"],
    "own listing with suggestions": ["/marketplace/listings/{listing}/"],
    "deals": ["/marketplace/deals/"],
    "cluster marketplace": ["/marketplace/clusters/{cluster}/"],
}
ROLES: dict[str, list[str]] = {
    "member": [
        "own impact reports",
        "impact overview",
        "cluster page",
        "events",
        "event page",
        "partnering agenda",
    ],
    "coordinator": [
        "cluster impact dashboard",
        "audit log",
        "cluster page",
        "events",
        "event figures",
    ],
}
GOAL_P95_MS = 150


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fresh_postgres(name: str) -> str:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def run_case(database: str, orgs: int, listings: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="gc-load-") as var:
        env = {k: v for k, v in os.environ.items() if not k.startswith("GREENCLUSTER_")}
        env.pop("DATABASE_URL", None)
        env.update(GREENCLUSTER_VAR_DIR=var, GREENCLUSTER_TILE_URL="", PYTHONPATH=str(ROOT / "src"))
        if database == "postgresql":
            env["DATABASE_URL"] = fresh_postgres("greencluster_load")
        generated = subprocess.run(
            [sys.executable, "-m", "benchmarks.load_data", str(orgs), str(listings)],
            env={**env, "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}"},
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        data = json.loads(generated.stdout.strip().splitlines()[-1])
        subprocess.run(
            [sys.executable, "-m", "greencluster.web.manage", "collectstatic", "--noinput", "-v0"],
            env=env,
            cwd=ROOT,
            check=True,
        )
        for username, profile in data["users"].items():
            profile.setdefault("cluster", "load-fi-heat")
            profile.setdefault("organisation", "load-org-0")
            data["users"][username] = profile
        port = free_port()
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "greencluster.web.config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            for _ in range(120):
                try:
                    urllib.request.urlopen(url + "/accounts/login/", timeout=2).read()
                    break
                except OSError:
                    time.sleep(0.5)
            config = {
                "users": data["users"],
                "password": data["password"],
                "pages": PAGES,
                "roles": ROLES,
                "organisations": orgs,
            }
            load = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "benchmarks.load_users",
                    url,
                    str(SECONDS),
                    str(USERS),
                    json.dumps(config),
                ],
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}"},
                capture_output=True,
                text=True,
                check=True,
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
        result = json.loads(load.stdout.strip().splitlines()[-1])
        result["counts"] = data["counts"]
        result["generated_s"] = data["seconds"]
        return result


def run() -> str:
    results = {
        (database, size): run_case(database, *SIZES[size])
        for database in ("sqlite", "postgresql")
        for size in SIZES
    }
    lines = [
        "## Load: 20 people browsing at once (SQLite and PostgreSQL)",
        "",
        (__doc__ or "").split("\n\n", 1)[1].strip(),
        "",
        f"Command: `python -m benchmarks.run load` ({SECONDS} s of browsing per case).",
        "",
        "| database | installation | browsing requests | errors | median ms | p95 ms | max ms"
        f" | p95 ≤ {GOAL_P95_MS} ms |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for (database, size), r in results.items():
        b = r["browsing"]
        counts = ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in r["counts"].items())
        lines.append(
            f"| {database} | {size}: {counts} | {b['requests']:,} | {b['failures']} "
            f"| {b['median_ms']:.0f} | {b['p95_ms']:.0f} | {b['max_ms']:,} "
            f"| {'yes' if b['p95_ms'] <= GOAL_P95_MS and b['failures'] == 0 else 'no'} |"
        )
    lines += ["", "p95 per page (ms), large installation:", ""]
    names = sorted({n for r in results.values() for n in r["pages"] if n != "login"})
    lines.append("| page | SQLite | PostgreSQL |")
    lines.append("|---|---:|---:|")
    for name in names:
        cells = [
            results[(db, "large")]["pages"].get(name, {}).get("p95_ms", "–")
            for db in ("sqlite", "postgresql")
        ]
        lines.append(f"| {name} | {cells[0]} | {cells[1]} |")
    errors = [e for r in results.values() for e in r["errors"]]
    if errors:
        lines += ["", "Errors seen:", "", *[f"- {e}" for e in errors[:10]]]
    return "\n".join(lines) + "\n"
