"""`helm lint --strict` accepts every supported value set, on Helm 3 and 4."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.helm


def test_lint_strict_passes(helm, chart_dir, scenario, values_args) -> None:
    result = helm.run("lint", "--strict", chart_dir, *values_args(scenario), check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 chart(s) failed" in result.stdout
    assert "[WARNING]" not in result.stdout and "[ERROR]" not in result.stdout


def test_chart_packages(helm, chart_dir, tmp_path) -> None:
    helm.run("package", chart_dir, "--destination", tmp_path)
    assert [archive.name for archive in tmp_path.glob("*.tgz")] == ["todo-chatbot-1.0.0.tgz"]
