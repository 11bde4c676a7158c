"""Every action the platform writes into the audit log has a Chinese name, and the log's pages show it.

The codes are collected from the source itself (every `record(...)`/`record_many(...)` call's action argument),
so a new action without a name in auditlog/actions.py fails here. Two codes are built at run time and are
expanded from where their variable part comes from: `item.{action}` from each catalogue `_move(...)` call's
action, `application.{kind}` from every StepKind (applications.services.add_step)."""

import ast
from pathlib import Path

import lxml.html
import pytest
from django.urls import reverse

from gongkai_platform.applications.models import StepKind
from gongkai_platform.auditlog import actions
from gongkai_platform.auditlog.services import record

SRC = Path(__file__).resolve().parents[2] / "src" / "gongkai_platform"


def _calls(name: str):
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                if called == name:
                    yield path, node


def _literals(node) -> list[str] | None:
    """The codes an argument can be: a string, or either string of `a if x else b`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _literals(node.body), _literals(node.orelse)
        return body + orelse if body is not None and orelse is not None else None
    return None


def written_codes() -> set[str]:
    codes, unknown = set(), []
    moves = {lit for _, call in _calls("_move") for lit in _literals(call.args[2]) or ()}
    for path, call in [*_calls("record"), *_calls("record_many")]:
        if len(call.args) < 2:
            continue
        argument = call.args[1]
        literal = _literals(argument)
        if literal is not None:
            codes.update(literal)
        elif isinstance(argument, ast.JoinedStr) and ast.unparse(argument) == "f'item.{action}'":
            codes.update(f"item.{m}" for m in moves)
        elif isinstance(argument, ast.JoinedStr) and ast.unparse(argument) == "f'application.{kind}'":
            codes.update(f"application.{k}" for k in StepKind.values)
        elif isinstance(argument, ast.Name) and path.name == "admin.py" and path.parent.name == "auditlog":
            continue  # AuditedAdmin.save_model: `action` is the IfExp above it, collected as literals
        else:
            unknown.append(f"{path.relative_to(SRC)}:{call.lineno} {ast.unparse(argument)}")
    assert not unknown, f"action codes this test cannot read (add them to DYNAMIC and here): {unknown}"
    return codes


def test_the_collector_sees_the_actions_written_out_by_hand():
    codes = written_codes()
    # read in the source by eye: a literal, the admin's IfExp, both f-strings' expansions
    assert {"annual_report.generate", "admin.add", "admin.change", "item.submit", "item.create"} <= codes
    assert {"item.changed_after_review", "application.closed", "application.forwarded"} <= codes
    assert len(codes) > 60


def test_every_action_written_has_a_chinese_name_and_no_name_is_unused():
    codes = written_codes()
    missing = sorted(codes - actions.NAMES.keys())
    assert not missing, f"action codes with no Chinese name in auditlog/actions.py: {missing}"
    unused = sorted(actions.NAMES.keys() - codes)
    assert not unused, f"names of actions nothing writes: {unused}"
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in n) for n in actions.NAMES.values())


@pytest.mark.django_db
def test_the_audit_log_pages_show_the_chinese_name(admin_client, admin_user):
    entry = record(admin_user, "annual_report.generate", admin_user, {"cells": 3})
    record(admin_user, "login", admin_user)
    changelist = admin_client.get(reverse("admin:auditlog_auditentry_changelist")).content.decode()
    text = _text(changelist)
    assert "生成年度报告" in text and "登录" in text
    assert "annual_report.generate" not in text and "login" not in text  # neither the rows nor the filter
    assert "?action=annual_report.generate" in changelist  # the filter still selects by the stored code
    filtered = admin_client.get(
        reverse("admin:auditlog_auditentry_changelist"), {"action": "annual_report.generate"}
    ).content.decode()
    rows = lxml.html.document_fromstring(filtered).xpath("//table[@id='result_list']/tbody/tr")
    assert [("生成年度报告" in row.text_content()) for row in rows] == [True]
    detail = _text(
        admin_client.get(reverse("admin:auditlog_auditentry_change", args=[entry.pk])).content.decode()
    )
    assert "生成年度报告" in detail and "annual_report.generate" not in detail
    assert "生成年度报告" in str(entry) and actions.name("no.such_code") == "no.such_code"


def _text(html) -> str:
    """What the page shows (not its links' addresses)."""
    return lxml.html.document_fromstring(html).text_content()
