// Turns the fields of one CSV column into values of the column's type, written straight into
// the column's Arrow buffers: no per-field allocation, and no per-value call into a generic
// builder. NULL is an empty unquoted field or the configured null string; an empty quoted
// field is an empty VARCHAR (and NULL for other types).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "columnar/column.h"
#include "io/csv/csv_tokenizer.h"

namespace orbit {

/// An empty unquoted field, or one that spells `null_string` (when set).
inline bool IsCsvNull(const CsvField& field, std::string_view null_string) {
  // As in PostgreSQL's COPY: an unquoted empty field is NULL only while no NULL string is
  // set; with one (NULL '\N'), an empty field is an empty VARCHAR.
  if (field.quoted) return false;
  return null_string.empty() ? field.size == 0 : field.raw() == null_string;
}

class CsvColumnDecoder {
 public:
  /// Buffers are sized for `expected_rows` and grow past it when needed.
  CsvColumnDecoder(DataType type, int64_t expected_rows, std::string_view null_string, char quote);

  /// Appends the field's value; false when its text is not a value of the column's type.
  bool Append(const CsvField& field, std::string* scratch);
  ColumnPtr Finish();

 private:
  bool AppendText(std::string_view text);
  void AppendNull();
  template <typename T>
  void AppendFixed(T value);
  void AppendBool(bool value);
  void AppendArrayRow(const uint8_t* row);
  void AppendString(std::string_view value);
  bool AppendList(std::string_view text);
  void Grow();

  DataType type_;
  std::string_view null_string_;
  char quote_;
  int64_t length_ = 0;
  int64_t capacity_ = 0;  // rows the buffers hold
  int64_t null_count_ = 0;
  std::shared_ptr<Buffer> values_;    // fixed-width values, bits, or VARCHAR offsets
  std::shared_ptr<Buffer> validity_;  // made at the first NULL
  std::shared_ptr<Buffer> chars_;     // VARCHAR bytes
  size_t chars_length_ = 0;
  std::unique_ptr<CsvColumnDecoder> elements_;  // T[]: the elements, values_ their offsets
};

}  // namespace orbit
