#include "server/pg_wire.h"

namespace orbit::server {

void AppendInt16(std::string* out, int16_t value) {
  const auto bits = static_cast<uint16_t>(value);
  out->push_back(static_cast<char>(bits >> 8));
  out->push_back(static_cast<char>(bits & 0xff));
}

void AppendInt32(std::string* out, int32_t value) {
  const auto bits = static_cast<uint32_t>(value);
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>((bits >> shift) & 0xff));
}

void AppendInt64(std::string* out, int64_t value) {
  const auto bits = static_cast<uint64_t>(value);
  for (int shift = 56; shift >= 0; shift -= 8) out->push_back(static_cast<char>((bits >> shift) & 0xff));
}

int32_t ReadBigEndian32(const char* bytes) {
  uint32_t bits = 0;
  for (int i = 0; i < 4; ++i) bits = (bits << 8) | static_cast<unsigned char>(bytes[i]);
  return static_cast<int32_t>(bits);
}

int64_t ReadBigEndian64(const char* bytes) {
  uint64_t bits = 0;
  for (int i = 0; i < 8; ++i) bits = (bits << 8) | static_cast<unsigned char>(bytes[i]);
  return static_cast<int64_t>(bits);
}

MessageWriter::MessageWriter(std::string* out, char type) : out_(out), start_(out->size()) {
  out_->push_back(type);
  out_->append(4, '\0');
}

void MessageWriter::Int16(int16_t value) { AppendInt16(out_, value); }
void MessageWriter::Int32(int32_t value) { AppendInt32(out_, value); }
void MessageWriter::Int64(int64_t value) { AppendInt64(out_, value); }

void MessageWriter::String(std::string_view value) {
  for (char c : value) {
    if (c != '\0') out_->push_back(c);
  }
  out_->push_back('\0');
}

void MessageWriter::Finish() {
  const auto length = static_cast<uint32_t>(out_->size() - start_ - 1);
  for (int i = 0; i < 4; ++i) (*out_)[start_ + 1 + i] = static_cast<char>((length >> (24 - 8 * i)) & 0xff);
}

int16_t MessageReader::Int16() {
  std::string_view bytes = Bytes(2);
  if (bytes.size() != 2) return 0;
  return static_cast<int16_t>((static_cast<unsigned char>(bytes[0]) << 8) | static_cast<unsigned char>(bytes[1]));
}

int32_t MessageReader::Int32() {
  std::string_view bytes = Bytes(4);
  return bytes.size() == 4 ? ReadBigEndian32(bytes.data()) : 0;
}

std::string_view MessageReader::Bytes(size_t size) {
  if (!ok_ || size > body_.size() - position_) {
    ok_ = false;
    return {};
  }
  std::string_view bytes = body_.substr(position_, size);
  position_ += size;
  return bytes;
}

std::string_view MessageReader::String() {
  if (!ok_) return {};
  const size_t end = body_.find('\0', position_);
  if (end == std::string_view::npos) {
    ok_ = false;
    return {};
  }
  std::string_view text = body_.substr(position_, end - position_);
  position_ = end + 1;
  return text;
}

void WriteAuthentication(std::string* out, int32_t code, std::string_view data) {
  MessageWriter message(out, 'R');
  message.Int32(code);
  message.Bytes(data);
  message.Finish();
}

}  // namespace orbit::server
