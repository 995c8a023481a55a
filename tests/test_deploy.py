"""deploy/: the files a class is served from. Docker cannot run here, so each file is read
and checked for the settings the README promises; HAProxy's configuration is checked by
``haproxy -c``, and ``deploy/run-local`` is run for real (2 replicas behind HAProxy)."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from tests.e2e.server import REPO_ROOT, run_local

DEPLOY = REPO_ROOT / "deploy"
_spec = importlib.util.spec_from_file_location("haproxy_config", DEPLOY / "haproxy_config.py")
haproxy_config = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(haproxy_config)
HEALTH = "/_stcore/health"


def require_haproxy() -> str:
    path = shutil.which("haproxy")
    if path is None:
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail("haproxy missing under CI (.ci/run installs Debian's haproxy)")
        pytest.skip("haproxy not installed (apt-get install haproxy): deploy/run-local "
                    "and its tests need it")
    return path


def load(name: str) -> list[dict]:
    return [d for d in yaml.safe_load_all((DEPLOY / name).read_text()) if d]


def test_haproxy_config_sticky_leastconn_health_tunnel_redispatch():
    cfg = haproxy_config.config([("r1", "127.0.0.1", 9001), ("r2", "127.0.0.1", 9002)],
                                bind="127.0.0.1:9000")
    assert "balance leastconn" in cfg
    assert re.search(r"cookie w2v_replica insert\b", cfg)
    assert "server r1 127.0.0.1:9001 check cookie r1" in cfg
    assert "server r2 127.0.0.1:9002 check cookie r2" in cfg
    assert f"option httpchk GET {HEALTH}" in cfg
    assert re.search(r"timeout tunnel \d+[smh]", cfg)
    assert "option redispatch" in cfg and re.search(r"retries [1-9]", cfg)
    with pytest.raises(ValueError):
        haproxy_config.config([("r1", "a", 1), ("r1", "b", 2)], bind=":80")


@pytest.mark.parametrize("docker_dns", [False, True])
def test_haproxy_accepts_the_config(tmp_path, docker_dns):
    haproxy = require_haproxy()
    cfg = tmp_path / "haproxy.cfg"
    hosts = ["r1", "r2"] if docker_dns else ["127.0.0.1"] * 2
    cfg.write_text(haproxy_config.config(
        [("r1", hosts[0], 9001), ("r2", hosts[1], 9002)], bind="127.0.0.1:9000",
        docker_dns=docker_dns))
    run = subprocess.run([haproxy, "-c", "-f", str(cfg)], capture_output=True, text=True,
                         timeout=30, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


def test_compose_replicas_match_its_haproxy_cfg():
    compose = load("compose.yaml")[0]
    services = compose["services"]
    replicas = sorted(n for n in services if n != "haproxy")
    assert len(replicas) >= 2
    secrets_ = set()
    for name in replicas:
        svc = services[name]
        assert svc["build"]["dockerfile"] == "deploy/Dockerfile"
        assert HEALTH in " ".join(svc["healthcheck"]["test"])
        secrets_.add(svc["environment"]["STREAMLIT_SERVER_COOKIE_SECRET"])
    assert len(secrets_) == 1 and "W2V_COOKIE_SECRET" in secrets_.pop()
    lb = services["haproxy"]
    assert lb["image"].startswith("haproxy")
    assert any(v.startswith("./compose/haproxy.cfg:") for v in lb["volumes"])
    expected = haproxy_config.config([(n, n, 8501) for n in replicas], bind=":8500",
                                     docker_dns=True)
    assert (DEPLOY / "compose" / "haproxy.cfg").read_text() == expected, (
        "regenerate: python deploy/haproxy_config.py > deploy/compose/haproxy.cfg")


def test_dockerfile_slim_non_root_healthcheck_numba_cache():
    text = (DEPLOY / "Dockerfile").read_text()
    logical = re.sub(r"\\\n\s*", " ", text)           # one line per instruction
    lines = [ln.strip() for ln in logical.splitlines() if ln.strip() and not ln.startswith("#")]
    assert re.match(r"FROM python:3\.1[0-2]-slim\b", lines[0])
    users = [ln.split()[1] for ln in lines if ln.startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
    at_user = next(i for i, ln in enumerate(lines) if ln.startswith("USER "))
    warm = next(i for i, ln in enumerate(lines) if "sgd.warm_up()" in ln)
    assert warm > at_user and "NUMBA_CACHE_DIR" in text     # compiled as the app's user
    assert any(ln.startswith("HEALTHCHECK") for ln in lines) and HEALTH in text
    publish = next(i for i, ln in enumerate(lines) if "publish_all()" in ln)
    assert publish > at_user                          # the views' scripts, as the app's user
    cmd = next(ln for ln in lines if ln.startswith("CMD "))
    assert '"streamlit", "run", "app.py"' in cmd
    ignore = (REPO_ROOT / ".dockerignore").read_text().split()
    assert ".venv" in ignore and ".git" in ignore


def test_kubernetes_manifests():
    deploy = load("k8s/deployment.yaml")[0]
    assert deploy["kind"] == "Deployment"
    labels = deploy["spec"]["template"]["metadata"]["labels"]
    pod = deploy["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    app = pod["containers"][0]
    for probe in ("readinessProbe", "livenessProbe"):
        assert app[probe]["httpGet"]["path"] == HEALTH
    secret = next(e for e in app["env"] if e["name"] == "STREAMLIT_SERVER_COOKIE_SECRET")
    assert "secretKeyRef" in secret["valueFrom"]
    assert app["resources"]["requests"]["cpu"]
    port_names = {p["name"] for p in app["ports"]}

    service = load("k8s/service.yaml")[0]
    assert service["kind"] == "Service" and service["spec"]["selector"].items() <= labels.items()
    assert service["spec"]["ports"][0]["targetPort"] in port_names

    ingress = load("k8s/ingress.yaml")[0]
    notes = ingress["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend["name"] == service["metadata"]["name"]

    hpa = load("k8s/hpa.yaml")[0]
    assert hpa["kind"] == "HorizontalPodAutoscaler"
    assert hpa["spec"]["scaleTargetRef"]["name"] == deploy["metadata"]["name"]
    metric = hpa["spec"]["metrics"][0]["resource"]
    assert metric["name"] == "cpu" and metric["target"]["type"] == "Utilization"


def _get(url: str, cookie: str | None = None) -> tuple[int, str | None]:
    req = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310 (loopback)
        return resp.status, resp.headers.get("Set-Cookie")


def test_run_local_two_replicas_sticky_shared_secret_redispatch_and_stop():
    require_haproxy()
    with run_local(2) as (url, replicas, proc):
        assert sorted(replicas) == ["r1", "r2"]
        for _pid, port in replicas.values():
            assert _get(f"http://127.0.0.1:{port}{HEALTH}")[0] == 200
        secrets_ = {re.search(rb"STREAMLIT_SERVER_COOKIE_SECRET=([^\0]+)",
                              Path(f"/proc/{pid}/environ").read_bytes()).group(1)
                    for pid, _ in replicas.values()}
        assert len(secrets_) == 1                          # one secret for every replica
        status, set_cookie = _get(url + "/")
        assert status == 200 and set_cookie and "w2v_replica=" in set_cookie
        first = re.search(r"w2v_replica=(\w+)", set_cookie).group(1)
        assert first in replicas
        # a visitor that has the cookie keeps its replica: HAProxy sets no new cookie
        assert _get(url + "/", f"w2v_replica={first}")[1] is None
        # its replica dies: the same visitor is sent to the other one, with its cookie
        os.kill(replicas[first][0], signal.SIGKILL)
        other = next(n for n in replicas if n != first)
        status, set_cookie = _get(url + "/", f"w2v_replica={first}")
        assert status == 200 and f"w2v_replica={other}" in (set_cookie or "")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and Path(f"/proc/{replicas[other][0]}").exists():
            time.sleep(0.2)
        assert not Path(f"/proc/{replicas[other][0]}").exists()
