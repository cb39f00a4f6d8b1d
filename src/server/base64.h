// Base64 (RFC 4648) as authentication needs it: the standard alphabet with padding (SCRAM's
// messages and verifiers, HTTP Basic) and the URL-safe one without padding (JWT). Decoding
// is strict: a character outside the alphabet, misplaced padding or stray bits is nullopt,
// so that two spellings never decode to one value.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace orbit::server {

/// `bytes` in the standard alphabet, padded with '='.
std::string Base64Encode(std::string_view bytes);
/// The bytes of padded standard base64; nullopt when malformed.
std::optional<std::string> Base64Decode(std::string_view text);
/// `bytes` in the URL-safe alphabet, without padding.
std::string Base64UrlEncode(std::string_view bytes);
/// The bytes of unpadded URL-safe base64; nullopt when malformed.
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace orbit::server
