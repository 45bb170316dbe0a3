"""Shared fixtures: the warehouses the suite built and one `./citykpi serve` over the demo one.

scripts/test-notebooks sets CITYKPI_DEMO_WAREHOUSE (a `./citykpi demo` run) and, when the real
datasets are there, CITYKPI_REAL_WAREHOUSE (Beijing and CNEMC, see real_dir in
scripts/lib/common.sh).
"""

from __future__ import annotations

import ipaddress
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
sys.path.insert(0, str(NOTEBOOKS))

SERVE_START_SECONDS = 300  # a cold JVM on two busy cores


@pytest.fixture(scope="session")
def demo_warehouse() -> Path:
    path = os.environ.get("CITYKPI_DEMO_WAREHOUSE")
    assert path and Path(path, "kpi").is_dir(), (
        "set CITYKPI_DEMO_WAREHOUSE (scripts/test-notebooks)"
    )
    return Path(path).resolve()


@pytest.fixture(scope="session")
def real_warehouse() -> Path:
    path = os.environ.get("CITYKPI_REAL_WAREHOUSE")
    if not path:
        pytest.skip("no real-data warehouse: ../shared/datasets is missing")
    return Path(path).resolve()


@dataclass
class Server:
    process: subprocess.Popen
    host: str
    port: int
    banner: str
    stderr: Path

    @property
    def url(self) -> str:
        return f"sc://{self.host}:{self.port}"

    def stop(self, timeout: float = 120) -> int:
        """SIGTERM by process id, then wait for the JVM to end; returns its exit code."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
        return self.process.wait(timeout=timeout)


def port_open(host: str, port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(2)
        return s.connect_ex((host, port)) == 0


def listening_sockets(pid: int) -> set[tuple[str, int]]:
    """(address, port) of every listening TCP socket of process ``pid``, from /proc (an
    IPv4-mapped IPv6 address counts as its IPv4 address)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] != "0A" or fields[9] not in inodes:  # 0A = LISTEN
                continue
            addr, port = fields[1].split(":")
            raw = bytes.fromhex(addr)
            # The kernel prints each 32-bit word in host (little-endian) order.
            raw = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
            ip = ipaddress.ip_address(raw)
            found.add((str(getattr(ip, "ipv4_mapped", None) or ip), int(port, 16)))
    return found


@pytest.fixture(scope="session")
def server(demo_warehouse, tmp_path_factory) -> Server:
    """`./citykpi serve --port 0` over the demo warehouse; stopped by process id at the end."""
    log = tmp_path_factory.mktemp("serve") / "stderr.log"
    with open(log, "wb") as err:
        proc = subprocess.Popen(
            [str(REPO / "citykpi"), "serve", "--port", "0", "--warehouse", str(demo_warehouse)],
            stdout=subprocess.PIPE,
            stderr=err,
            cwd=tmp_path_factory.mktemp("serve-cwd"),
            text=True,
        )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout], daemon=True).start()
    deadline = time.monotonic() + SERVE_START_SECONDS
    banner = ""
    while "sc://" not in banner:
        if proc.poll() is not None:
            pytest.fail(f"citykpi serve exited {proc.returncode}: {log.read_text()[-2000:]}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"citykpi serve did not listen within {SERVE_START_SECONDS} s")
        try:
            banner = lines.get(timeout=1)
        except queue.Empty:
            continue
    host, port = re.search(r"sc://([^:]+):(\d+)", banner).groups()
    srv = Server(proc, host, int(port), banner, log)
    yield srv
    if proc.poll() is None:
        srv.stop()
