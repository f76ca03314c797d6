"""`storyline serve` through the real entry point: binds loopback, prints the URL, serves /docs."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_prints_the_url_and_answers(seeded_db: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "STORYLINE_DB"} | {"PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "storyline", "serve", "--db", str(seeded_db), "--port", str(port)]
    server = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True
    )
    try:
        assert server.stdout is not None
        first_line = server.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in first_line
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/docs", timeout=2) as answer:
                    assert answer.status == 200
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("the server did not answer")
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_rejects_a_bad_port(tmp_path: Path) -> None:
    cmd = [
        sys.executable,
        "-m",
        "storyline",
        "serve",
        "--db",
        str(tmp_path / "x.db"),
        "--port",
        "0",
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2 and "--port" in result.stderr
