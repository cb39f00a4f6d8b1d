#include "server/pg_server.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <thread>

#include "server/http_server.h"
#include "server/pg_connection.h"

namespace orbit::server {

namespace {

Error SystemError(const std::string& what) { return Error(ErrorCode::kIOError, what + ": " + std::strerror(errno)); }

// The listening socket for host:port, or why there is none.
Expected<int> BindListener(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (const int status = getaddrinfo(host.c_str(), service.c_str(), &hints, &found); status != 0) {
    return Error(ErrorCode::kInvalidArgument, "cannot resolve host \"" + host + "\": " + gai_strerror(status));
  }
  Error last(ErrorCode::kIOError, "no address to listen on for \"" + host + "\"");
  for (addrinfo* address = found; address != nullptr; address = address->ai_next) {
    const int fd = socket(address->ai_family, address->ai_socktype | SOCK_CLOEXEC, address->ai_protocol);
    if (fd < 0) {
      last = SystemError("socket");
      continue;
    }
    const int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    if (bind(fd, address->ai_addr, address->ai_addrlen) == 0 && listen(fd, 128) == 0) {
      freeaddrinfo(found);
      return fd;
    }
    last = SystemError("cannot listen on " + host + ":" + service);
    close(fd);
  }
  freeaddrinfo(found);
  return last;
}

int BoundPort(int fd) {
  sockaddr_storage address{};
  socklen_t size = sizeof(address);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) return -1;
  if (address.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
  return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
}

void ServeClient(int fd, ServerState* state) {
  // Nothing a client does may end the server: whatever escapes ends this connection only.
  try {
    PgConnection connection(fd, *state);
    connection.Run();
  } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): the connection is gone, nothing to tell
  } catch (...) {                    // NOLINT(bugprone-empty-catch)
  }
}

// TLS's context and the JWT key (their files checked now, not at a client's connection)
// and the secret that mock SCRAM exchanges derive from.
Expected<void> PrepareSecurity(ServerState& state) {
  Expected<std::string> secret = RandomBytes(32);
  if (!secret.ok()) return secret.error();
  state.mock_secret = std::move(*secret);
  Expected<std::shared_ptr<JwtVerifier>> jwt = JwtVerifier::Make(state.options.jwt);
  if (!jwt.ok()) return jwt.error();
  state.jwt = std::move(*jwt);
  if (state.options.tls_cert.empty()) return {};
  Expected<std::shared_ptr<TlsContext>> tls = TlsContext::Load(state.options.tls_cert, state.options.tls_key);
  if (!tls.ok()) return tls.error();
  state.tls = std::move(*tls);
  // OpenSSL writes to the socket itself, without MSG_NOSIGNAL: a client gone in the middle
  // of a TLS write must be an error for that connection, not a signal that ends the server.
  std::signal(SIGPIPE, SIG_IGN);
  return {};
}

// SIGTERM and SIGINT drain the server, taken by one thread (sigwait) rather than a handler:
// blocked here, before any other thread starts, so that every thread inherits the mask.
sigset_t BlockStopSignals() {
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  return stop;
}

// The drain: no new connection or statement (PgConnection and the HTTP handler refuse
// them), the running statements go on for drain_timeout_ms and are then cancelled, and the
// process exits 0. Every statement that committed is stored already; none is cut in half.
[[noreturn]] void Drain(ServerState& state, int signal_number, std::ostream& err) {
  using Clock = std::chrono::steady_clock;
  state.draining = true;
  err << "orbit serve: " << (signal_number == SIGINT ? "SIGINT" : "SIGTERM") << ": draining, "
      << state.metrics.InFlight() << " statement(s) running" << std::endl;
  auto wait_until = [&](Clock::time_point deadline) {
    while (state.metrics.InFlight() > 0 && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  };
  wait_until(Clock::now() + std::chrono::milliseconds(state.options.drain_timeout_ms));
  if (state.metrics.InFlight() > 0) {
    err << "orbit serve: cancelling " << state.metrics.InFlight() << " statement(s) after the drain timeout"
        << std::endl;
    state.cancels.CancelAll();
    // Every operator loop checks for cancellation, so this is short; a statement that still
    // runs after it (a bug) does not keep the process.
    wait_until(Clock::now() + std::chrono::seconds(10));
  }
  err << "orbit serve: stopped" << std::endl;
  std::_Exit(0);
}

}  // namespace

int PrintTokenHashes(const std::string& secret, std::istream& in, std::ostream& out, std::ostream& err) {
  std::string text = secret;
  if (secret == "-" && !std::getline(in, text)) {
    err << "Usage error: --hash-token -: no line on stdin\n";
    return 2;
  }
  if (text.empty()) {
    err << "Usage error: --hash-token: the secret is empty\n";
    return 2;
  }
  Expected<ScramVerifier> verifier = DeriveScramVerifier(text);
  if (!verifier.ok()) {
    err << verifier.error().ToString() << '\n';
    return 1;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char byte : Sha256(text)) {
    hex.push_back(kHex[byte >> 4]);
    hex.push_back(kHex[byte & 15]);
  }
  out << "token_sha256 = \"" << hex << "\"\n"
      << "scram_sha256 = \"" << FormatScramVerifier(*verifier) << "\"\n";
  return 0;
}

PgServer::PgServer(ServerState& state, int listen_fd, int port) : state_(state), listen_fd_(listen_fd), port_(port) {}

PgServer::~PgServer() { close(listen_fd_); }

Expected<std::unique_ptr<PgServer>> PgServer::Listen(ServerState& state) {
  Expected<int> fd = BindListener(state.options.host, state.options.pg_port);
  if (!fd.ok()) return fd.error();
  return std::unique_ptr<PgServer>(new PgServer(state, *fd, BoundPort(*fd)));
}

Error PgServer::Serve() {
  while (true) {
    const int client = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;  // this client is lost, the server is not
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        // Out of descriptors or memory: wait for connections to end rather than spin.
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        continue;
      }
      return SystemError("accept");
    }
    const int on = 1;
    setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
    setsockopt(client, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on));  // a vanished client's thread ends
    try {
      std::thread(ServeClient, client, &state_).detach();
    } catch (const std::exception&) {
      close(client);  // no thread to serve it: this client is refused, the server goes on
    }
  }
}

int RunServe(const ServerOptions& options, std::ostream& out, std::ostream& err) {
  const sigset_t stop_signals = BlockStopSignals();
  if (Expected<void> checked = CheckOptions(options); !checked.ok()) {
    err << "Usage error: " << checked.error().message() << '\n';
    return 2;
  }
  Expected<Database> database =
      options.database_path.empty() ? Database::Open() : Database::Open(options.database_path);
  if (!database.ok()) {
    err << database.error().ToString() << '\n';
    return 1;
  }
  ServerState state(std::move(*database), options);
  if (Expected<void> secured = PrepareSecurity(state); !secured.ok()) {
    err << "Usage error: " << secured.error().message() << '\n';
    return 2;
  }
  // A bad statement_timeout is told at start, not at each client's connection.
  if (Expected<Connection> probe = state.Connect(); !probe.ok()) {
    err << "Usage error: " << probe.error().message() << '\n';
    return 2;
  }
  std::unique_ptr<PgServer> pg;
  if (options.pg_port >= 0) {
    Expected<std::unique_ptr<PgServer>> listening = PgServer::Listen(state);
    if (!listening.ok()) {
      err << listening.error().ToString() << '\n';
      return 1;
    }
    pg = std::move(*listening);
  }
  std::unique_ptr<HttpServer> http;
  if (options.http_port >= 0) {
    Expected<std::unique_ptr<HttpServer>> listening = HttpServer::Listen(state, options.host, options.http_port);
    if (!listening.ok()) {
      err << listening.error().ToString() << '\n';
      return 1;
    }
    http = std::move(*listening);
  }
  if (pg) {
    out << "orbit serve: PostgreSQL protocol listening on " << options.host << ":" << pg->port() << " (database \""
        << state.database_name << "\"" << (state.tls ? (options.tls_required ? ", TLS required" : ", TLS") : "") << ")"
        << std::endl;
  }
  if (http) {
    out << "orbit serve: " << (state.tls ? "HTTPS" : "HTTP") << " listening on " << options.host << ":" << http->port()
        << " (database \"" << state.database_name << "\")" << std::endl;
    http->Start();
  }
  if (pg) {
    std::thread([&pg, &state, &err] {
      const Error failed = pg->Serve();
      if (state.draining) return;
      err << failed.ToString() << '\n';
      std::_Exit(1);  // the HTTP threads and the clients' own end with the process
    }).detach();
  }
  int signal_number = 0;
  while (sigwait(&stop_signals, &signal_number) != 0) {
  }
  Drain(state, signal_number, err);
}

}  // namespace orbit::server
