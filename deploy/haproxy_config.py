"""HAProxy's configuration for N app replicas: one text, used by ``run-local``, written
out for the compose file (``compose/haproxy.cfg``) and checked by ``haproxy -c`` in tests.

A Streamlit session lives in one process's memory, so every request of a visitor must
reach the same replica: HAProxy inserts a cookie whose value is the replica's name. A
websocket is a long tunnel (``timeout tunnel``). When a replica dies its visitors are
sent to another one (``option redispatch``), where the URL replays their run.
"""

from __future__ import annotations

from collections.abc import Sequence

COOKIE = "w2v_replica"          # the sticky cookie; its value is the replica's name
HEALTH_PATH = "/_stcore/health"
CHECK_INTER = "1s"              # a dead replica is marked down after FALL failed checks
FALL, RISE = 2, 2


def config(servers: Sequence[tuple[str, str, int]], bind: str,
           docker_dns: bool = False) -> str:
    """The configuration: ``servers`` as (name, host, port), the front end on ``bind``
    ("127.0.0.1:8500" or ":80"). ``docker_dns``: the hosts are container names, looked
    up again by Docker's DNS when a container comes back with a new address."""
    if not servers:
        raise ValueError("at least one replica is needed")
    names = [name for name, _, _ in servers]
    if len(set(names)) != len(names):
        raise ValueError(f"replica names must differ: {names}")
    lines = [
        "global",
        "    maxconn 4096",
    ]
    if docker_dns:
        lines += ["", "resolvers docker", "    nameserver dns 127.0.0.11:53",
                  "    hold valid 5s"]
    lines += [
        "",
        "defaults",
        "    mode http",
        "    option redispatch 1         # a dead replica's visitors go to a live one at once",
        "    retries 3",
        "    retry-on all-retryable-errors",
        "    timeout connect 3s",
        "    timeout client 60s",
        "    timeout server 60s",
        "    timeout http-request 10s",
        "    timeout tunnel 2h           # a websocket: one visitor's whole lesson",
        "    timeout client-fin 5s",
        "",
        "frontend w2v_viz",
        f"    bind {bind}",
        "    default_backend streamlit",
        "",
        "backend streamlit",
        "    balance leastconn           # websockets are long: count them, not requests",
        f"    cookie {COOKIE} insert indirect nocache httponly",
        f"    option httpchk GET {HEALTH_PATH}",
        "    http-check expect status 200",
        f"    default-server inter {CHECK_INTER} fall {FALL} rise {RISE}"
        + (" resolvers docker init-addr last,libc,none" if docker_dns else ""),
    ]
    lines += [f"    server {name} {host}:{port} check cookie {name}"
              for name, host, port in servers]
    return "\n".join(lines) + "\n"


COMPOSE_REPLICAS = ("r1", "r2", "r3")   # the services of compose.yaml

if __name__ == "__main__":   # python deploy/haproxy_config.py > deploy/compose/haproxy.cfg
    print(config([(n, n, 8501) for n in COMPOSE_REPLICAS], bind=":8500", docker_dns=True),
          end="")
