"""Repo-wide pytest policy: a skipped test that carries a required marker fails the run.

`.ci/run` sets TODO_REQUIRED_MARKERS (e.g. "postgres,docker,browser,helm"); a plain
`make test` on a laptop leaves it unset, so those suites skip with their reason.
"""

from __future__ import annotations

import os

import pytest

_REQUIRED = {m.strip() for m in os.environ.get("TODO_REQUIRED_MARKERS", "").split(",") if m.strip()}
_skipped_required: list[str] = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if report.skipped and _REQUIRED:
        required_here = _REQUIRED & {mark.name for mark in item.iter_markers()}
        if required_here:
            _skipped_required.append(f"{item.nodeid} [{', '.join(sorted(required_here))}]")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _skipped_required:
        terminalreporter.section("required suites were skipped", red=True)
        for line in _skipped_required:
            terminalreporter.write_line(line)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _skipped_required and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
