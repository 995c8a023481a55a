"""Start a Streamlit app in a subprocess for browser tests and benchmarks.

Deliberately stdlib-only so ``benchmarks/`` can import it without pytest.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
HEALTH_TIMEOUT_S = 60.0


class StreamlitServerError(RuntimeError):
    """The Streamlit server died or never became healthy."""


def free_port() -> int:
    """Return a currently free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _read_tail(fh, limit: int = 8000) -> str:
    fh.flush()
    fh.seek(0)
    text = fh.read().decode("utf-8", errors="replace")
    return text[-limit:]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:  # noqa: S310 (loopback only)
            return resp.status == 200 and resp.read().decode().strip() == "ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


@contextlib.contextmanager
def streamlit_server(
    script_path: str | os.PathLike[str],
    extra_args: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
    timeout_s: float = HEALTH_TIMEOUT_S,
    cwd: str | os.PathLike[str] = REPO_ROOT,
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run ``streamlit run script_path`` on a free loopback port.

    Yields ``(base_url, popen)``; ``base_url`` has no trailing slash.
    The process is terminated (then killed) on exit.  ``env`` entries are
    added on top of ``os.environ``.  The subprocess runs with the repo root
    as working directory (or ``cwd``: another checkout, which then reads its own
    ``.streamlit/config.toml``) so the app's relative imports/paths behave as with
    ``streamlit run app.py`` from the repo root.
    """
    script = Path(script_path).resolve()
    if not script.is_file():
        raise FileNotFoundError(f"Streamlit script not found: {script}")

    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        *extra_args,
    ]
    full_env = dict(os.environ)
    full_env.setdefault("PYTHONUNBUFFERED", "1")
    if env:
        full_env.update(env)

    base_url = f"http://127.0.0.1:{port}"
    health_url = f"{base_url}/_stcore/health"
    # Temp files rather than PIPEs: a chatty server can never block on a full pipe.
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            cmd,
            cwd=str(cwd),
            env=full_env,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + timeout_s
            while True:
                if proc.poll() is not None:
                    raise StreamlitServerError(
                        f"Streamlit server for {script} exited with code {proc.returncode} "
                        f"before becoming healthy.\n--- stderr ---\n{_read_tail(err)}"
                        f"\n--- stdout ---\n{_read_tail(out)}"
                    )
                if _healthy(health_url):
                    break
                if time.monotonic() > deadline:
                    raise StreamlitServerError(
                        f"Streamlit server for {script} not healthy at {health_url} "
                        f"after {timeout_s:.0f}s.\n--- stderr ---\n{_read_tail(err)}"
                    )
                time.sleep(0.2)
            yield base_url, proc
        finally:
            _stop(proc)


def _stop(proc: subprocess.Popen, grace_s: float = 10.0) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=grace_s)


RUN_LOCAL = REPO_ROOT / "deploy" / "run-local"


@contextlib.contextmanager
def run_local(replicas: int, timeout_s: float = 90.0, env: Mapping[str, str] | None = None,
              ) -> Iterator[tuple[str, dict[str, tuple[int, int]], subprocess.Popen]]:
    """Run ``deploy/run-local --replicas N`` (HAProxy in front of N app processes) on a
    free loopback port. Yields ``(base_url, {name: (pid, port)}, popen)`` once HAProxy
    and every replica answer; SIGTERM (then SIGKILL) on exit."""
    port = free_port()
    full_env = dict(os.environ, PYTHONUNBUFFERED="1", **(env or {}))
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, str(RUN_LOCAL), "--replicas", str(replicas), "--port", str(port)],
            cwd=str(REPO_ROOT), env=full_env, stdout=subprocess.PIPE, stderr=err,
            stdin=subprocess.DEVNULL, text=True)
        try:
            found: dict[str, tuple[int, int]] = {}
            for _ in range(replicas):
                line = proc.stdout.readline().split()
                if len(line) != 6 or line[0] != "replica":
                    raise StreamlitServerError(f"run-local printed {line!r}\n{_read_tail(err)}")
                found[line[1]] = (int(line[3]), int(line[5]))
            base_url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + timeout_s
            while not (_healthy(f"{base_url}/_stcore/health")
                       and all(_healthy(f"http://127.0.0.1:{p}/_stcore/health")
                               for _, p in found.values())):
                if proc.poll() is not None:
                    raise StreamlitServerError(
                        f"run-local exited with {proc.returncode}\n{_read_tail(err)}")
                if time.monotonic() > deadline:
                    raise StreamlitServerError(f"run-local not healthy\n{_read_tail(err)}")
                time.sleep(0.2)
            yield base_url, found, proc
        finally:
            _stop(proc, grace_s=15.0)


@contextlib.contextmanager
def checkout(ref: str) -> Iterator[Path]:
    """A temporary git worktree of ``ref`` (removed afterwards)."""
    with tempfile.TemporaryDirectory(prefix="w2v-ref-") as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(["git", "-C", str(REPO_ROOT), "worktree", "add", "--detach", "-q",
                        str(tree), ref], check=True)
        try:
            yield tree
        finally:
            subprocess.run(["git", "-C", str(REPO_ROOT), "worktree", "remove", "--force",
                            str(tree)], check=False)
