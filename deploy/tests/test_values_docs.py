"""Every chart value is described once and the chart README's values table lists it.

helm-docs style: a `# --` comment right above a key describes it; on a block it describes
every value inside. Each leaf value of values.yaml must have exactly one such description
on itself or on one of its parent blocks, and README.md's values table (under "## Values")
must list exactly the described keys. Plain pytest over the two files: no helm needed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

CHART_DIR = Path(__file__).resolve().parents[2] / "deploy" / "helm" / "todo-chatbot"
_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<key>[A-Za-z0-9_]+):(?: |$)")
_ROW_KEY = re.compile(r"^\|\s*`(?P<key>[^`]+)`\s*\|")


def described_keys(text: str) -> list[str]:
    """The dotted keys that carry a `# --` comment, in file order."""
    described: list[str] = []
    parents: list[tuple[int, str]] = []
    comment: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            comment.append(stripped)
            continue
        match = _KEY_LINE.match(line)
        if match is None:
            comment = []
            continue
        indent = len(match["indent"])
        while parents and parents[-1][0] >= indent:
            parents.pop()
        key = ".".join([*(name for _, name in parents), match["key"]])
        if comment and comment[0].startswith("# --"):
            described.append(key)
        parents.append((indent, match["key"]))
        comment = []
    return described


def leaf_keys(values: Any, prefix: str = "") -> list[str]:
    """Dotted keys of the scalar values, and of empty maps and lists."""
    if isinstance(values, dict) and values:
        return [
            leaf
            for key, value in values.items()
            for leaf in leaf_keys(value, f"{prefix}.{key}" if prefix else str(key))
        ]
    return [prefix]


def readme_keys(text: str) -> list[str]:
    section = text.split("\n## Values\n", 1)
    assert len(section) == 2, "README.md has no '## Values' section"
    body = section[1].split("\n## ", 1)[0]
    return [m["key"] for line in body.splitlines() if (m := _ROW_KEY.match(line))]


def test_every_value_is_described_exactly_once() -> None:
    text = (CHART_DIR / "values.yaml").read_text()
    described = described_keys(text)
    assert len(described) == len(set(described))
    problems = []
    for leaf in leaf_keys(yaml.safe_load(text)):
        on = [key for key in described if leaf == key or leaf.startswith(f"{key}.")]
        if len(on) != 1:
            problems.append(f"{leaf}: described by {on or 'nothing'}")
    assert not problems, "\n".join(problems)


def test_every_described_key_is_a_value() -> None:
    text = (CHART_DIR / "values.yaml").read_text()
    leaves = leaf_keys(yaml.safe_load(text))
    for key in described_keys(text):
        assert any(leaf == key or leaf.startswith(f"{key}.") for leaf in leaves), key


def test_readme_values_table_lists_exactly_the_described_keys() -> None:
    described = described_keys((CHART_DIR / "values.yaml").read_text())
    listed = readme_keys((CHART_DIR / "README.md").read_text())
    assert len(listed) == len(set(listed)), "a key is listed twice"
    assert sorted(listed) == sorted(described), (
        f"missing from README: {sorted(set(described) - set(listed))}; "
        f"not in values.yaml: {sorted(set(listed) - set(described))}"
    )
