"""Policy checks over the rendered objects (what kube-score / kube-linter would look at).

Workloads are the Deployments, the StatefulSet and the helm test Pods; "long-running
containers" excludes init containers and test pods, which cannot have probes.
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.helm

APP_UID = 10001  # the UID both images run as
POSTGRES_UID = 70  # the official Alpine postgres image's own user
STANDARD_LABELS = {
    "app.kubernetes.io/name",
    "app.kubernetes.io/instance",
    "app.kubernetes.io/component",
    "app.kubernetes.io/version",
    "app.kubernetes.io/managed-by",
    "app.kubernetes.io/part-of",
    "helm.sh/chart",
}
NAMESPACED_KINDS = {
    "ConfigMap",
    "Deployment",
    "HorizontalPodAutoscaler",
    "NetworkPolicy",
    "Pod",
    "PodDisruptionBudget",
    "Secret",
    "Service",
    "ServiceAccount",
    "StatefulSet",
}


def pod_specs(objects: list[dict[str, Any]]) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """name -> (pod metadata, pod spec) for every workload."""
    specs = {}
    for obj in objects:
        if obj["kind"] in ("Deployment", "StatefulSet"):
            template = obj["spec"]["template"]
            specs[obj["metadata"]["name"]] = (template["metadata"], template["spec"])
        elif obj["kind"] == "Pod":
            specs[obj["metadata"]["name"]] = (obj["metadata"], obj["spec"])
    return specs


def all_containers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return spec.get("initContainers", []) + spec["containers"]


def is_test_pod(metadata: dict[str, Any]) -> bool:
    return metadata.get("annotations", {}).get("helm.sh/hook") == "test"


def by_kind(objects: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {obj["metadata"]["name"]: obj for obj in objects if obj["kind"] == kind}


@pytest.fixture
def rendered(helm, scenario, values_args) -> list[dict[str, Any]]:
    return helm.render(*values_args(scenario))


def test_every_container_has_requests_and_limits(rendered) -> None:
    for name, (_, spec) in pod_specs(rendered).items():
        for container in all_containers(spec):
            resources = container.get("resources", {})
            for kind in ("requests", "limits"):
                assert set(resources.get(kind, {})) >= {"cpu", "memory"}, (name, container["name"])


def test_long_running_containers_have_three_distinct_probes(rendered) -> None:
    for name, (metadata, spec) in pod_specs(rendered).items():
        if is_test_pod(metadata):
            continue
        for container in spec["containers"]:
            probes = {p: container.get(f"{p}Probe") for p in ("startup", "readiness", "liveness")}
            assert all(probes.values()), (name, container["name"], probes)
            # A liveness probe that fails whenever readiness does restarts pods that only
            # wait for a dependency.
            assert probes["readiness"] != probes["liveness"], (name, container["name"])


def test_images_are_pinned_never_latest(rendered) -> None:
    for name, (_, spec) in pod_specs(rendered).items():
        for container in all_containers(spec):
            repository, _, tag = container["image"].rpartition(":")
            assert repository and tag and tag != "latest", (name, container["image"])


def test_pods_run_hardened(rendered) -> None:
    for name, (_, spec) in pod_specs(rendered).items():
        pod = spec["securityContext"]
        assert pod["runAsNonRoot"] is True, name
        assert pod["seccompProfile"] == {"type": "RuntimeDefault"}, name
        expected_uid = POSTGRES_UID if name.endswith("-postgresql") else APP_UID
        assert pod["runAsUser"] == expected_uid, name
        assert spec["automountServiceAccountToken"] is False, name
        for container in all_containers(spec):
            context = container["securityContext"]
            assert context["allowPrivilegeEscalation"] is False, (name, container["name"])
            assert context["readOnlyRootFilesystem"] is True, (name, container["name"])
            assert context["privileged"] is False, (name, container["name"])
            assert context["capabilities"] == {"drop": ["ALL"]}, (name, container["name"])
            assert "runAsUser" not in context or context["runAsUser"] != 0


def test_service_account_mounts_no_token(rendered) -> None:
    for account in by_kind(rendered, "ServiceAccount").values():
        assert account["automountServiceAccountToken"] is False


def test_every_object_carries_the_standard_labels(rendered) -> None:
    for obj in rendered:
        labels = obj["metadata"].get("labels", {})
        assert set(labels) >= STANDARD_LABELS, (obj["kind"], obj["metadata"]["name"])
        assert labels["app.kubernetes.io/name"] == "todo-chatbot"
        assert labels["app.kubernetes.io/instance"] == "todo-chatbot"
        if obj["kind"] in NAMESPACED_KINDS:
            assert obj["metadata"]["namespace"] == "hackathon-dev", obj["metadata"]["name"]


def test_selectors_use_only_stable_labels_and_match_their_pods(rendered) -> None:
    stable = {"app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/component"}
    pods = pod_specs(rendered)
    for obj in rendered:
        if obj["kind"] in ("Deployment", "StatefulSet", "PodDisruptionBudget"):
            selector = obj["spec"]["selector"]["matchLabels"]
        elif obj["kind"] == "Service":
            selector = obj["spec"]["selector"]
        else:
            continue
        assert set(selector) == stable, obj["metadata"]["name"]
        matching = [
            n for n, (meta, _) in pods.items() if selector.items() <= meta["labels"].items()
        ]
        assert matching, f"{obj['kind']}/{obj['metadata']['name']} selects no pod"


def test_rolling_updates_never_drop_below_the_desired_count(rendered) -> None:
    for name, deployment in by_kind(rendered, "Deployment").items():
        strategy = deployment["spec"]["strategy"]
        assert strategy["type"] == "RollingUpdate"
        assert strategy["rollingUpdate"]["maxUnavailable"] == 0, name
        spec = deployment["spec"]["template"]["spec"]
        (container,) = spec["containers"]
        pause = container["lifecycle"]["preStop"]["sleep"]["seconds"]
        assert pause > 0
        # The pause plus the longest request (45 s frontend->backend timeout) must fit.
        assert spec["terminationGracePeriodSeconds"] >= pause + 45, name


def test_default_probes_hit_the_right_endpoints(helm, values_args) -> None:
    deployments = by_kind(helm.render(*values_args("default")), "Deployment")
    expected = {
        "todo-chatbot-backend": ("/api/health", "/api/ready", "/api/health"),
        "todo-chatbot-frontend": ("/healthz", "/readyz", "/healthz"),
    }
    for name, paths in expected.items():
        (container,) = deployments[name]["spec"]["template"]["spec"]["containers"]
        actual = tuple(
            container[f"{p}Probe"]["httpGet"]["path"] for p in ("startup", "readiness", "liveness")
        )
        assert actual == paths, name


def test_defaults_match_the_spec(helm, values_args) -> None:
    objects = helm.render(*values_args("default"))
    services = by_kind(objects, "Service")
    for component, port, node_port in (("frontend", 3000, 30080), ("backend", 7860, 30860)):
        service = services[f"todo-chatbot-{component}"]
        assert service["spec"]["type"] == "NodePort"
        assert service["spec"]["ports"][0]["port"] == port
        assert service["spec"]["ports"][0]["nodePort"] == node_port
        hpa = by_kind(objects, "HorizontalPodAutoscaler")[f"todo-chatbot-{component}"]
        assert hpa["apiVersion"] == "autoscaling/v2"
        assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == (2, 5)
        assert hpa["spec"]["metrics"][0]["resource"]["target"]["averageUtilization"] == 70
        deployment = by_kind(objects, "Deployment")[f"todo-chatbot-{component}"]
        # The HPA owns the replica count; a `replicas` field would reset it on every upgrade.
        assert "replicas" not in deployment["spec"]
        (container,) = deployment["spec"]["template"]["spec"]["containers"]
        assert container["resources"] == {
            "requests": {"cpu": "100m", "memory": "128Mi"},
            "limits": {"cpu": "500m", "memory": "512Mi"},
        }
        assert container["image"] == f"hackathon-todo-{component}:1.0.0"
        pdb = by_kind(objects, "PodDisruptionBudget")[f"todo-chatbot-{component}"]
        assert pdb["spec"]["maxUnavailable"] == 1
        assert pdb["spec"]["unhealthyPodEvictionPolicy"] == "AlwaysAllow"
    config = by_kind(objects, "ConfigMap")["todo-chatbot-frontend"]["data"]
    assert config["BACKEND_URL"] == "http://todo-chatbot-backend:7860"
    assert not by_kind(objects, "Namespace") and not by_kind(objects, "NetworkPolicy")


def test_hpa_off_sets_replicas(helm, values_args) -> None:
    objects = helm.render(*values_args("hpa-off"))
    assert not by_kind(objects, "HorizontalPodAutoscaler")
    for deployment in by_kind(objects, "Deployment").values():
        assert deployment["spec"]["replicas"] == 2


def test_clusterip_services_have_no_node_port(helm, values_args) -> None:
    for service in by_kind(helm.render(*values_args("clusterip")), "Service").values():
        assert service["spec"]["type"] == "ClusterIP"
        assert all("nodePort" not in port for port in service["spec"]["ports"])


def test_values_dev_never_pulls_the_local_images(helm, values_args) -> None:
    deployments = by_kind(helm.render(*values_args("values-dev")), "Deployment")
    for deployment in deployments.values():
        for container in all_containers(deployment["spec"]["template"]["spec"]):
            assert container["imagePullPolicy"] == "Never"


def test_in_cluster_database_by_default(helm, values_args) -> None:
    objects = helm.render(*values_args("default"))
    (database,) = by_kind(objects, "StatefulSet").values()
    (container,) = database["spec"]["template"]["spec"]["containers"]
    assert container["image"] == "postgres:16.15-alpine"
    assert database["spec"]["volumeClaimTemplates"][0]["spec"]["resources"]["requests"] == {
        "storage": "1Gi"
    }
    backend = by_kind(objects, "Deployment")["todo-chatbot-backend"]["spec"]["template"]["spec"]
    assert [c["name"] for c in backend["initContainers"]] == ["wait-for-database"]
    assert backend["initContainers"][0]["command"][-2:] == ["todo-chatbot-postgresql", "5432"]
    env = {e["name"]: e["valueFrom"]["secretKeyRef"] for e in backend["containers"][0]["env"]}
    assert env["DATABASE_URL"] == {"name": "todo-chatbot", "key": "DATABASE_URL"}
    secret = by_kind(objects, "Secret")["todo-chatbot"]
    assert set(secret["data"]) == {"DATABASE_URL", "JWT_SECRET", "POSTGRES_PASSWORD"}


def test_external_database_replaces_the_in_cluster_one(helm, values_args) -> None:
    import base64

    objects = helm.render(*values_args("external-db"))
    assert not by_kind(objects, "StatefulSet")
    assert "todo-chatbot-postgresql" not in by_kind(objects, "Service")
    backend = by_kind(objects, "Deployment")["todo-chatbot-backend"]["spec"]["template"]["spec"]
    assert "initContainers" not in backend
    secret = by_kind(objects, "Secret")["todo-chatbot"]["data"]
    assert (
        base64.b64decode(secret["DATABASE_URL"]).decode().endswith("neon.tech/todo?sslmode=require")
    )
    assert "POSTGRES_PASSWORD" not in secret


def test_existing_secret_is_used_and_nothing_is_generated(helm, values_args) -> None:
    objects = helm.render(*values_args("existing-secret"))
    assert not by_kind(objects, "Secret")
    assert not by_kind(objects, "StatefulSet")
    backend = by_kind(objects, "Deployment")["todo-chatbot-backend"]["spec"]["template"]["spec"]
    names = {e["valueFrom"]["secretKeyRef"]["name"] for e in backend["containers"][0]["env"]}
    assert names == {"todo-chatbot-credentials"}


def test_hardened_scenario_owns_namespace_and_restricts_traffic(helm, values_args) -> None:
    objects = helm.render(*values_args("hardened"))
    (namespace,) = by_kind(objects, "Namespace").values()
    assert namespace["metadata"]["name"] == "hackathon-dev"
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    policies = by_kind(objects, "NetworkPolicy")
    backend_from = policies["todo-chatbot-backend"]["spec"]["ingress"][0]["from"]
    components = {
        peer["podSelector"]["matchLabels"]["app.kubernetes.io/component"]
        for peer in backend_from
        if "podSelector" in peer
    }
    assert components == {"frontend", "test"}
    assert {"ipBlock": {"cidr": "192.168.49.0/24"}} in backend_from
    database_from = policies["todo-chatbot-postgresql"]["spec"]["ingress"][0]["from"]
    assert [
        p["podSelector"]["matchLabels"]["app.kubernetes.io/component"] for p in database_from
    ] == ["backend"]


def test_helm_tests_probe_backend_frontend_and_the_link_between(helm, values_args) -> None:
    pods = {
        name: pod
        for name, pod in by_kind(helm.render(*values_args("default")), "Pod").items()
        if is_test_pod(pod["metadata"])
    }
    urls = {name: pod["spec"]["containers"][0]["command"][3:] for name, pod in pods.items()}
    assert urls == {
        "todo-chatbot-test-backend-ready": ["http://todo-chatbot-backend:7860/api/ready", "ready"],
        "todo-chatbot-test-frontend-healthz": ["http://todo-chatbot-frontend:3000/healthz"],
        "todo-chatbot-test-frontend-readyz": ["http://todo-chatbot-frontend:3000/readyz"],
    }
    for pod in pods.values():
        assert pod["spec"]["restartPolicy"] == "Never"
