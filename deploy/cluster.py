"""Several dashboard servers behind nginx on this machine, to try what deploy/ describes:
``python deploy/cluster.py [N] [--port 8500]`` (``make serve-cluster N=3``).

Starts N servers (``serve.py`` on 127.0.0.1, ports PORT+1 … PORT+N) sharing ``LAWREPORT_DB_URL`` (a
shared PostgreSQL; a SQLite file works on one machine too) and one cookie secret, and nginx on PORT
with ``nginx-site.conf`` (WebSocket upgrade, the same visitor to the same server). Ctrl-C stops all.
The caches of every server are keyed on the store's data version, so an import made through one
server is read by every other at its visitors' next rerun.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = Path(__file__).with_name("nginx-site.conf")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MAX_UPLOAD_MB = 200  # .streamlit/config.toml's server.maxUploadSize


@dataclass
class Cluster:
    url: str  # nginx's address
    servers: dict[int, subprocess.Popen] = field(default_factory=dict)  # port → process
    nginx: subprocess.Popen | None = None
    workdir: Path | None = None

    def server_url(self, port: int) -> str:
        return f"http://127.0.0.1:{port}"

    def stop(self, port: int | None = None) -> None:
        """Stop one server (``port``), or everything."""
        procs = [self.servers[port]] if port is not None else [*self.servers.values(), self.nginx]
        for proc in procs:
            if proc is not None and proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in procs:
            if proc is not None:
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
        if port is None and self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_conf(listen: int, ports: list[int], workdir: Path) -> str:
    """A whole nginx.conf for a foreground nginx of this user in ``workdir``, around nginx-site.conf."""
    site = SITE.read_text(encoding="utf-8").format(
        listen=f"127.0.0.1:{listen}",
        backends="\n".join(f"    server 127.0.0.1:{p};" for p in ports),
        max_body=MAX_UPLOAD_MB,
    )
    temp = "\n".join(
        f"    {kind}_temp_path {workdir / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""  # as root, workers keep root's access to workdir
    return (
        f"{user}worker_processes 1;\ndaemon off;\npid {workdir / 'nginx.pid'};\nerror_log {workdir / 'error.log'};\n"
        f"events {{ worker_connections 1024; }}\nhttp {{\n"
        "    log_format upstream '$remote_addr \"$request\" $status upstream=$upstream_addr';\n"
        f"    access_log {workdir / 'access.log'} upstream;\n{temp}\n{site}\n}}\n"
    )


def wait_healthy(url: str, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                if r.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def start(n: int, port: int | None = None, env: dict | None = None) -> Cluster:
    """N servers and nginx in front of them; returns when all answer."""
    env = dict(os.environ if env is None else env)
    env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))  # one secret for all
    listen = port or free_port()
    workdir = Path(tempfile.mkdtemp(prefix="lawreport-cluster-"))
    cluster = Cluster(f"http://127.0.0.1:{listen}", workdir=workdir)
    try:
        ports = [free_port() if port is None else port + i for i in range(1, n + 1)]
        for p in ports:
            cmd = [sys.executable, "serve.py", "--server.port", str(p), "--server.address", "127.0.0.1",
                   "--server.headless", "true", "--browser.gatherUsageStats", "false",
                   "--server.fileWatcherType", "none"]  # fmt: skip
            cluster.servers[p] = subprocess.Popen(
                cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        for p in ports:
            wait_healthy(cluster.server_url(p))
        conf = workdir / "nginx.conf"
        conf.write_text(nginx_conf(listen, ports, workdir), encoding="utf-8")
        cluster.nginx = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(workdir)], stderr=subprocess.PIPE)
        wait_healthy(cluster.url)
    except BaseException:
        cluster.stop()
        raise
    return cluster


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=3, help="how many dashboard servers (default 3)")
    parser.add_argument("--port", type=int, default=8500, help="nginx's port; the servers take the next N")
    args = parser.parse_args(argv)
    if not os.environ.get("LAWREPORT_DB_URL"):
        print("note: LAWREPORT_DB_URL is not set: the servers share the default SQLite file", file=sys.stderr)
    cluster = start(args.n, args.port)
    print(f"{args.n} servers on ports {', '.join(map(str, cluster.servers))}; nginx at {cluster.url} (Ctrl-C stops)")
    try:
        while all(p.poll() is None for p in [*cluster.servers.values(), cluster.nginx]):
            time.sleep(1)
        print("a server or nginx stopped", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
