#include "server/pg_framing.h"

#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <cerrno>

#include "server/pg_wire.h"

namespace orbit::server {

namespace {

constexpr size_t kFlushThreshold = size_t{256} << 10;

// The length field of a message: it counts itself, so the body is four bytes shorter.
ReadOutcome ReadBody(ClientSocket& socket, size_t limit, std::string* body) {
  char length_bytes[4];
  if (!socket.ReadExact(length_bytes, 4)) return ReadOutcome::kClosed;
  const int32_t length = ReadBigEndian32(length_bytes);
  if (length < 4) return ReadOutcome::kMalformed;
  if (static_cast<size_t>(length) > limit) return ReadOutcome::kTooLarge;
  body->resize(static_cast<size_t>(length) - 4);
  if (!body->empty() && !socket.ReadExact(body->data(), body->size())) return ReadOutcome::kClosed;
  return ReadOutcome::kMessage;
}

}  // namespace

ClientSocket::~ClientSocket() {
  if (ssl_ != nullptr) {
    if (!tls_failed_) SSL_shutdown(ssl_);  // close_notify, not waited for: the peer may be gone already
    SSL_free(ssl_);
  }
  if (fd_ >= 0) close(fd_);
}

bool ClientSocket::StartTls(SSL_CTX* context) {
  ERR_clear_error();
  ssl_ = SSL_new(context);
  if (ssl_ == nullptr) return false;
  if (SSL_set_fd(ssl_, fd_) != 1 || SSL_accept(ssl_) != 1) {
    ERR_clear_error();
    SSL_free(ssl_);
    ssl_ = nullptr;
    return false;
  }
  return true;
}

size_t ClientSocket::ReadSome(char* data, size_t size) {
  while (true) {
    if (ssl_ != nullptr) {
      ERR_clear_error();
      const int n = SSL_read(ssl_, data, static_cast<int>(std::min<size_t>(size, 1 << 30)));
      if (n > 0) return static_cast<size_t>(n);
      // A timeout (SO_RCVTIMEO) is SSL_ERROR_WANT_READ here: the read failed, as in the clear.
      const int error = SSL_get_error(ssl_, n);
      if (error == SSL_ERROR_SYSCALL && errno == EINTR) continue;
      tls_failed_ = error != SSL_ERROR_ZERO_RETURN;
      return 0;
    }
    const ssize_t n = recv(fd_, data, size, 0);
    if (n > 0) return static_cast<size_t>(n);
    if (n == 0 || errno != EINTR) return 0;
  }
}

size_t ClientSocket::WriteSome(const char* data, size_t size) {
  while (true) {
    if (ssl_ != nullptr) {
      ERR_clear_error();
      const int n = SSL_write(ssl_, data, static_cast<int>(std::min<size_t>(size, 1 << 30)));
      if (n > 0) return static_cast<size_t>(n);
      if (SSL_get_error(ssl_, n) == SSL_ERROR_SYSCALL && errno == EINTR) continue;
      tls_failed_ = true;
      return 0;
    }
    // MSG_NOSIGNAL: a client that went away is an error here, not a SIGPIPE for the server.
    const ssize_t n = send(fd_, data, size, MSG_NOSIGNAL);
    if (n > 0) return static_cast<size_t>(n);
    if (n == 0 || errno != EINTR) return 0;
  }
}

bool ClientSocket::ReadExact(char* data, size_t size) {
  size_t done = 0;
  while (done < size) {
    const size_t n = ReadSome(data + done, size - done);
    if (n == 0) return false;
    done += n;
  }
  return true;
}

void ClientSocket::SetReadTimeout(int seconds) {
  timeval timeout{};
  timeout.tv_sec = seconds;
  setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
}

bool ClientSocket::MaybeFlush() { return output_.size() < kFlushThreshold || Flush(); }

bool ClientSocket::Flush() {
  size_t done = 0;
  while (done < output_.size()) {
    const size_t n = WriteSome(output_.data() + done, output_.size() - done);
    if (n == 0) {
      output_.clear();
      return false;
    }
    done += n;
  }
  output_.clear();
  return true;
}

ReadOutcome ReadStartupPacket(ClientSocket& socket, std::string* body) {
  return ReadBody(socket, kMaxStartupBytes, body);
}

ReadOutcome ReadMessage(ClientSocket& socket, FrontendMessage* message) {
  if (!socket.ReadExact(&message->type, 1)) return ReadOutcome::kClosed;
  return ReadBody(socket, kMaxMessageBytes, &message->body);
}

std::string_view DescribeReadFailure(ReadOutcome outcome) {
  switch (outcome) {
    case ReadOutcome::kMessage: return "no failure";
    case ReadOutcome::kClosed: return "the connection was closed";
    case ReadOutcome::kMalformed: return "invalid message length";
    case ReadOutcome::kTooLarge: return "message too large (the limit is 64 MiB; 10000 bytes for a startup packet)";
  }
  return "unknown failure";
}

}  // namespace orbit::server
