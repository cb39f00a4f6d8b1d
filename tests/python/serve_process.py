"""What the server tests share: an `orbit serve` process on ports the system picks (it prints
them; waited for with a timeout; stop() kills it) and the PostgreSQL protocol's framing by
hand, for what no driver sends."""

import os
import re
import socket
import struct
import subprocess
import threading

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ORBIT_BIN = os.environ.get("ORBIT_BIN", os.path.join(ROOT, "build", "orbit"))


class ServeProcess:
    """`orbit serve` with the PostgreSQL listener on a free port (and HTTP's when `http`)."""

    def __init__(self, *args, http=False):
        command = [ORBIT_BIN, "serve", "--host", "127.0.0.1", "--pg-port", "0", *(["--http-port", "0"] if http else []),
                   *args]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        listeners = 2 if http else 1
        lines = []

        def read():
            for _ in range(listeners):
                lines.append(self.process.stdout.readline())

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(timeout=30)
        ports = [re.search(r"listening on [^ ]+:(\d+)", line) for line in lines]
        if len(ports) != listeners or not all(ports):
            self.stop()
            raise AssertionError(f"orbit serve did not start: {lines!r} {self.process.stderr.read()}")
        self.pg_port = int(ports[0].group(1))
        self.http_port = int(ports[1].group(1)) if http else None
        self.port = self.pg_port
        self.banner = lines

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=30)


class PgSocket:
    """A connection's messages: type byte, length, body."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=20)
        self.buffer = b""

    def send(self, kind, body=b""):
        self.sock.sendall(kind.encode() + struct.pack("!i", len(body) + 4) + body)

    def read(self):
        """The next message as (type, body); (None, None) once the server has closed."""
        while len(self.buffer) < 5 or len(self.buffer) < 1 + struct.unpack("!i", self.buffer[1:5])[0]:
            chunk = self.sock.recv(65536)
            if not chunk:
                return None, None
            self.buffer += chunk
        length = struct.unpack("!i", self.buffer[1:5])[0]
        kind, body = chr(self.buffer[0]), self.buffer[5:1 + length]
        self.buffer = self.buffer[1 + length:]
        return kind, body
