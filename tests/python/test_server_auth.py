"""`orbit serve`'s authentication and encryption against real clients: SCRAM-SHA-256 and
cleartext passwords (psql, psycopg with libpq's require_auth), verifiers made in Python
(server_credentials.py) and by --hash-token, malformed SASL exchanges and TLS handshakes
over raw sockets (each closes its own connection only), TLS on both ports with a
certificate made at test time (psql and psycopg with sslmode=require/verify-full and
channel_binding=require: SCRAM-SHA-256-PLUS; requests with verify=the certificate),
tls_required, and JWT bearer tokens made with
PyJWT (HS256 and RS256) on HTTP and as the PostgreSQL password. Every server is killed
at the end."""

import base64
import hashlib
import hmac
import json
import os
import re
import shutil
import socket
import ssl
import struct
import subprocess
import time

import pytest

from serve_process import ORBIT_BIN, PgSocket, ServeProcess
from server_credentials import private_pem, public_pem, rsa_key, scram_verifier, self_signed_certificate

psycopg = pytest.importorskip("psycopg", reason="psycopg is missing: python3 -m pip install -r requirements.txt")
jwt = pytest.importorskip("jwt", reason="PyJWT is missing: python3 -m pip install -r requirements.txt")
requests = pytest.importorskip("requests", reason="requests is missing: python3 -m pip install -r requirements.txt")
pytest.importorskip("cryptography", reason="cryptography is missing: python3 -m pip install -r requirements.txt")
needs_psql = pytest.mark.skipif(shutil.which("psql") is None,
                                reason="psql is not installed (scripts/setup installs postgresql-client)")

SECRET = "s3cret-of-the-analyst"
JWT_SECRET = "a-jwt-secret-that-is-32-bytes-or-longer"


class Server(ServeProcess):
    """`orbit serve` on free ports (both listeners); stop() kills it."""

    def __init__(self, *args):
        super().__init__(*args, http=True)

    def dsn(self, user="analyst", password=SECRET, **options):
        text = f"host=127.0.0.1 port={self.pg_port} user={user} dbname=memory connect_timeout=10"
        if password is not None:
            text += f" password={password}"
        return text + "".join(f" {key}={value}" for key, value in options.items())

    def alive(self):
        with psycopg.connect(self.dsn(), autocommit=True) as con:
            return con.execute("SELECT 1").fetchone() == (1,)


def run_serve(*args, stdin=None):
    return subprocess.run([ORBIT_BIN, "serve", *args], capture_output=True, text=True, timeout=30, input=stdin)


@pytest.fixture(scope="module")
def scram():
    started = Server("--token", f"analyst:{SECRET}:reader", "--token", "loader:l0ader-pw:writer")
    yield started
    started.stop()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    return self_signed_certificate(str(tmp_path_factory.mktemp("tls")))


def sqlstate_of(error):
    return getattr(error, "sqlstate", None) or (error.diag.sqlstate if getattr(error, "diag", None) else None)


# --- SCRAM-SHA-256 and cleartext passwords -------------------------------------------------

def test_scram_with_psycopg(scram):
    with psycopg.connect(scram.dsn(require_auth="scram-sha-256"), autocommit=True) as con:
        assert con.execute("SELECT 40 + 2").fetchone() == (42,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute("CREATE TABLE t (a INTEGER)")  # the token's role holds as before
    with pytest.raises(psycopg.OperationalError, match='password authentication failed for user "analyst"'):
        psycopg.connect(scram.dsn(password="wrong"))
    with pytest.raises(psycopg.OperationalError, match='password authentication failed for user "nobody"'):
        psycopg.connect(scram.dsn(user="nobody"))  # an unknown user fails the same way, at the same step
    with pytest.raises(psycopg.OperationalError, match='password authentication failed for user "loader"'):
        psycopg.connect(scram.dsn(user="loader"))  # another user's password
    # The password never crosses the wire: a client that refuses cleartext still connects.
    with pytest.raises(psycopg.OperationalError, match="server requested SASL|server requested SCRAM"):
        psycopg.connect(scram.dsn(require_auth="password"))


@needs_psql
def test_scram_with_psql(scram):
    def psql(user, password):
        env = dict(os.environ, PGPASSWORD=password, PGCONNECT_TIMEOUT="10")
        return subprocess.run(["psql", f"host=127.0.0.1 port={scram.pg_port} user={user} dbname=memory", "-XAtc",
                               "SELECT 'via psql'"], capture_output=True, text=True, timeout=30, env=env)
    done = psql("analyst", SECRET)
    assert done.returncode == 0 and done.stdout.strip() == "via psql", done.stderr
    done = psql("analyst", "wrong")
    assert done.returncode == 2 and 'FATAL:  password authentication failed for user "analyst"' in done.stderr


def test_cleartext_password_method():
    started = Server("--token", f"analyst:{SECRET}", "--pg-auth", "password")
    try:
        with psycopg.connect(started.dsn(require_auth="password"), autocommit=True) as con:
            assert con.execute("SELECT 1").fetchone() == (1,)
        with pytest.raises(psycopg.OperationalError, match='password authentication failed for user "analyst"') as e:
            psycopg.connect(started.dsn(password="wrong"))
        assert sqlstate_of(e.value) in (None, "28P01")
    finally:
        started.stop()


def test_a_verifier_made_in_python_and_by_hash_token(tmp_path):
    done = run_serve("--hash-token", "-", stdin="from-stdin\n")
    assert done.returncode == 0, done.stderr
    printed = dict(re.findall(r'^(\w+) = "([^"]+)"$', done.stdout, re.M))
    assert printed["token_sha256"] == hashlib.sha256(b"from-stdin").hexdigest()
    iterations, salt = re.match(r"SCRAM-SHA-256\$(\d+):([^$]+)\$", printed["scram_sha256"]).groups()
    assert int(iterations) == 4096
    assert printed["scram_sha256"] == scram_verifier("from-stdin", base64.b64decode(salt))  # Python's arithmetic agrees
    config = tmp_path / "orbit.toml"
    config.write_text(f"""
[[tokens]]
name = "printed"
token_sha256 = "{printed['token_sha256']}"
scram_sha256 = "{printed['scram_sha256']}"

[[tokens]]
name = "python"
token_sha256 = "{hashlib.sha256(b'py-secret').hexdigest()}"
scram_sha256 = "{scram_verifier('py-secret')}"
role = "reader"
""")
    started = Server("--config", str(config))
    try:
        with psycopg.connect(started.dsn(user="printed", password="from-stdin", require_auth="scram-sha-256")) as con:
            assert con.execute("SELECT 1").fetchone() == (1,)
        with psycopg.connect(started.dsn(user="python", password="py-secret")) as con:
            assert con.execute("SELECT 2").fetchone() == (2,)
        with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
            psycopg.connect(started.dsn(user="python", password="from-stdin"))
        answer = requests.post(f"http://127.0.0.1:{started.http_port}/v1/query", json={"sql": "SELECT 3 AS x"},
                               headers={"Authorization": "Bearer py-secret"}, timeout=30)
        assert answer.status_code == 200 and answer.json()["rows"] == [[3]]
    finally:
        started.stop()


def test_a_token_without_a_verifier_is_refused_at_start(tmp_path):
    digest = hashlib.sha256(b"x").hexdigest()
    done = run_serve("--pg-port", "0", "--token-sha256", f"analyst:{digest}:reader")
    assert done.returncode == 2 and "cannot answer SCRAM-SHA-256" in done.stderr and "--hash-token" in done.stderr
    for args, message in [(["--pg-auth", "md5"], "md5"), (["--hash-token", ""], "empty"),
                          (["--tls-cert", "x.crt"], "both tls_cert and tls_key"),
                          (["--tls-required"], "tls_required needs"),
                          (["--tls-cert", str(tmp_path / "no.crt"), "--tls-key", str(tmp_path / "no.key")],
                           "cannot read the TLS certificate"),
                          (["--jwt-secret", "short"], "at least 32 bytes"),
                          (["--jwt-public-key", str(tmp_path / "no.pem")], "cannot open the JWT public key")]:
        done = run_serve("--pg-port", "0", *args)
        assert done.returncode != 0 and message in done.stderr, (args, done.stderr)


class Raw(PgSocket):
    """The protocol by hand, for what no driver sends."""

    def __init__(self, port, user="analyst"):
        super().__init__(port)
        self.user = user

    def startup(self):
        body = struct.pack("!i", 196608) + b"user\0" + self.user.encode() + b"\0database\0memory\0\0"
        self.sock.sendall(struct.pack("!i", len(body) + 4) + body)

    def fatal(self):
        """The FATAL error's fields; the connection must close after it."""
        kind, body = self.read()
        assert kind == "E", (kind, body)
        fields = {chr(part[0]): part[1:].decode() for part in body.split(b"\0") if part}
        assert fields["S"] == "FATAL"
        assert self.read() == (None, None)
        return fields

    def close(self):
        self.sock.close()


def sasl_initial(mechanism, data):
    return mechanism.encode() + b"\0" + struct.pack("!i", len(data)) + data


def begin_scram(port, user="analyst"):
    raw = Raw(port, user)
    raw.startup()
    kind, body = raw.read()
    assert kind == "R" and struct.unpack("!i", body[:4])[0] == 10 and body[4:] == b"SCRAM-SHA-256\0\0", body
    return raw


def test_the_sasl_exchange_by_hand(scram):
    raw = begin_scram(scram.pg_port)
    client_first_bare = b"n=,r=clientnonce"
    raw.send("p", sasl_initial("SCRAM-SHA-256", b"n,," + client_first_bare))
    kind, body = raw.read()
    assert kind == "R" and struct.unpack("!i", body[:4])[0] == 11
    server_first = body[4:]
    attributes = dict(part.split("=", 1) for part in server_first.decode().split(","))
    assert attributes["r"].startswith("clientnonce") and len(attributes["r"]) > len("clientnonce")
    assert attributes["i"] == "4096"
    salted = hashlib.pbkdf2_hmac("sha256", SECRET.encode(), base64.b64decode(attributes["s"]), 4096)
    client_key = hmac.new(salted, b"Client Key", "sha256").digest()
    without_proof = b"c=biws,r=" + attributes["r"].encode()
    auth_message = client_first_bare + b"," + server_first + b"," + without_proof
    signature = hmac.new(hashlib.sha256(client_key).digest(), auth_message, "sha256").digest()
    proof = bytes(a ^ b for a, b in zip(client_key, signature))
    raw.send("p", without_proof + b",p=" + base64.b64encode(proof))
    kind, body = raw.read()
    assert kind == "R" and struct.unpack("!i", body[:4])[0] == 12
    server_key = hmac.new(salted, b"Server Key", "sha256").digest()
    assert body[4:] == b"v=" + base64.b64encode(hmac.new(server_key, auth_message, "sha256").digest())
    assert raw.read() == ("R", b"\0\0\0\0")  # AuthenticationOk
    raw.close()


def test_malformed_sasl_messages_close_only_their_connection(scram):
    cases = [
        (sasl_initial("SCRAM-SHA-1", b"n,,n=,r=abc"), "08P01", "invalid SASL authentication mechanism"),
        (sasl_initial("SCRAM-SHA-256", b"x,,n=,r=abc"), "08P01", "malformed SCRAM message"),
        (sasl_initial("SCRAM-SHA-256", b"p=tls-server-end-point,,n=,r=abc"), "08P01", "channel binding"),
        (sasl_initial("SCRAM-SHA-256", b"n,a=boss,n=,r=abc"), "0A000", "authorization identity"),
        (sasl_initial("SCRAM-SHA-256", b"n,,n=,r="), "08P01", "malformed SCRAM message"),
        (b"SCRAM-SHA-256\0\0\0\0\x50abc", "08P01", "malformed SASLInitialResponse"),  # a length past the end
        (b"SCRAM-SHA-256", "08P01", "malformed SASLInitialResponse"),
        (b"", "08P01", "malformed SASLInitialResponse"),
    ]
    for message, code, text in cases:
        raw = begin_scram(scram.pg_port)
        raw.send("p", message)
        fields = raw.fatal()
        assert fields["C"] == code and text in fields["M"], (message, fields)
        raw.close()
    # A wrong client-final: each is a protocol violation, a wrong proof the password's error.
    for final, code in [(b"c=biws,r=wrongnonce,p=" + base64.b64encode(b"x" * 32), "08P01"),
                        (b"garbage", "08P01"), (b"c=eSws,r={nonce},p=" + base64.b64encode(b"x" * 32), "08P01"),
                        (b"c=biws,r={nonce},p=" + base64.b64encode(b"x" * 32), "28P01")]:
        raw = begin_scram(scram.pg_port)
        raw.send("p", sasl_initial("SCRAM-SHA-256", b"n,,n=,r=abc"))
        kind, body = raw.read()
        nonce = dict(part.split("=", 1) for part in body[4:].decode().split(","))["r"]
        raw.send("p", final.replace(b"{nonce}", nonce.encode()))
        fields = raw.fatal()
        assert fields["C"] == code, (final, fields)
        if code == "28P01":
            assert fields["M"] == 'password authentication failed for user "analyst"'
        raw.close()
    # Another message type, or a client that goes away mid-exchange.
    raw = begin_scram(scram.pg_port)
    raw.send("Q", b"SELECT 1\0")
    assert raw.fatal()["C"] == "08P01"
    raw.close()
    raw = begin_scram(scram.pg_port)
    raw.close()
    assert scram.alive()


# --- TLS ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tls(certificate):
    cert, key = certificate
    started = Server("--token", f"analyst:{SECRET}:reader", "--tls-cert", cert, "--tls-key", key)
    yield started
    started.stop()


def test_tls_with_psycopg(tls, certificate):
    assert "TLS" in tls.banner[0] and "HTTPS" in tls.banner[1]
    with psycopg.connect(tls.dsn(sslmode="require"), autocommit=True) as con:
        assert con.execute("SELECT 1").fetchone() == (1,)
        assert con.pgconn.ssl_in_use
    with psycopg.connect(tls.dsn(sslmode="verify-full", sslrootcert=certificate[0]), autocommit=True) as con:
        assert con.pgconn.ssl_in_use
        assert con.execute("SELECT 'over tls'").fetchone() == ("over tls",)
    # SCRAM-SHA-256-PLUS binds the exchange to the server's certificate.
    with psycopg.connect(tls.dsn(sslmode="require", channel_binding="require", require_auth="scram-sha-256")) as con:
        assert con.execute("SELECT 1").fetchone() == (1,)
    with pytest.raises(psycopg.OperationalError, match="channel binding"):
        psycopg.connect(tls.dsn(sslmode="disable", channel_binding="require"))
    with psycopg.connect(tls.dsn(sslmode="disable"), autocommit=True) as con:  # not required: the clear still works
        assert not con.pgconn.ssl_in_use
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(tls.dsn(sslmode="require", password="wrong"))


@needs_psql
def test_tls_with_psql(tls, certificate):
    env = dict(os.environ, PGPASSWORD=SECRET, PGCONNECT_TIMEOUT="10")
    done = subprocess.run(["psql", f"host=127.0.0.1 port={tls.pg_port} user=analyst dbname=memory sslmode=verify-full "
                           f"sslrootcert={certificate[0]}", "-Xc", "\\conninfo"],
                          capture_output=True, text=True, timeout=30, env=env)
    assert done.returncode == 0 and "SSL connection (protocol: TLSv1" in done.stdout, done.stdout + done.stderr
    done = subprocess.run(["psql", f"host=127.0.0.1 port={tls.pg_port} user=analyst dbname=memory sslmode=require "
                           "channel_binding=require", "-XAtc", "SELECT 'bound'"],
                          capture_output=True, text=True, timeout=30, env=env)
    assert done.returncode == 0 and done.stdout.strip() == "bound", done.stderr


def tls_scram(port):
    """A raw client inside TLS, up to the SASL mechanisms offered."""
    sock, answer = ssl_request(port)
    assert answer == b"S"
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    raw = Raw.__new__(Raw)
    raw.sock, raw.buffer, raw.user = context.wrap_socket(sock), b"", "analyst"
    raw.startup()
    kind, body = raw.read()
    assert kind == "R" and struct.unpack("!i", body[:4])[0] == 10
    return raw, body[4:]


def test_scram_plus_refuses_a_downgrade_and_a_foreign_channel(tls):
    raw, mechanisms = tls_scram(tls.pg_port)
    assert mechanisms == b"SCRAM-SHA-256-PLUS\0SCRAM-SHA-256\0\0"
    # "y": the client could bind but was told the server cannot, so -PLUS was struck out on the way.
    raw.send("p", sasl_initial("SCRAM-SHA-256", b"y,,n=,r=abc"))
    fields = raw.fatal()
    assert fields["C"] == "08P01" and "channel binding negotiation" in fields["M"]
    raw.close()
    raw, _ = tls_scram(tls.pg_port)
    header = b"p=tls-server-end-point,,"
    raw.send("p", sasl_initial("SCRAM-SHA-256-PLUS", header + b"n=,r=abc"))
    kind, body = raw.read()
    nonce = dict(part.split("=", 1) for part in body[4:].decode().split(","))["r"]
    # Another server's certificate hash, as a man in the middle's channel would give.
    raw.send("p", b"c=" + base64.b64encode(header + b"\0" * 32) + b",r=" + nonce.encode() + b",p=" +
             base64.b64encode(b"x" * 32))
    fields = raw.fatal()
    assert fields["C"] == "08P01" and "channel binding check failed" in fields["M"]
    raw.close()
    assert tls.alive()


def test_https_with_requests(tls, certificate):
    url = f"https://127.0.0.1:{tls.http_port}"
    answer = requests.post(url + "/v1/query", json={"sql": "SELECT 5 AS five"}, verify=certificate[0],
                           headers={"Authorization": f"Bearer {SECRET}"}, timeout=30)
    assert answer.status_code == 200 and answer.json()["rows"] == [[5]]
    assert requests.get(url + "/v1/health", verify=certificate[0], timeout=30).status_code == 200
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(url + "/v1/health", timeout=30)  # an unknown certificate is refused by the client
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(f"http://127.0.0.1:{tls.http_port}/v1/health", timeout=30)  # no plain HTTP on that port
    for garbage in (b"\x16\x03\x01\x00\x05hello" * 8, b"\x16\x03\x01\xff\xff", b""):  # broken handshakes
        with socket.create_connection(("127.0.0.1", tls.http_port), timeout=20) as sock:
            sock.sendall(garbage)
    assert requests.get(url + "/v1/health", verify=certificate[0], timeout=30).status_code == 200


def ssl_request(port):
    sock = socket.create_connection(("127.0.0.1", port), timeout=20)
    sock.sendall(struct.pack("!ii", 8, 80877103))
    return sock, sock.recv(1)


def test_broken_handshakes_close_only_their_connection(tls):
    sock, answer = ssl_request(tls.pg_port)
    assert answer == b"S"
    sock.sendall(b"\x16\x03\x01\x00\x05hello this is no ClientHello" * 4)
    sock.settimeout(20)
    try:
        rest = sock.recv(4096)  # a TLS alert, or nothing: then the close
        while rest:
            rest = sock.recv(4096)
    except ConnectionResetError:
        pass
    sock.close()
    sock, answer = ssl_request(tls.pg_port)  # and one that leaves in the middle
    sock.close()
    # GSSAPI encryption is refused; the client may go on in the clear, or ask for TLS.
    sock = socket.create_connection(("127.0.0.1", tls.pg_port), timeout=20)
    sock.sendall(struct.pack("!ii", 8, 80877104))
    assert sock.recv(1) == b"N"
    sock.sendall(struct.pack("!ii", 8, 80877103))
    assert sock.recv(1) == b"S"
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    wrapped = context.wrap_socket(sock)
    wrapped.sendall(struct.pack("!ii", 8, 80877103))  # a second SSLRequest inside TLS
    kind = wrapped.recv(1)
    assert kind == b"E"
    wrapped.close()
    assert tls.alive()
    with psycopg.connect(tls.dsn(sslmode="require")) as con:
        assert con.execute("SELECT 1").fetchone() == (1,)


def test_without_tls_configured_the_answer_is_no(scram):
    sock, answer = ssl_request(scram.pg_port)
    assert answer == b"N"
    sock.close()
    with pytest.raises(psycopg.OperationalError, match="does not support SSL|server does not support"):
        psycopg.connect(scram.dsn(sslmode="require"))


def test_tls_required(certificate):
    cert, key = certificate
    started = Server("--token", f"analyst:{SECRET}", "--tls-cert", cert, "--tls-key", key, "--tls-required")
    try:
        assert "TLS required" in started.banner[0]
        with pytest.raises(psycopg.OperationalError, match="requires TLS") as refused:
            psycopg.connect(started.dsn(sslmode="disable"))
        assert sqlstate_of(refused.value) in (None, "28000")
        raw = Raw(started.pg_port)
        raw.startup()
        assert raw.fatal()["C"] == "28000"
        with psycopg.connect(started.dsn(sslmode="require")) as con:
            assert con.execute("SELECT 1").fetchone() == (1,)
    finally:
        started.stop()


# --- JWT ------------------------------------------------------------------------------------

def make_jwt(key=JWT_SECRET, algorithm="HS256", **claims):
    body = {"sub": "jwt-user", "role": "reader", "exp": int(time.time()) + 300, **claims}
    return jwt.encode({k: v for k, v in body.items() if v is not None}, key, algorithm=algorithm)


def hand_made_jwt(header, claims, sign):
    encode = lambda data: base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    part = encode(json.dumps(header).encode()) + "." + encode(json.dumps(claims).encode())
    return part + "." + encode(sign(part.encode()))


@pytest.fixture(scope="module")
def hs256(certificate):
    cert, key = certificate
    started = Server("--token", f"analyst:{SECRET}:admin", "--jwt-secret", JWT_SECRET, "--jwt-issuer", "orbit-tests",
                     "--jwt-audience", "orbit", "--tls-cert", cert, "--tls-key", key)
    yield started
    started.stop()


def http(server, certificate, token, sql="SELECT 1 AS one"):
    return requests.post(f"https://127.0.0.1:{server.http_port}/v1/query", json={"sql": sql}, verify=certificate[0],
                         headers={"Authorization": f"Bearer {token}"}, timeout=30)


def test_hs256_jwts_on_http(hs256, certificate):
    good = make_jwt(iss="orbit-tests", aud="orbit")
    assert http(hs256, certificate, good).json()["rows"] == [[1]]
    refused = http(hs256, certificate, good, "CREATE TABLE t (a INTEGER)")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "42501"  # the role claim holds
    writer = make_jwt(iss="orbit-tests", aud=["other", "orbit"], role="writer", tenant="acme")
    assert http(hs256, certificate, writer, "CREATE TABLE jwt_t (a INTEGER)").status_code == 200
    assert http(hs256, certificate, SECRET).status_code == 200  # configured tokens still work beside JWTs
    now = int(time.time())
    bad = {
        "expired": make_jwt(iss="orbit-tests", aud="orbit", exp=now - 10),
        "not valid yet": make_jwt(iss="orbit-tests", aud="orbit", nbf=now + 300),
        "no exp": make_jwt(iss="orbit-tests", aud="orbit", exp=None),
        "issuer": make_jwt(iss="someone-else", aud="orbit"),
        "audience": make_jwt(iss="orbit-tests", aud="another-service"),
        "signature": make_jwt(key=JWT_SECRET + "!", iss="orbit-tests", aud="orbit"),
        "algorithm": make_jwt(key=JWT_SECRET * 2, algorithm="HS512", iss="orbit-tests", aud="orbit"),
        "none": jwt.encode({"sub": "x", "exp": now + 300, "iss": "orbit-tests", "aud": "orbit"}, None,
                           algorithm="none"),
        "role": make_jwt(iss="orbit-tests", aud="orbit", role="superuser"),
        "sub": make_jwt(iss="orbit-tests", aud="orbit", sub=None),
        "a token's user": make_jwt(iss="orbit-tests", aud="orbit", sub="analyst", role="admin"),
    }
    for why, token in bad.items():
        answer = http(hs256, certificate, token)
        assert answer.status_code == 401, (why, answer.text)
        assert answer.json()["error"]["code"] == "28P01" and "JWT refused" in answer.json()["error"]["message"], why
    basic = base64.b64encode(f"jwt-user:{good}".encode()).decode()
    answer = requests.post(f"https://127.0.0.1:{hs256.http_port}/v1/query", json={"sql": "SELECT 1 AS one"},
                           verify=certificate[0], headers={"Authorization": f"Basic {basic}"}, timeout=30)
    assert answer.status_code == 200
    basic = base64.b64encode(f"someone:{good}".encode()).decode()  # sub is another user
    answer = requests.post(f"https://127.0.0.1:{hs256.http_port}/v1/query", json={"sql": "SELECT 1 AS one"},
                           verify=certificate[0], headers={"Authorization": f"Basic {basic}"}, timeout=30)
    assert answer.status_code == 401


def test_jwts_as_the_postgresql_password(hs256):
    good = make_jwt(iss="orbit-tests", aud="orbit")
    with psycopg.connect(hs256.dsn(user="jwt-user", password=good, sslmode="require"), autocommit=True) as con:
        assert con.execute("SELECT 'jwt'").fetchone() == ("jwt",)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            con.execute("CREATE TABLE nope (a INTEGER)")
    for token, user in [(good, "someone-else"), (make_jwt(iss="orbit-tests", aud="orbit", exp=int(time.time()) - 5),
                                                 "jwt-user"), (make_jwt(key=JWT_SECRET + "!"), "jwt-user")]:
        with pytest.raises(psycopg.OperationalError, match=f'password authentication failed for user "{user}"'):
            psycopg.connect(hs256.dsn(user=user, password=token, sslmode="require"))
    # Under scram-sha-256 a JWT, which would cross in clear, is taken only inside TLS.
    with pytest.raises(psycopg.OperationalError, match="only over TLS") as refused:
        psycopg.connect(hs256.dsn(user="jwt-user", password=good, sslmode="disable"))
    assert sqlstate_of(refused.value) in (None, "28000")
    # A configured token's user still authenticates with SCRAM, and only so.
    with pytest.raises(psycopg.OperationalError, match='password authentication failed for user "analyst"'):
        psycopg.connect(hs256.dsn(password=make_jwt(iss="orbit-tests", aud="orbit", sub="analyst"), sslmode="require"))
    with psycopg.connect(hs256.dsn(require_auth="scram-sha-256", sslmode="require")) as con:
        assert con.execute("SELECT 1").fetchone() == (1,)


def test_rs256_jwts(tmp_path):
    signing = rsa_key()
    (tmp_path / "jwt.pem").write_bytes(public_pem(signing))
    started = Server("--jwt-public-key", str(tmp_path / "jwt.pem"), "--pg-auth", "password")
    try:
        url = f"http://127.0.0.1:{started.http_port}/v1/query"
        post = lambda token: requests.post(url, json={"sql": "SELECT 9 AS n"}, timeout=30,
                                           headers={"Authorization": f"Bearer {token}"})
        good = make_jwt(key=private_pem(signing), algorithm="RS256", role="admin")
        assert post(good).json()["rows"] == [[9]]
        with psycopg.connect(started.dsn(user="jwt-user", password=good), autocommit=True) as con:
            assert con.execute("SELECT 9").fetchone() == (9,)
        other = make_jwt(key=private_pem(rsa_key()), algorithm="RS256")
        assert post(other).status_code == 401
        # The algorithm-confusion attack: HS256 keyed with the public key's PEM.
        pem = public_pem(signing)
        forged = hand_made_jwt({"alg": "HS256", "typ": "JWT"},
                               {"sub": "jwt-user", "role": "admin", "exp": int(time.time()) + 300},
                               lambda part: hmac.new(pem, part, "sha256").digest())
        answer = post(forged)
        assert answer.status_code == 401 and "algorithm" in answer.json()["error"]["message"]
        with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
            psycopg.connect(started.dsn(user="jwt-user", password=forged))
        assert post("not-a-jwt").status_code == 401
        assert requests.post(url, json={"sql": "SELECT 1"}, timeout=30).json()["error"]["code"] == "28000"
    finally:
        started.stop()
