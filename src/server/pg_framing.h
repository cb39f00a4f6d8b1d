// Reading whole frontend messages from a client's socket and writing buffered backend
// messages to it. The startup packet has no type byte; every later message has one. A
// length below its own four bytes, or above the limit, is a protocol violation: the caller
// answers it with an error and closes that connection (never the server).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

using SSL = struct ssl_st;
using SSL_CTX = struct ssl_ctx_st;

namespace orbit::server {

/// The largest message a client may send (a Bind with large parameters fits; PostgreSQL's
/// own limit is 1 GiB). The startup packet has a smaller one, as PostgreSQL's.
inline constexpr size_t kMaxMessageBytes = size_t{64} << 20;
inline constexpr size_t kMaxStartupBytes = 10000;

/// A connected socket, owned: closed when destroyed. Reads block; writes go to a buffer
/// that Flush() sends (and that is sent on its own when it grows past a few hundred KiB).
/// Once StartTls succeeds, both go through TLS.
class ClientSocket {
 public:
  explicit ClientSocket(int fd) : fd_(fd) {}
  ~ClientSocket();
  ClientSocket(const ClientSocket&) = delete;
  ClientSocket& operator=(const ClientSocket&) = delete;

  /// Reads exactly `size` bytes; false when the peer closed or the read failed.
  bool ReadExact(char* data, size_t size);
  /// The buffer that backend messages are appended to.
  std::string* output() { return &output_; }
  /// Sends the buffer when it is large; false when the peer is gone.
  bool MaybeFlush();
  /// Sends the whole buffer; false when the peer is gone.
  bool Flush();
  /// Reads that wait longer than `seconds` fail (0: wait for ever).
  void SetReadTimeout(int seconds);
  int fd() const { return fd_; }
  /// The server's side of a TLS handshake on this socket; false when it failed (the peer
  /// is then to be closed: nothing more can be said to it).
  bool StartTls(SSL_CTX* context);
  bool tls() const { return ssl_ != nullptr; }
  /// The TLS connection, or null.
  SSL* ssl() const { return ssl_; }

 private:
  /// Up to `size` bytes (at least one); 0 when the peer closed or the read failed.
  size_t ReadSome(char* data, size_t size);
  /// Sends `size` bytes or some of them; 0 when the peer is gone.
  size_t WriteSome(const char* data, size_t size);

  int fd_;
  SSL* ssl_ = nullptr;
  bool tls_failed_ = false;  ///< a TLS read or write failed: no close_notify may follow
  std::string output_;
};

enum class ReadOutcome {
  kMessage,    ///< a whole message was read
  kClosed,     ///< the client closed the connection (or the read failed)
  kMalformed,  ///< a length shorter than the length field itself
  kTooLarge,   ///< a length above the limit
};

struct FrontendMessage {
  char type = 0;
  std::string body;
};

/// The startup packet (StartupMessage, SSLRequest, GSSENCRequest, CancelRequest): a length,
/// then the body, which starts with the protocol version or request code.
ReadOutcome ReadStartupPacket(ClientSocket& socket, std::string* body);
/// One typed message: a type byte, a length, the body.
ReadOutcome ReadMessage(ClientSocket& socket, FrontendMessage* message);
/// What a ReadOutcome other than kMessage means, for the error sent before closing.
std::string_view DescribeReadFailure(ReadOutcome outcome);

}  // namespace orbit::server
