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
           stats_socket: str | None = None) -> str:
    """The configuration: ``servers`` as (name, host, port), the front end on ``bind``
    ("127.0.0.1:8500" or ":80")."""
    if not servers:
        raise ValueError("at least one replica is needed")
    names = [name for name, _, _ in servers]
    if len(set(names)) != len(names):
        raise ValueError(f"replica names must differ: {names}")
    lines = [
        "global",
        "    maxconn 4096",
    ]
    if stats_socket:
        lines.append(f"    stats socket {stats_socket} mode 600 level admin")
    lines += [
        "",
        "defaults",
        "    mode http",
        "    option redispatch           # a dead replica's visitors go to a live one",
        "    retries 3",
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
        f"    default-server inter {CHECK_INTER} fall {FALL} rise {RISE}",
    ]
    lines += [f"    server {name} {host}:{port} check cookie {name}"
              for name, host, port in servers]
    return "\n".join(lines) + "\n"
