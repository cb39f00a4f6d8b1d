// Splits one CSV record into fields without copying: every field points into the file's
// bytes. Quoting follows RFC 4180: a field that starts with the quote character runs to the
// matching quote, may hold delimiters and newlines, and writes a quote as two quotes ("").
// A quote inside an unquoted field is ordinary text. Lines end in \n or \r\n.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace orbit {

struct CsvDialect {
  char delimiter = ',';
  char quote = '"';
};

struct CsvField {
  const char* data;  // for a quoted field, the text between the quotes
  size_t size;
  bool quoted;       // an empty quoted field is an empty string, not NULL
  bool has_escapes;  // quoted and holds "" pairs: read it through Unescape()

  std::string_view raw() const { return {data, size}; }
};

/// The fields of one record. Reused from record to record, so tokenizing does not allocate.
class CsvFields {
 public:
  size_t size() const { return size_; }
  const CsvField& operator[](size_t i) const { return fields_[i]; }
  void clear() { size_ = 0; }
  void push_back(const CsvField& field) {
    if (size_ == fields_.size()) fields_.resize(size_ * 2 + 16);
    fields_[size_++] = field;
  }

 private:
  std::vector<CsvField> fields_;
  size_t size_ = 0;
};

enum class CsvRecordError : unsigned char { kNone, kUnterminatedQuote, kTextAfterQuote };

struct CsvRecordScan {
  const char* next;  // first byte of the following record
  CsvRecordError error;
  const char* error_at;  // the opening quote never closed, or the text after a closing quote
};

/// Tokenizes the record starting at `p` (before `end`) into `fields`, replacing its contents.
CsvRecordScan TokenizeRecord(const char* p, const char* end, const CsvDialect& dialect, CsvFields* fields);

/// The field's text, with "" pairs of a quoted field turned into single quotes (kept in `scratch`).
std::string_view FieldText(const CsvField& field, char quote, std::string* scratch);

}  // namespace orbit
