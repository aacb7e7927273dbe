"""Refusing requests that carry text no database column holds.

A NUL character (and, in JSON, an unpaired surrogate written as a \\u escape) cannot be
stored in any text column, so a search, filter, lookup or write with one can only fail deep
inside the database; the request is refused at the door instead: pages answer 400 Bad
Request, the API answers 422 like any other parameter that does not validate, naming where.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

from greencluster.core.tables import text_problem

Location = list[str | int]
# JSON escapes of a NUL or of a surrogate: only bodies holding one are parsed here.
_SUSPECT_JSON = re.compile(rb"\\u(0000|d[89a-f])", re.IGNORECASE)


def _escaped(text: str) -> str:
    return text.encode("unicode_escape", errors="backslashreplace").decode("ascii")


def address_problem(request: HttpRequest) -> tuple[Location, str] | None:
    """Where the path or query string holds a NUL, and why that is refused, or None."""
    if "\x00" in request.path:
        return ["path"], "contains a NUL character"
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in v for v in values):
            return ["query", _escaped(key)], "contains a NUL character"
    return None


def json_problem(value: Any, location: Location) -> tuple[Location, str] | None:
    """Where in a parsed JSON ``value`` a string (or key) is not storable text, and why."""
    if isinstance(value, str):
        problem = text_problem(value)
        return None if problem is None else (location, problem)
    if not isinstance(value, dict | list):
        return None
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        if isinstance(key, str) and (problem := text_problem(key)) is not None:
            return [*location, _escaped(key)], problem
        if (found := json_problem(item, [*location, key])) is not None:
            return found
    return None


def body_problem(request: HttpRequest) -> tuple[Location, str] | None:
    if request.content_type != "application/json" or not _SUSPECT_JSON.search(request.body):
        return None
    try:
        data = json.loads(request.body)
    except ValueError:
        return None  # the API reports a body it cannot read itself
    return json_problem(data, ["body"])


class RefuseUnstorableTextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = request.path.startswith("/api/")
        found = address_problem(request) or (body_problem(request) if api else None)
        if found is None:
            return self.get_response(request)
        location, message = found
        if api:
            error = {"loc": location, "msg": message, "type": "text"}
            return JsonResponse({"detail": [error]}, status=422)
        return HttpResponseBadRequest(f"The address {message}.", content_type="text/plain")
