#include "server/scram.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <charconv>

#include "server/base64.h"

namespace orbit::server {

namespace {

Error Malformed(const std::string& detail) {
  return Error(ErrorCode::kInvalidArgument, "malformed SCRAM message (" + detail + ")");
}

ScramKey Hmac(const ScramKey& key, std::string_view data) {
  ScramKey out{};
  unsigned int size = 0;
  // HMAC-SHA-256 into a buffer of its size fails only short of memory, where OpenSSL aborts.
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), out.data(), &size);
  return out;
}

ScramKey Sha256Of(const ScramKey& bytes) {
  ScramKey out{};
  unsigned int size = 0;
  EVP_Digest(bytes.data(), bytes.size(), out.data(), &size, EVP_sha256(), nullptr);
  return out;
}

std::string_view AsText(const ScramKey& key) {
  return {reinterpret_cast<const char*>(key.data()), key.size()};  // NOLINT: bytes as chars
}

// Reads "<letter>=<value>" up to the next ',' (or the end), as PostgreSQL's
// read_attribute_value; `text` is left after the ','.
Expected<std::string_view> ReadAttribute(std::string_view* text, char letter) {
  if (text->size() < 2 || (*text)[0] != letter || (*text)[1] != '=') {
    const std::string found = text->empty() ? "end of string" : "\"" + std::string(1, (*text)[0]) + "\"";
    return Malformed("expected attribute \"" + std::string(1, letter) + "\" but found " + found);
  }
  const size_t end = text->find(',');
  std::string_view value = text->substr(2, end == std::string_view::npos ? std::string_view::npos : end - 2);
  text->remove_prefix(end == std::string_view::npos ? text->size() : end + 1);
  return value;
}

bool IsPrintableNonce(std::string_view nonce) {
  if (nonce.empty()) return false;
  for (char c : nonce) {
    if (c < 0x21 || c > 0x7e || c == ',') return false;
  }
  return true;
}

Expected<ScramKey> DecodeKey(std::string_view text, const char* what) {
  std::optional<std::string> bytes = Base64Decode(text);
  if (!bytes || bytes->size() != ScramKey{}.size()) {
    return Error(ErrorCode::kInvalidArgument, std::string(what) + " is not 32 bytes in base64");
  }
  ScramKey key{};
  std::copy(bytes->begin(), bytes->end(), key.begin());
  return key;
}

}  // namespace

Expected<std::string> RandomBytes(size_t size) {
  std::string bytes(size, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(size)) != 1) {
    return Error(ErrorCode::kInternal, "OpenSSL's random generator failed (the system could not seed it)");
  }
  return bytes;
}

ScramVerifier DeriveScramVerifier(std::string_view password, std::string_view salt, int iterations) {
  ScramVerifier verifier;
  verifier.salt = std::string(salt);
  verifier.iterations = iterations;
  ScramKey salted{};
  PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                    reinterpret_cast<const unsigned char*>(salt.data()), static_cast<int>(salt.size()), iterations,
                    EVP_sha256(), static_cast<int>(salted.size()), salted.data());
  verifier.stored_key = Sha256Of(Hmac(salted, "Client Key"));
  verifier.server_key = Hmac(salted, "Server Key");
  OPENSSL_cleanse(salted.data(), salted.size());
  return verifier;
}

Expected<ScramVerifier> DeriveScramVerifier(std::string_view password) {
  Expected<std::string> salt = RandomBytes(16);
  if (!salt.ok()) return salt.error();
  return DeriveScramVerifier(password, *salt, kScramIterations);
}

std::string FormatScramVerifier(const ScramVerifier& verifier) {
  return std::string(kScramSha256) + "$" + std::to_string(verifier.iterations) + ":" + Base64Encode(verifier.salt) +
         "$" + Base64Encode(AsText(verifier.stored_key)) + ":" + Base64Encode(AsText(verifier.server_key));
}

Expected<ScramVerifier> ParseScramVerifier(std::string_view text) {
  auto invalid = [](const std::string& detail) {
    return Error(ErrorCode::kInvalidArgument,
                 "a SCRAM verifier is SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey> "
                 "(orbit serve --hash-token prints one): " +
                     detail);
  };
  const std::string prefix = std::string(kScramSha256) + "$";
  if (!text.starts_with(prefix)) return invalid("it does not start with " + prefix);
  text.remove_prefix(prefix.size());
  const size_t dollar = text.find('$');
  if (dollar == std::string_view::npos) return invalid("no '$' before the keys");
  const std::string_view head = text.substr(0, dollar);
  const std::string_view keys = text.substr(dollar + 1);
  const size_t colon = head.find(':');
  const size_t key_colon = keys.find(':');
  if (colon == std::string_view::npos || key_colon == std::string_view::npos) return invalid("a ':' is missing");
  ScramVerifier verifier;
  const std::string_view count = head.substr(0, colon);
  const auto [end, failed] = std::from_chars(count.data(), count.data() + count.size(), verifier.iterations);
  if (failed != std::errc() || end != count.data() + count.size() || verifier.iterations < 1) {
    return invalid("the iteration count is not a positive integer");
  }
  std::optional<std::string> salt = Base64Decode(head.substr(colon + 1));
  if (!salt || salt->empty()) return invalid("the salt is not base64");
  verifier.salt = std::move(*salt);
  Expected<ScramKey> stored = DecodeKey(keys.substr(0, key_colon), "the StoredKey");
  if (!stored.ok()) return invalid(stored.error().message());
  Expected<ScramKey> server = DecodeKey(keys.substr(key_colon + 1), "the ServerKey");
  if (!server.ok()) return invalid(server.error().message());
  verifier.stored_key = *stored;
  verifier.server_key = *server;
  return verifier;
}

void ScramExchange::BindChannel(std::string server_end_point, bool selected) {
  binding_data_ = std::move(server_end_point);
  binding_selected_ = selected;
}

// As PostgreSQL's read_client_first_message: 'p' only with -PLUS chosen, and 'y' (the
// client could bind but thinks the server cannot) refused where the server offered it,
// since a man in the middle may have struck -PLUS from the list.
Expected<void> ScramExchange::ReadChannelBindingFlag(std::string_view* rest) const {
  if (rest->starts_with("p=")) {
    if (!binding_selected_) {
      return Malformed(
          "the client selected SCRAM-SHA-256 without channel binding, but the message includes "
          "channel binding data");
    }
    const size_t comma = rest->find(',');
    if (rest->substr(2, comma == std::string_view::npos ? std::string_view::npos : comma - 2) != kTlsServerEndPoint) {
      return Malformed("unsupported SCRAM channel-binding type (only tls-server-end-point)");
    }
    rest->remove_prefix(comma == std::string_view::npos ? rest->size() : comma + 1);
    return {};
  }
  if (!rest->starts_with("n,") && !rest->starts_with("y,")) return Malformed("unexpected channel-binding flag");
  if (binding_selected_) {
    return Malformed("the client selected SCRAM-SHA-256-PLUS, but the message includes no channel binding data");
  }
  if (rest->starts_with("y,") && !binding_data_.empty()) {
    return Malformed(
        "SCRAM channel binding negotiation error: the client supports channel binding but thinks "
        "the server does not, and this server does");
  }
  rest->remove_prefix(2);
  return {};
}

Expected<std::string> ScramExchange::ClientFirst(std::string_view message) {
  if (started_) return Malformed("a second client-first message");
  started_ = true;
  std::string_view rest = message;
  // gs2-header: a channel-binding flag, then an (empty) authorization identity.
  if (Expected<void> flag = ReadChannelBindingFlag(&rest); !flag.ok()) return flag.error();
  if (rest.starts_with("a=")) {
    return Error(ErrorCode::kNotSupported, "client uses authorization identity, but it is not supported");
  }
  if (!rest.starts_with(",")) return Malformed("unexpected attribute in the gs2 header");
  rest.remove_prefix(1);
  gs2_header_ = std::string(message.substr(0, message.size() - rest.size()));
  client_first_bare_ = std::string(rest);
  if (rest.starts_with("m=")) return Error(ErrorCode::kNotSupported, "client requires an unsupported SCRAM extension");
  // The user name is the startup packet's, as PostgreSQL's: this one is read and ignored.
  if (Expected<std::string_view> user = ReadAttribute(&rest, 'n'); !user.ok()) return user.error();
  Expected<std::string_view> nonce = ReadAttribute(&rest, 'r');
  if (!nonce.ok()) return nonce.error();
  if (!IsPrintableNonce(*nonce)) return Malformed("the client's nonce is empty or not printable");
  nonce_ = std::string(*nonce) + server_nonce_;
  server_first_ = "r=" + nonce_ + ",s=" + Base64Encode(verifier_.salt) + ",i=" + std::to_string(verifier_.iterations);
  return server_first_;
}

Expected<std::optional<std::string>> ScramExchange::ClientFinal(std::string_view message) {
  if (!started_ || done_) return Malformed("a client-final message out of turn");
  done_ = true;
  const size_t proof_at = message.rfind(",p=");
  if (proof_at == std::string_view::npos) return Malformed("the client-final message has no proof");
  const std::string_view without_proof = message.substr(0, proof_at);
  std::string_view rest = without_proof;
  Expected<std::string_view> binding = ReadAttribute(&rest, 'c');
  if (!binding.ok()) return binding.error();
  // c= is the gs2 header and, with -PLUS, the server certificate's hash: a client that
  // talks to another server (a man in the middle) proves a channel this one is not on.
  std::optional<std::string> header = Base64Decode(*binding);
  const std::string expected = gs2_header_ + (binding_selected_ ? binding_data_ : std::string());
  if (!header || header->size() != expected.size() ||
      CRYPTO_memcmp(header->data(), expected.data(), expected.size()) != 0) {
    return Malformed("SCRAM channel binding check failed");
  }
  Expected<std::string_view> nonce = ReadAttribute(&rest, 'r');
  if (!nonce.ok()) return nonce.error();
  if (*nonce != nonce_) return Malformed("the nonce does not match the server's");
  std::optional<std::string> proof = Base64Decode(message.substr(proof_at + 3));
  if (!proof || proof->size() != ScramKey{}.size()) return Malformed("the proof is not 32 bytes in base64");
  const std::string auth_message = client_first_bare_ + "," + server_first_ + "," + std::string(without_proof);
  const ScramKey signature = Hmac(verifier_.stored_key, auth_message);
  ScramKey client_key{};
  for (size_t i = 0; i < client_key.size(); ++i) {
    client_key[i] = static_cast<unsigned char>(static_cast<unsigned char>((*proof)[i]) ^ signature[i]);
  }
  const ScramKey stored = Sha256Of(client_key);
  const bool proved = CRYPTO_memcmp(stored.data(), verifier_.stored_key.data(), stored.size()) == 0;
  if (!proved || mock_) return std::optional<std::string>();
  return std::optional<std::string>("v=" + Base64Encode(AsText(Hmac(verifier_.server_key, auth_message))));
}

}  // namespace orbit::server
