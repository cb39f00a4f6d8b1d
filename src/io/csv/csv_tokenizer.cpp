#include "io/csv/csv_tokenizer.h"

#include <bit>
#include <cstdint>
#include <cstring>

namespace orbit {
namespace {

static_assert(std::endian::native == std::endian::little, "SplitUnquotedLine reads words little-endian");

constexpr uint64_t kLowBits = 0x7f7f7f7f7f7f7f7fULL;
constexpr uint64_t kByteOnes = 0x0101010101010101ULL;

const char* FindByte(const char* p, const char* end, char c) {
  const void* hit = std::memchr(p, c, static_cast<size_t>(end - p));
  return hit != nullptr ? static_cast<const char*>(hit) : end;
}

// The high bit of each byte of `word` that equals `c`, exactly (no carries between bytes).
uint64_t MatchingBytes(uint64_t word, uint64_t broadcast_c) {
  uint64_t x = word ^ broadcast_c;
  return ~(((x & kLowBits) + kLowBits) | x | kLowBits);
}

void PushField(const char* begin, const char* end, CsvFields* fields) {
  fields->push_back({begin, static_cast<size_t>(end - begin), false, false});
}

// The common case, a line with no quote character: every delimiter ends a field. Looks at
// eight bytes at a time, since fields are short and a byte loop dominated the parse.
void SplitUnquotedLine(const char* p, const char* eol, char delimiter, CsvFields* fields) {
  const uint64_t broadcast = kByteOnes * static_cast<unsigned char>(delimiter);
  const char* field = p;
  const char* word = p;
  for (; word + 8 <= eol; word += 8) {
    uint64_t bytes;
    std::memcpy(&bytes, word, 8);
    for (uint64_t hits = MatchingBytes(bytes, broadcast); hits != 0; hits &= hits - 1) {
      const char* at = word + (__builtin_ctzll(hits) >> 3);  // little-endian: lowest byte first
      PushField(field, at, fields);
      field = at + 1;
    }
  }
  for (; word < eol; ++word) {
    if (*word == delimiter) {
      PushField(field, word, fields);
      field = word + 1;
    }
  }
  PushField(field, eol > field && eol[-1] == '\r' ? eol - 1 : eol, fields);
}

// The general case: quoted fields may hold delimiters, "" pairs and newlines.
CsvRecordScan SplitQuotedRecord(const char* p, const char* eol, const char* end, const CsvDialect& dialect,
                                CsvFields* fields) {
  while (true) {
    if (p < eol && *p == dialect.quote) {
      const char* open = p;
      const char* text = p + 1;
      const char* close = text;
      bool escapes = false;
      while (true) {
        close = FindByte(close, end, dialect.quote);
        if (close == end) return {end, CsvRecordError::kUnterminatedQuote, open};
        if (close + 1 < end && close[1] == dialect.quote) {
          escapes = true;
          close += 2;
          continue;
        }
        break;
      }
      fields->push_back({text, static_cast<size_t>(close - text), true, escapes});
      p = close + 1;
      if (p > eol) eol = FindByte(p, end, '\n');  // the field held newlines
      if (p + 1 == eol && *p == '\r') p = eol;
      if (p == eol) break;
      if (*p != dialect.delimiter) return {end, CsvRecordError::kTextAfterQuote, p};
      ++p;
      continue;
    }
    const char* start = p;
    while (p < eol && *p != dialect.delimiter) ++p;
    if (p == eol) {
      PushField(start, p > start && p[-1] == '\r' ? p - 1 : p, fields);
      break;
    }
    PushField(start, p, fields);
    ++p;
  }
  return {eol == end ? end : eol + 1, CsvRecordError::kNone, nullptr};
}

}  // namespace

CsvRecordScan TokenizeRecord(const char* p, const char* end, const CsvDialect& dialect, CsvFields* fields) {
  fields->clear();
  const char* eol = FindByte(p, end, '\n');
  if (std::memchr(p, dialect.quote, static_cast<size_t>(eol - p)) == nullptr) {
    SplitUnquotedLine(p, eol, dialect.delimiter, fields);
    return {eol == end ? end : eol + 1, CsvRecordError::kNone, nullptr};
  }
  return SplitQuotedRecord(p, eol, end, dialect, fields);
}

std::string_view FieldText(const CsvField& field, char quote, std::string* scratch) {
  if (!field.has_escapes) return field.raw();
  scratch->clear();
  for (size_t i = 0; i < field.size; ++i) {
    scratch->push_back(field.data[i]);
    if (field.data[i] == quote) ++i;  // the tokenizer guarantees the pair
  }
  return *scratch;
}

}  // namespace orbit
