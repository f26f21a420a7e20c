"""The pinned binaries the rest of the suite relies on are the versions we think they are."""

from __future__ import annotations

import subprocess

import pytest

pytestmark = pytest.mark.helm

EXPECTED = {3: ("v3.19.0", "v1.34.5"), 4: ("v4.3.1", "v1.37.1")}


@pytest.mark.parametrize("major", sorted(EXPECTED))
def test_pinned_binaries_report_their_versions(toolsets, major) -> None:
    helm_version, kubectl_version = EXPECTED[major]
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
    assert helm.stdout.strip() == helm_version
    assert f'"gitVersion": "{kubectl_version}"' in kubectl.stdout
