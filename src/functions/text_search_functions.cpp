// Text functions that look into a string without rewriting it: strpos (and
// POSITION(sub IN s), which the parser writes as position(s, sub)), starts_with, ends_with
// (DuckDB's), ascii, chr, octet_length and md5 (OpenSSL's, as lower-case hex). Positions and
// code points count UTF-8 characters, as PostgreSQL does.
#include <openssl/evp.h>

#include <fmt/format.h>

#include "functions/function_registry.h"
#include "functions/text_call.h"

namespace orbit {

namespace {

using text::Kind;

Result<ColumnPtr> Strpos(const ScalarCall& call) {
  return text::EachRow(call, [&](int64_t i, ColumnBuilder& out) {
    const std::string_view s = call.arguments[0].GetString(i);
    const size_t at = s.find(call.arguments[1].GetString(i));
    out.AppendInt32(at == std::string_view::npos ? 0
                                                 : static_cast<int32_t>(text::CountCharacters(s.substr(0, at)) + 1));
    return Status::OK();
  });
}

template <bool kStart>
Result<ColumnPtr> Affix(const ScalarCall& call) {
  return text::EachRow(call, [&](int64_t i, ColumnBuilder& out) {
    const std::string_view s = call.arguments[0].GetString(i);
    const std::string_view affix = call.arguments[1].GetString(i);
    out.AppendBool(kStart ? s.starts_with(affix) : s.ends_with(affix));
    return Status::OK();
  });
}

// The code point of a UTF-8 character.
uint32_t CodePoint(std::string_view c) {
  const auto lead = static_cast<unsigned char>(c[0]);
  if (c.size() == 1) return lead;
  uint32_t code = lead & (0x7F >> c.size());
  for (size_t k = 1; k < c.size(); ++k) code = (code << 6) | (static_cast<unsigned char>(c[k]) & 0x3F);
  return code;
}

Result<ColumnPtr> Ascii(const ScalarCall& call) {
  return text::EachRow(call, [&](int64_t i, ColumnBuilder& out) {
    const std::string_view s = call.arguments[0].GetString(i);
    if (s.empty()) {
      out.AppendInt32(0);
    } else {
      const size_t n = std::min(text::CharacterBytes(static_cast<unsigned char>(s[0])), s.size());
      out.AppendInt32(static_cast<int32_t>(CodePoint(s.substr(0, n))));
    }
    return Status::OK();
  });
}

// The UTF-8 bytes of code point `code`.
std::string Encode(uint32_t code) {
  std::string out;
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
  return out;
}

Result<ColumnPtr> Chr(const ScalarCall& call) {
  return text::EachRow(call, [&](int64_t i, ColumnBuilder& out) {
    const int64_t code = call.arguments[0].values<int64_t>()[i];
    if (code < 0) return Status::OutOfRange("character number must be positive: chr({})", code);
    if (code == 0) return Status::OutOfRange("null character not permitted: chr(0)");
    if (code > 0x10FFFF) return Status::OutOfRange("requested character too large for encoding: {}", code);
    if (code >= 0xD800 && code <= 0xDFFF) {
      return Status::OutOfRange("requested character not valid for encoding: {}", code);
    }
    out.AppendString(Encode(static_cast<uint32_t>(code)));
    return Status::OK();
  });
}

Result<ColumnPtr> OctetLength(const ScalarCall& call) {
  return text::EachRow(call, [&](int64_t i, ColumnBuilder& out) {
    out.AppendInt32(static_cast<int32_t>(call.arguments[0].GetString(i).size()));
    return Status::OK();
  });
}

Result<ColumnPtr> Md5(const ScalarCall& call) {
  return text::EachRow(call, [&](int64_t i, ColumnBuilder& out) {
    const std::string_view s = call.arguments[0].GetString(i);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(s.data(), s.size(), digest, &length, EVP_md5(), nullptr) != 1) {
      return Status::Internal("OpenSSL's MD5 failed");
    }
    std::string hex;
    for (unsigned int k = 0; k < length; ++k) hex += fmt::format("{:02x}", digest[k]);
    out.AppendString(hex);
    return Status::OK();
  });
}

Result<Resolution> BindTwoTexts(const CallSite& call, DataType result) {
  return text::BindKinds(call, {Kind::kText, Kind::kText}, result);
}
Result<Resolution> BindStrpos(const CallSite& call) { return BindTwoTexts(call, DataType::Int32()); }
Result<Resolution> BindAffix(const CallSite& call) { return BindTwoTexts(call, DataType::Boolean()); }
Result<Resolution> BindTextToInteger(const CallSite& call) {
  return text::BindKinds(call, {Kind::kText}, DataType::Int32());
}
Result<Resolution> BindChr(const CallSite& call) {
  return text::BindKinds(call, {Kind::kInteger}, DataType::Varchar());
}
Result<Resolution> BindMd5(const CallSite& call) { return text::BindKinds(call, {Kind::kText}, DataType::Varchar()); }

}  // namespace

Status RegisterTextSearchFunctions(FunctionRegistry& registry) {
  using text::Function;
  ORBIT_RETURN_IF_ERROR(registry.Add(
      Function("strpos", {"position"}, {{"VARCHAR, VARCHAR substring", "INTEGER"}},
               "where the substring first starts, in characters from 1 (0 if nowhere); also POSITION(sub IN s)", 2, 2,
               BindStrpos, Strpos)));
  ORBIT_RETURN_IF_ERROR(
      registry.Add(Function("starts_with", {}, {{"VARCHAR, VARCHAR prefix", "BOOLEAN"}},
                            "whether the text starts with the prefix", 2, 2, BindAffix, Affix<true>)));
  ORBIT_RETURN_IF_ERROR(
      registry.Add(Function("ends_with", {}, {{"VARCHAR, VARCHAR suffix", "BOOLEAN"}},
                            "whether the text ends with the suffix (DuckDB's)", 2, 2, BindAffix, Affix<false>)));
  ORBIT_RETURN_IF_ERROR(
      registry.Add(Function("ascii", {}, {{"VARCHAR", "INTEGER"}}, "the code point of the first character (0 for '')",
                            1, 1, BindTextToInteger, Ascii)));
  ORBIT_RETURN_IF_ERROR(
      registry.Add(Function("chr", {}, {{"INTEGER", "VARCHAR"}}, "the character of a code point", 1, 1, BindChr, Chr)));
  ORBIT_RETURN_IF_ERROR(registry.Add(Function("octet_length", {}, {{"VARCHAR", "INTEGER"}},
                                              "the number of bytes (UTF-8)", 1, 1, BindTextToInteger, OctetLength)));
  return registry.Add(Function("md5", {}, {{"VARCHAR", "VARCHAR"}}, "the MD5 digest of the bytes, as 32 hex digits", 1,
                               1, BindMd5, Md5));
}

}  // namespace orbit
