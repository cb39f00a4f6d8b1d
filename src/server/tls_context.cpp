#include "server/tls_context.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace orbit::server {

std::string OpenSslError() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "no reason given";
  char text[256];
  ERR_error_string_n(code, text, sizeof(text));
  return text;
}

std::string TlsServerEndPoint(SSL* ssl) {
  X509* certificate = SSL_get_certificate(ssl);  // the server's own, not to be freed
  if (certificate == nullptr) return {};
  int digest_nid = NID_undef;
  int key_nid = NID_undef;
  if (OBJ_find_sigid_algs(X509_get_signature_nid(certificate), &digest_nid, &key_nid) != 1) return {};
  const EVP_MD* digest =
      digest_nid == NID_md5 || digest_nid == NID_sha1 ? EVP_sha256() : EVP_get_digestbynid(digest_nid);
  if (digest == nullptr) return {};  // e.g. Ed25519, whose signature names no hash
  unsigned char hash[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (X509_digest(certificate, digest, hash, &size) != 1) return {};
  return {reinterpret_cast<const char*>(hash), size};
}

Expected<void> ConfigureTlsContext(SSL_CTX* context, const std::string& cert_path, const std::string& key_path) {
  ERR_clear_error();
  auto failed = [](const std::string& what) {
    return Error(ErrorCode::kInvalidArgument, what + ": " + OpenSslError());
  };
  if (SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) != 1) return failed("cannot set TLS 1.2 as the minimum");
  if (SSL_CTX_use_certificate_chain_file(context, cert_path.c_str()) != 1) {
    return failed("cannot read the TLS certificate " + cert_path + " (tls_cert: a PEM file)");
  }
  if (SSL_CTX_use_PrivateKey_file(context, key_path.c_str(), SSL_FILETYPE_PEM) != 1) {
    return failed("cannot read the TLS private key " + key_path + " (tls_key: an unencrypted PEM file)");
  }
  if (SSL_CTX_check_private_key(context) != 1) {
    return failed("the TLS private key " + key_path + " is not the key of the certificate " + cert_path);
  }
  // No session tickets or cache: each connection does a full handshake, and no key
  // material outlives it in the server.
  SSL_CTX_set_options(context, SSL_OP_NO_TICKET);
  SSL_CTX_set_session_cache_mode(context, SSL_SESS_CACHE_OFF);
  return {};
}

Expected<std::shared_ptr<TlsContext>> TlsContext::Load(const std::string& cert_path, const std::string& key_path) {
  SSL_CTX* context = SSL_CTX_new(TLS_server_method());
  if (context == nullptr) return Error(ErrorCode::kInternal, "cannot make a TLS context: " + OpenSslError());
  std::shared_ptr<TlsContext> owned(new TlsContext(context));
  if (Expected<void> configured = ConfigureTlsContext(context, cert_path, key_path); !configured.ok()) {
    return configured.error();
  }
  return owned;
}

TlsContext::~TlsContext() { SSL_CTX_free(context_); }

}  // namespace orbit::server
