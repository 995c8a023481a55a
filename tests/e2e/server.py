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
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run ``streamlit run script_path`` on a free loopback port.

    Yields ``(base_url, popen)``; ``base_url`` has no trailing slash.
    The process is terminated (then killed) on exit.  ``env`` entries are
    added on top of ``os.environ``.  The subprocess runs with the repo root
    as working directory so the app's relative imports/paths behave as with
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
            cwd=str(REPO_ROOT),
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
