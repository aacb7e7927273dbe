"""The simulated people of the load benchmark (locust, run in its own process because locust
patches the standard library with gevent).

``python -m benchmarks.load_users URL SECONDS USERS USERS_JSON`` logs every simulated person
in, lets them browse for SECONDS with a think time of 0.5-1.5 s between pages, and prints one
JSON document: per page and in total the number of requests, failures, median, p95 and max in
milliseconds. Log-ins are timed apart ("login"): a password check is deliberately slow.
"""

from __future__ import annotations

import json
import random
import sys
import time
from typing import Any

import gevent
from locust import HttpUser, between, task
from locust.env import Environment
from locust.stats import StatsEntry

SEARCHES = ["bio", "lämpö", "energi", "metall", "puu", "vesi", "kraft", "öko", "kierto", "oy"]


class Person(HttpUser):
    abstract = True
    wait_time = between(0.5, 1.5)
    accounts: list[tuple[str, dict[str, Any]]] = []
    password = ""
    pages: dict[str, list[str]] = {}
    roles: dict[str, list[str]] = {}
    organisations = 1
    logged_in = 0

    def on_start(self) -> None:
        self.username, self.profile = self.accounts.pop(0)
        self.client.get("/accounts/login/", name="login")
        token = self.client.cookies.get("csrftoken", "")
        response = self.client.post(
            "/accounts/login/",
            {"username": self.username, "password": self.password, "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/accounts/login/"},
            name="login",
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise RuntimeError(f"{self.username} could not log in: {response.status_code}")
        Person.logged_in += 1

    def visit(self, name: str) -> None:
        template = random.choice(self.pages[name])
        path = template.format(
            **self.profile,
            q=random.choice(SEARCHES),
            n=random.randrange(self.organisations),
            event=random.randrange(20),
        )
        self.client.get(path, name=name)


class Member(Person):
    weight = 3

    @task(3)
    def directory(self) -> None:
        self.visit("directory")

    @task(2)
    def organisation(self) -> None:
        self.visit("organisation")

    @task(2)
    def member_pages(self) -> None:
        self.visit(random.choice(self.roles["member"]))


class Coordinator(Person):
    weight = 1

    @task(2)
    def directory(self) -> None:
        self.visit("directory")

    @task(3)
    def coordinator_pages(self) -> None:
        self.visit(random.choice(self.roles["coordinator"]))


def main(argv: list[str]) -> int:
    url, seconds, users = argv[0], float(argv[1]), int(argv[2])
    config = json.loads(argv[3])
    accounts = config["users"]
    Person.password = config["password"]
    Person.pages = config["pages"]
    Person.roles = config["roles"]
    Person.organisations = config["organisations"]
    Member.accounts = [(u, p) for u, p in accounts.items() if p["role"] == "member"]
    Coordinator.accounts = [(u, p) for u, p in accounts.items() if p["role"] == "coordinator"]

    def figures(entry: Any) -> dict[str, Any]:
        return {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "median_ms": entry.get_response_time_percentile(0.5),
            "p95_ms": entry.get_response_time_percentile(0.95),
            "max_ms": round(entry.max_response_time or 0),
        }

    environment = Environment(user_classes=[Member, Coordinator], host=url)
    runner = environment.create_local_runner()
    runner.start(users, spawn_rate=users)
    # Everybody logs in first (slow on purpose: Argon2); browsing is measured after that.
    deadline = time.monotonic() + 300
    while Person.logged_in < users and time.monotonic() < deadline:
        gevent.sleep(0.1)
    stats = environment.stats
    login = stats.get("login", "POST")
    login_figures = figures(login)
    stats.reset_all()
    gevent.spawn_later(seconds, runner.quit)
    runner.greenlet.join()

    pages = {
        name: figures(entry)
        for (name, _method), entry in sorted(stats.entries.items())
        if name != "login"
    }
    pages["login"] = login_figures
    browsing = StatsEntry(stats, "browsing", "GET")
    for (name, _method), entry in stats.entries.items():
        if name != "login":
            browsing.extend(entry)
    result = {
        "pages": pages,
        "browsing": figures(browsing),
        "errors": [
            f"{e.method} {e.name}: {e.error} (×{e.occurrences})" for e in stats.errors.values()
        ][:20],
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
