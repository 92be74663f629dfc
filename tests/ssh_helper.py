"""A real OpenSSH server on loopback for deploy tests, and a relay that breaks links.

`SSHServer` starts Debian's sshd (`sshd -D -f <config>`) as the current user (root or
not) on a free 127.0.0.1 port with throw-away host and user keys; the only way in is
that user key. The client side gets its own ssh config and known_hosts (never the
user's): `server.ssh` is the DEPLOY_SSH command, `server.alias` a Host whose Port comes
from that config. `relay_ssh(...)` writes a DEPLOY_SSH wrapper whose connections go
through `relay.py` (a ProxyCommand) that cuts, stalls or throttles the stream.
"""

from __future__ import annotations

import getpass
import os
import shlex
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

SSHD = "/usr/sbin/sshd"

RELAY = r'''
"""ProxyCommand: relay stdin/stdout to HOST:PORT. MODE cut: close everything after
LIMIT bytes towards the server; stall: stop moving data after LIMIT bytes, keep the
stream open; slow: pass at most LIMIT bytes a second; hold: after LIMIT bytes, move
nothing while the file GATE exists, then go on."""
import os, select, socket, sys, time

mode, limit, host, port = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
gate = sys.argv[5] if len(sys.argv) > 5 else ""
sock = socket.create_connection((host, port))
up = 0
while True:
    ready, _, _ = select.select([0, sock], [], [])
    if 0 in ready:
        data = os.read(0, 16384 if mode != "slow" else max(limit // 10, 1024))
        if not data:
            sock.shutdown(socket.SHUT_WR)
        else:
            up += len(data)
            if mode == "cut" and up > limit:
                os._exit(0)
            if mode == "stall" and up > limit:
                while True:
                    time.sleep(3600)
            while mode == "hold" and up > limit and os.path.exists(gate):
                time.sleep(0.05)
            sock.sendall(data)
            if mode == "slow":
                time.sleep(len(data) / limit)
    if sock in ready:
        data = sock.recv(65536)
        if not data:
            os._exit(0)
        os.write(1, data)
'''


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def keygen(path: Path):
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "situs-uji", "-f", str(path)], check=True)


class SSHServer:
    def __init__(self, base: Path):
        self.base = base
        self.user = getpass.getuser()
        self.port = free_port()
        self.alias = "situs-uji"
        base.mkdir(parents=True, exist_ok=True)
        os.chmod(base, 0o700)
        keygen(base / "host_key")
        keygen(base / "user_key")
        shutil.copy(base / "user_key.pub", base / "authorized_keys")
        self.sshd_config = base / "sshd_config"
        self.sshd_config.write_text("\n".join([
            f"Port {self.port}",
            "ListenAddress 127.0.0.1",
            f"HostKey {base / 'host_key'}",
            f"PidFile {base / 'sshd.pid'}",
            f"AuthorizedKeysFile {base / 'authorized_keys'}",
            f"AllowUsers {self.user}",
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin prohibit-password",
            "UsePAM no",
            "StrictModes no",
            "LogLevel ERROR",
            "",
        ]))
        host_pub = (base / "host_key.pub").read_text().split()
        (base / "known_hosts").write_text(
            f"[127.0.0.1]:{self.port} {host_pub[0]} {host_pub[1]}\n{self.alias} {host_pub[0]} {host_pub[1]}\n"
        )
        self.config = base / "ssh_config"
        self.config.write_text("\n".join([
            f"Host {self.alias}",
            "    HostName 127.0.0.1",
            f"    Port {self.port}",
            "    HostKeyAlias situs-uji",
            "Host *",
            f"    User {self.user}",
            f"    IdentityFile {base / 'user_key'}",
            "    IdentitiesOnly yes",
            "    IdentityAgent none",
            f"    UserKnownHostsFile {base / 'known_hosts'}",
            "    GlobalKnownHostsFile /dev/null",
            "    StrictHostKeyChecking yes",
            "    BatchMode yes",
            "",
        ]))
        self.ssh = f"ssh -F {shlex.quote(str(self.config))}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> "SSHServer":
        if not os.path.exists(SSHD):
            import pytest

            pytest.fail("sshd not installed: run ./run.sh test, which installs Debian's openssh-server")
        if os.geteuid() == 0:
            os.makedirs("/run/sshd", mode=0o755, exist_ok=True)  # sshd's privilege separation folder
        self.proc = subprocess.Popen([SSHD, "-D", "-e", "-f", str(self.sshd_config)], stderr=subprocess.PIPE)
        for _ in range(100):  # at most 10 s
            if self.proc.poll() is not None:
                raise RuntimeError(f"sshd exited: {self.proc.stderr.read().decode()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.1)
        probe = subprocess.run([*shlex.split(self.ssh), self.alias, "echo ok"], capture_output=True, text=True,
                               stdin=subprocess.DEVNULL, timeout=30)
        if probe.stdout.strip() != "ok":
            self.stop()
            raise RuntimeError(f"ssh into the test sshd failed: {probe.stderr}")
        return self

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def relay_ssh(self, name: str, mode: str, limit: int, gate: Path | None = None) -> str:
        """A DEPLOY_SSH command whose every connection goes through relay.py."""
        relay = self.base / "relay.py"
        relay.write_text(RELAY)
        wrapper = self.base / f"ssh-{name}"
        proxy = f"{sys.executable} {relay} {mode} {limit} %h %p" + (f" {shlex.quote(str(gate))}" if gate else "")
        wrapper.write_text(f'#!/bin/sh\nexec {self.ssh} -o {shlex.quote("ProxyCommand=" + proxy)} "$@"\n')
        wrapper.chmod(0o755)
        return str(wrapper)
