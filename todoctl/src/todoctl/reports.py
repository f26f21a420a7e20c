"""Validation reports: JSON for machines, JUnit XML for CI, Markdown for people."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

from todoctl.gates import FAIL, PASS, SKIPPED, GateResult


def summary(gates: Sequence[GateResult]) -> dict[str, Any]:
    counts = {
        status: sum(1 for g in gates if g.status == status) for status in (PASS, FAIL, SKIPPED)
    }
    return {
        "status": "passed" if gates and counts[FAIL] == 0 and counts[SKIPPED] == 0 else "failed",
        "counts": counts,
        "gates": [g.as_dict() for g in gates],
    }


def to_json(gates: Sequence[GateResult]) -> str:
    return json.dumps(summary(gates), indent=2)


def to_junit(gates: Sequence[GateResult]) -> str:
    suite = ET.Element(
        "testsuite",
        name="todoctl validate",
        tests=str(len(gates)),
        failures=str(sum(1 for g in gates if g.status == FAIL)),
        skipped=str(sum(1 for g in gates if g.status == SKIPPED)),
        time=f"{sum(g.seconds for g in gates):.1f}",
    )
    for gate in gates:
        case = ET.SubElement(
            suite,
            "testcase",
            classname="todoctl.gates",
            name=f"gate {gate.number:02d} {gate.name}",
            time=f"{gate.seconds:.1f}",
        )
        text = f"measured: {gate.measured}\nlimit: {gate.limit}\n" + "\n".join(gate.details)
        if gate.status == FAIL:
            ET.SubElement(case, "failure", message=gate.measured).text = text
        elif gate.status == SKIPPED:
            ET.SubElement(case, "skipped", message="; ".join(gate.details))
        else:
            ET.SubElement(case, "system-out").text = text
    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(gates: Sequence[GateResult]) -> str:
    overall = summary(gates)
    lines = [
        "# todoctl validation report",
        "",
        f"Result: **{overall['status']}** — "
        + ", ".join(f"{n} {s}" for s, n in overall["counts"].items()),
        "",
        "| # | Gate | Status | Measured | Limit | Notes |",
        "|---|---|---|---|---|---|",
    ]
    for g in gates:
        notes = "; ".join(g.details[:3]) + (" …" if len(g.details) > 3 else "")
        lines.append(
            f"| {g.number} | {_cell(g.name)} | {g.status} | {_cell(g.measured)} "
            f"| {_cell(g.limit)} | {_cell(notes)} |"
        )
    return "\n".join(lines) + "\n"
