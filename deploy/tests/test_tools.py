"""The pinned binaries the rest of the suite relies on are the versions we think they are."""

from __future__ import annotations

import subprocess

import pytest

pytestmark = pytest.mark.helm


@pytest.mark.parametrize("major", [3, 4])
def test_pinned_binaries_report_their_versions(toolsets, major) -> None:
    tools = toolsets[major]
    helm = subprocess.run(
        [tools.helm, "version", "--template", "{{ .Version }}"],
        capture_output=True,
        text=True,
        check=True,
    )
    kubectl = subprocess.run(
        [tools.kubectl, "version", "--client", "--output", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert helm.stdout.strip() == tools.pins.helm_version
    assert helm.stdout.startswith(f"v{major}.")
    assert f'"gitVersion": "{tools.pins.kubectl_version}"' in kubectl.stdout
