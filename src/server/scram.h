// SCRAM-SHA-256 (RFC 5802, RFC 7677) on the server's side, as PostgreSQL implements it:
// the verifier kept for each token (PostgreSQL's text form
// SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>, base64) and the exchange
// of one authentication: client-first (gs2 header "n,,", "y,," or, with
// SCRAM-SHA-256-PLUS over TLS, "p=tls-server-end-point,,"; no authorization identity), server-first (the nonce, salt
// and iteration count), client-final (its proof checked in constant time), server-final (the server's signature).
// Nothing here touches a socket; OpenSSL gives PBKDF2, HMAC and SHA-256.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "orbit/error.h"

namespace orbit::server {

inline constexpr const char* kScramSha256 = "SCRAM-SHA-256";
inline constexpr const char* kScramSha256Plus = "SCRAM-SHA-256-PLUS";
/// The one channel-binding type, as PostgreSQL's (RFC 5929: the server certificate's hash).
inline constexpr std::string_view kTlsServerEndPoint = "tls-server-end-point";
/// PostgreSQL's default (scram_iterations).
inline constexpr int kScramIterations = 4096;

using ScramKey = std::array<unsigned char, 32>;

/// What the server keeps to check a password without holding it.
struct ScramVerifier {
  std::string salt;  ///< raw bytes
  int iterations = kScramIterations;
  ScramKey stored_key{};
  ScramKey server_key{};
};

/// The verifier of `password` with `salt` (raw bytes) and `iterations`. The password is
/// used as its bytes (no SASLprep), which is the same for every ASCII password.
ScramVerifier DeriveScramVerifier(std::string_view password, std::string_view salt, int iterations = kScramIterations);
/// The same with a fresh random 16-byte salt.
Expected<ScramVerifier> DeriveScramVerifier(std::string_view password);
/// PostgreSQL's text form of a verifier (what pg_authid.rolpassword holds).
std::string FormatScramVerifier(const ScramVerifier& verifier);
/// A verifier from its text form; an error saying what is malformed.
Expected<ScramVerifier> ParseScramVerifier(std::string_view text);
/// `size` random bytes from OpenSSL's generator (an error only when it cannot be seeded).
Expected<std::string> RandomBytes(size_t size);

/// One SCRAM-SHA-256 authentication, server side: ClientFirst, then ClientFinal.
class ScramExchange {
 public:
  /// `verifier`: the user's; `server_nonce`: printable characters the server adds to the
  /// client's nonce (random for each exchange; fixed in tests). `mock`: the user has no
  /// verifier, so the exchange runs to its end and fails there, as PostgreSQL's does, so
  /// that a client cannot tell which user names exist.
  ScramExchange(ScramVerifier verifier, std::string server_nonce, bool mock = false)
      : verifier_(std::move(verifier)), server_nonce_(std::move(server_nonce)), mock_(mock) {}

  /// Over TLS: `server_end_point` is the tls-server-end-point data (so -PLUS was offered),
  /// `selected` whether the client chose SCRAM-SHA-256-PLUS. Before ClientFirst.
  void BindChannel(std::string server_end_point, bool selected);
  /// The server-first message answering the client-first `message`; an error (malformed message, a
  /// channel binding or authorization identity asked for) ends the exchange.
  Expected<std::string> ClientFirst(std::string_view message);
  /// The server-final message ("v=<signature>") when the client's proof is right, nullopt
  /// when it is wrong (the password is not the user's); an error when the message is
  /// malformed or does not continue this exchange.
  Expected<std::optional<std::string>> ClientFinal(std::string_view message);

 private:
  Expected<void> ReadChannelBindingFlag(std::string_view* rest) const;

  ScramVerifier verifier_;
  std::string server_nonce_;
  bool mock_;
  std::string binding_data_;       ///< empty: -PLUS not offered
  bool binding_selected_ = false;  ///< the client chose -PLUS
  std::string nonce_;              ///< the client's and the server's
  std::string gs2_header_;
  std::string client_first_bare_;
  std::string server_first_;
  bool started_ = false;
  bool done_ = false;
};

}  // namespace orbit::server
