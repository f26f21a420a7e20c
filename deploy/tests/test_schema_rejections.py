"""Wrong values stop `helm template` (and so `helm install`) with a message naming the value.

Schema violations also fail `helm lint --strict`. The two cross-field checks JSON Schema
cannot express (HPA min > max, existingSecret next to inline secrets) are `fail` calls in
the templates: install and template stop on them, but `helm lint` only reports a template
`fail` as [INFO] by design, so for those the lint assertion is left out.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.helm

SCHEMA_CASES = {
    "nodePort above range": (
        ["--set", "frontend.service.nodePort=40000"],
        "at '/frontend/service/nodePort': maximum: got 40,000, want 32,767",
    ),
    "nodePort below range": (
        ["--set", "backend.service.nodePort=8080"],
        "at '/backend/service/nodePort': minimum: got 8,080, want 30,000",
    ),
    "negative replicas": (
        ["--set", "backend.replicaCount=-1"],
        "at '/backend/replicaCount': minimum: got -1, want 0",
    ),
    "replicas not a number": (
        ["--set-string", "frontend.replicaCount=two"],
        "at '/frontend/replicaCount': got string, want integer",
    ),
    "unknown key in a component": (
        ["--set", "backend.replicas=3"],
        "at '/backend': additional properties 'replicas' not allowed",
    ),
    "unknown top-level key": (
        ["--set", "frontendd.replicaCount=1"],
        "at '': additional properties 'frontendd' not allowed",
    ),
    "frontend-only key on the frontend": (
        ["--set", "frontend.llm.model=x"],
        "at '/frontend': additional properties 'llm' not allowed",
    ),
    "HPA target above 100 %": (
        ["--set", "frontend.hpa.targetCPUUtilizationPercentage=150"],
        "at '/frontend/hpa/targetCPUUtilizationPercentage': maximum: got 150, want 100",
    ),
    "HPA minimum below 1": (
        ["--set", "backend.hpa.minReplicas=0"],
        "at '/backend/hpa/minReplicas': minimum: got 0, want 1",
    ),
    "unsupported service type": (
        ["--set", "frontend.service.type=LoadBalancer"],
        "at '/frontend/service/type': value must be one of 'NodePort', 'ClusterIP'",
    ),
    "unknown pull policy": (
        ["--set", "backend.image.pullPolicy=Sometimes"],
        "at '/backend/image/pullPolicy': value must be one of 'Always', 'IfNotPresent', 'Never'",
    ),
    "unknown APP_ENV": (
        ["--set", "appEnv=staging"],
        "at '/appEnv': value must be one of 'development', 'production', 'test'",
    ),
    "database URL that is not PostgreSQL": (
        ["--set", "secrets.databaseUrl=mysql://db/todo"],
        "at '/secrets/databaseUrl': 'mysql://db/todo' does not match pattern",
    ),
    "short JWT secret": (
        ["--set", "secrets.jwtSecret=short"],
        "at '/secrets/jwtSecret': minLength: got 5, want 32",
    ),
    "database image not pinned": (
        ["--set", "postgresql.image.tag=latest"],
        "at '/postgresql/image/tag': 'latest' does not match pattern",
    ),
    "requests without memory": (
        ["--set", "backend.resources.requests.memory=null"],
        "at '/backend/resources/requests': missing property 'memory'",
    ),
}

TEMPLATE_CASES = {
    "HPA minimum above maximum": (
        ["--set", "backend.hpa.minReplicas=6"],
        "backend.hpa.minReplicas (6) must not be greater than backend.hpa.maxReplicas (5)",
    ),
    "existingSecret next to an inline secret": (
        ["--set", "secrets.existingSecret=mine", "--set", "secrets.jwtSecret=" + "x" * 40],
        "secrets.existingSecret is set, so the chart creates no Secret",
    ),
}


@pytest.mark.parametrize("case", sorted(SCHEMA_CASES | TEMPLATE_CASES))
def test_template_rejects_wrong_value(helm, chart_dir, case) -> None:
    args, message = (SCHEMA_CASES | TEMPLATE_CASES)[case]
    result = helm.run("template", "todo-chatbot", chart_dir, *args, check=False)
    assert result.returncode != 0, f"{case}: rendered without error"
    assert message in result.stderr


@pytest.mark.parametrize("case", sorted(SCHEMA_CASES))
def test_lint_rejects_schema_violation(helm, chart_dir, case) -> None:
    args, message = SCHEMA_CASES[case]
    result = helm.run("lint", "--strict", chart_dir, *args, check=False)
    assert result.returncode != 0, f"{case}: lint passed"
    assert message in result.stdout + result.stderr
