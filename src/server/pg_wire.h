// The PostgreSQL wire protocol (v3) at the byte level: building backend messages (a type
// byte, a big-endian length that counts itself, the body) and reading the fields of a
// frontend message's body. Nothing here touches a socket (pg_framing.h does).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace orbit::server {

inline constexpr int32_t kProtocolVersion3 = 3 << 16;
inline constexpr int32_t kCancelRequestCode = 80877102;
inline constexpr int32_t kSslRequestCode = 80877103;
inline constexpr int32_t kGssEncRequestCode = 80877104;

/// Appends one backend message to `out`: the constructor writes the type and room for the
/// length, Finish() fills the length in. Integers are written big-endian, as the protocol has them.
class MessageWriter {
 public:
  MessageWriter(std::string* out, char type);
  void Byte(char value) { out_->push_back(value); }
  void Int16(int16_t value);
  void Int32(int32_t value);
  void Int64(int64_t value);
  /// A NUL-terminated string (a NUL inside `value` would end it early, so it is dropped).
  void String(std::string_view value);
  void Bytes(std::string_view value) { out_->append(value); }
  void Finish();

 private:
  std::string* out_;
  size_t start_;
};

/// Reads the fields of a frontend message's body in order. A read past the end (or a string
/// without its NUL) marks the reader failed and returns zero or empty; callers check ok()
/// once the fields are read, so a malformed message is one error, never a crash.
class MessageReader {
 public:
  explicit MessageReader(std::string_view body) : body_(body) {}
  int16_t Int16();
  int32_t Int32();
  /// `size` raw bytes.
  std::string_view Bytes(size_t size);
  /// A NUL-terminated string, without its NUL.
  std::string_view String();
  bool ok() const { return ok_; }
  /// True when every byte was read and nothing failed.
  bool finished() const { return ok_ && position_ == body_.size(); }
  size_t remaining() const { return body_.size() - position_; }

 private:
  std::string_view body_;
  size_t position_ = 0;
  bool ok_ = true;
};

/// Authentication request codes ('R' messages).
inline constexpr int32_t kAuthenticationOk = 0;
inline constexpr int32_t kAuthenticationCleartextPassword = 3;
inline constexpr int32_t kAuthenticationSasl = 10;
inline constexpr int32_t kAuthenticationSaslContinue = 11;
inline constexpr int32_t kAuthenticationSaslFinal = 12;

/// Appends an Authentication message ('R'): the code, then `data` as it is.
void WriteAuthentication(std::string* out, int32_t code, std::string_view data = {});

/// Big-endian integers, for encoding binary values.
void AppendInt16(std::string* out, int16_t value);
void AppendInt32(std::string* out, int32_t value);
void AppendInt64(std::string* out, int64_t value);
int32_t ReadBigEndian32(const char* bytes);
int64_t ReadBigEndian64(const char* bytes);

}  // namespace orbit::server
