#include "server/pg_framing.h"

#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

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
  if (fd_ >= 0) close(fd_);
}

bool ClientSocket::ReadExact(char* data, size_t size) {
  size_t done = 0;
  while (done < size) {
    const ssize_t n = recv(fd_, data + done, size - done, 0);
    if (n > 0) {
      done += static_cast<size_t>(n);
    } else if (n == 0 || errno != EINTR) {
      return false;
    }
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
    // MSG_NOSIGNAL: a client that went away is an error here, not a SIGPIPE for the server.
    const ssize_t n = send(fd_, output_.data() + done, output_.size() - done, MSG_NOSIGNAL);
    if (n > 0) {
      done += static_cast<size_t>(n);
    } else if (n < 0 && errno != EINTR) {
      output_.clear();
      return false;
    }
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
