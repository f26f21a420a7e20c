"""Every rendered object validates against the Kubernetes OpenAPI schemas (strict mode).

Strict mode rejects unknown fields. kubernetes-validate only warns when it has no schema for
an apiVersion/kind; here that is a failure, so an object can never pass unchecked.
"""

from __future__ import annotations

import kubernetes_validate
import pytest

pytestmark = pytest.mark.helm

# The oldest release the chart supports (Chart.yaml kubeVersion) and the newest one
# kubernetes-validate bundles.
KUBERNETES_VERSIONS = ["1.30.0", kubernetes_validate.latest_version()]


@pytest.mark.parametrize("kube_version", KUBERNETES_VERSIONS)
def test_rendered_objects_validate(helm, scenario, values_args, kube_version) -> None:
    objects = helm.render(*values_args(scenario), "--kube-version", kube_version)
    assert objects
    failures = []
    for obj in objects:
        name = f"{obj['kind']}/{obj['metadata']['name']}"
        try:
            kubernetes_validate.validate(obj, kube_version, strict=True)
        except kubernetes_validate.ValidationError as error:
            path = ".".join(str(part) for part in error.path)
            failures.append(f"{name}: {path}: {error.message}")
        except kubernetes_validate.SchemaNotFoundError as error:
            failures.append(f"{name}: no schema: {error.message}")
    assert not failures, "\n".join(failures)


def test_chart_refuses_kubernetes_older_than_1_30(helm, chart_dir) -> None:
    result = helm.run("template", "x", chart_dir, "--kube-version", "1.29.0", check=False)
    assert result.returncode != 0
    assert "chart requires kubeVersion: >=1.30.0-0" in result.stderr
