// TLS for `orbit serve` (OpenSSL): the server's certificate chain and private key, read
// from the PEM files tls_cert and tls_key, checked against each other at start, and the
// context each PostgreSQL connection's handshake uses (HTTPS configures httplib's own
// context with ConfigureTlsContext). TLS 1.2 is the oldest version accepted.
#pragma once

#include <memory>
#include <string>

#include "orbit/error.h"

using SSL = struct ssl_st;
using SSL_CTX = struct ssl_ctx_st;

namespace orbit::server {

/// Loads `cert_path` (a PEM chain, the server's certificate first) and `key_path` into
/// `context`; an error naming the file and OpenSSL's reason.
Expected<void> ConfigureTlsContext(SSL_CTX* context, const std::string& cert_path, const std::string& key_path);

/// RFC 5929's tls-server-end-point data of a server connection: the hash of its
/// certificate (by the certificate's signature hash, SHA-256 in place of MD5 and SHA-1);
/// empty when there is none (then SCRAM-SHA-256-PLUS is not offered).
std::string TlsServerEndPoint(SSL* ssl);

/// The next error on OpenSSL's queue for this thread, as text (the queue is emptied).
std::string OpenSslError();

/// An SSL_CTX, owned.
class TlsContext {
 public:
  /// A server context with the certificate and key loaded.
  static Expected<std::shared_ptr<TlsContext>> Load(const std::string& cert_path, const std::string& key_path);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  SSL_CTX* get() const { return context_; }

 private:
  explicit TlsContext(SSL_CTX* context) : context_(context) {}
  SSL_CTX* context_;
};

}  // namespace orbit::server
