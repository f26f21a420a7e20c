"""NOTES.txt tells the user exactly how to reach the app on Minikube, for every driver.

NOTES are printed only by install/upgrade, so this runs `helm install --dry-run=server`
against the suite's fake API server (nothing is created).
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.helm


def install_notes(helm, chart_dir, api_server, *args: str) -> str:
    result = helm.run(
        *("install", "todo-chatbot", chart_dir, "--namespace", "hackathon-dev", *args),
        *("--dry-run=server", "--disable-openapi-validation"),
        *("--kubeconfig", api_server.kubeconfig(helm.home)),
    )
    assert "\nNOTES:\n" in result.stdout
    return result.stdout.split("\nNOTES:\n", 1)[1]


def test_notes_give_minikube_commands_for_every_driver(helm, chart_dir, api_server) -> None:
    notes = install_notes(helm, chart_dir, api_server)
    for line in (
        # docker driver (tunnel) and any other driver
        "minikube service -n hackathon-dev todo-chatbot-frontend --url",
        "minikube service -n hackathon-dev todo-chatbot-backend --url",
        # Linux / VM drivers: the NodePorts on the node IP
        "http://$(minikube ip):30080",
        "http://$(minikube ip):30860/api/health",
        # anything, including ClusterIP services
        "kubectl -n hackathon-dev port-forward service/todo-chatbot-frontend 3000:3000",
        "kubectl -n hackathon-dev port-forward service/todo-chatbot-backend 7860:7860",
        "kubectl -n hackathon-dev rollout status deployment/todo-chatbot-backend --timeout=120s",
        "helm test todo-chatbot -n hackathon-dev",
        "minikube addons enable metrics-server",
    ):
        assert line in notes


def test_notes_for_clusterip_services_only_offer_port_forward(
    helm, chart_dir, api_server, values_args
) -> None:
    notes = install_notes(helm, chart_dir, api_server, *map(str, values_args("clusterip")))
    assert "minikube service" not in notes and "minikube ip" not in notes
    assert "port-forward service/todo-chatbot-frontend 3000:3000" in notes


def test_notes_name_what_uninstall_keeps(helm, chart_dir, api_server, values_args) -> None:
    in_cluster = install_notes(helm, chart_dir, api_server)
    assert "data-todo-chatbot-postgresql-0" in in_cluster
    external = install_notes(helm, chart_dir, api_server, *map(str, values_args("external-db")))
    assert "postgresql" not in external
