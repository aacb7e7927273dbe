"""Every write through a service is in the audit log.

The test reads the source of every module of every ``greencluster.web.<app>`` (services,
imports, views, API, jobs; not the models and demo loaders) and follows calls inside it: each public
function that writes to the database (save, create, delete, update, bulk writes,
many-to-many changes), directly or through a helper, must record an audit entry, directly or
through a helper. New apps and new services are covered as soon as they exist."""

from __future__ import annotations

import ast
import pkgutil
from importlib import import_module
from pathlib import Path

import greencluster.web

WRITE_METHODS = {
    "save",
    "create",
    "delete",
    "update",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "create_user",
    "set_password",
}
RELATION_WRITES = {"add", "remove", "clear", "set"}
NOT_WRITERS = {"models", "demo", "apps", "admin"}

# Functions that write only bookkeeping of the system itself, not anybody's data.
NOT_AUDITED = {
    # The audit log's own writer.
    "greencluster.web.audit.services.audit_record",
    # Course feedback is anonymous: an audit entry would name who gave it.
    "greencluster.web.knowledge.services.feedback_submit",
    # Background jobs that store the result of a request audited when it was made.
    "greencluster.web.network.services.network_run_execute",
    "greencluster.web.marketplace.matching.refresh_suggestions",
    # Consequences of an audited act, run inside the service that records it: settling a
    # request after the last answer (invitation_answer, registration_cancel) and leaving
    # meetings (meeting_cancel, registration_cancel).
    "greencluster.web.events.services.settle_request",
    "greencluster.web.events.partnering.leave_meeting",
    # Bookkeeping of the system: when an API token was last used, when a digest was sent.
    "greencluster.web.accounts.auth.token_user",
    "greencluster.web.accounts.auth.request_viewer",
    "greencluster.web.knowledge.digest.send_digests",
}


def service_modules() -> list[Path]:
    """Every module of every web app that may write: all but the models, the migrations, the
    management commands, the demo loaders and the test-only code."""
    found = []
    for app in pkgutil.iter_modules(greencluster.web.__path__):
        if not app.ispkg or app.name in ("config", "locale", "templates", "static"):
            continue
        package = import_module(f"greencluster.web.{app.name}")
        for module in pkgutil.iter_modules(package.__path__):
            if module.ispkg or module.name in NOT_WRITERS:
                continue
            found.append(Path(package.__path__[0]) / f"{module.name}.py")
    return found


def analyse(path: Path) -> dict[str, tuple[bool, bool, set[str]]]:
    """For each function: (writes directly, audits directly, functions of the module it calls)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    functions = {
        node.name: node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    facts = {}
    for name, node in functions.items():
        writes = audits = False
        calls: set[str] = set()
        body = [n for stmt in node.body for n in ast.walk(stmt)]  # not the decorators
        for call in body:
            if not isinstance(call, ast.Call):
                continue
            target = call.func
            if isinstance(target, ast.Name):
                if target.id == "audit_record":
                    audits = True
                elif target.id in functions:
                    calls.add(target.id)
            elif isinstance(target, ast.Attribute):
                if target.attr == "audit_record":
                    audits = True
                elif target.attr == "update" and isinstance(target.value, ast.Name):
                    continue  # a dict's update, not a queryset's
                elif target.attr == "save" and call.args:
                    continue  # a file's save (e.g. a workbook), not a model's
                elif target.attr in WRITE_METHODS:
                    writes = True
                elif target.attr in RELATION_WRITES and isinstance(target.value, ast.Attribute):
                    writes = True  # e.g. mini.members.add(...)
        facts[name] = (writes, audits, calls)
    return facts


def closure(facts: dict[str, tuple[bool, bool, set[str]]], index: int) -> dict[str, bool]:
    result = {name: bool(fact[index]) for name, fact in facts.items()}
    changed = True
    while changed:
        changed = False
        for name, fact in facts.items():
            if not result[name] and any(result.get(c) for c in fact[2]):
                result[name] = changed = True
    return result


def test_there_are_services_to_check():
    modules = service_modules()
    assert {p.parent.name for p in modules} >= {"registry", "heat", "impact", "knowledge"}


def test_every_public_service_that_writes_records_an_audit_entry():
    unaudited = []
    for path in service_modules():
        facts = analyse(path)
        writes, audits = closure(facts, 0), closure(facts, 1)
        module = f"greencluster.web.{path.parent.name}.{path.stem}"
        for name in facts:
            if name.startswith("_") or f"{module}.{name}" in NOT_AUDITED:
                continue
            if writes[name] and not audits[name]:
                unaudited.append(f"{module}.{name}")
    assert unaudited == [], "these services write without an audit entry: " + ", ".join(unaudited)


def test_the_checker_recognises_an_unaudited_write(tmp_path):
    source = tmp_path / "services.py"
    source.write_text(
        "def good(viewer, org):\n    _save(org)\n    audit_record(viewer, 'x', org)\n"
        "def bad(org):\n    _save(org)\n"
        "def _save(org):\n    org.save()\n"
        "def reads(org):\n    row = {}\n    row.update(name=org.name)\n    return row\n"
    )
    facts = analyse(source)
    writes, audits = closure(facts, 0), closure(facts, 1)
    assert writes["good"] and audits["good"]
    assert writes["bad"] and not audits["bad"]
    assert not writes["reads"]
