#include "io/csv/csv_writer.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "columnar/array_value.h"
#include "columnar/interval.h"
#include "columnar/list_value.h"
#include "columnar/timestamp.h"
#include "columnar/value_format.h"
#include "common/memory_scope.h"
#include "io/atomic_write.h"

namespace orbit {

namespace {

class CsvFormatter {
 public:
  explicit CsvFormatter(const CsvOptions& options) : options_(options) {}

  void Field(std::string_view text, bool is_text, std::string& out) const {
    // An unquoted field equal to the NULL string reads as NULL; so does an empty one when
    // the NULL string is empty. Quoting keeps such values what they are.
    bool quote = is_text && (text == options_.null_string || (text.empty() && options_.null_string.empty()));
    for (char c : text) {
      if (c == options_.delimiter || c == options_.quote || c == '\n' || c == '\r') quote = true;
    }
    if (!quote) {
      out.append(text);
      return;
    }
    out += options_.quote;
    for (char c : text) {
      if (c == options_.quote) out += options_.quote;
      out += c;
    }
    out += options_.quote;
  }

  void Value(const ColumnView& column, int64_t row, std::string& out) const {
    if (!column.IsValid(row)) {
      out += options_.null_string;
      return;
    }
    const DataType& type = column.type;
    switch (type.id) {
      case TypeId::kBoolean: out += column.GetBool(row) ? "t" : "f"; return;
      case TypeId::kInt8: out += std::to_string(column.values<int8_t>()[row]); return;
      case TypeId::kInt16: out += std::to_string(column.values<int16_t>()[row]); return;
      case TypeId::kInt32: out += std::to_string(column.values<int32_t>()[row]); return;
      case TypeId::kInt64: out += std::to_string(column.values<int64_t>()[row]); return;
      case TypeId::kDouble: out += Double(column.values<double>()[row]); return;
      case TypeId::kDate: out += FormatDate(column.values<int32_t>()[row]); return;
      case TypeId::kTimestamp: Field(FormatTimestamp(column.values<int64_t>()[row]), false, out); return;
      case TypeId::kDecimal: {
        const int128_t v = type.is_wide_decimal() ? column.values<int128_t>()[row] : column.values<int64_t>()[row];
        out += FormatDecimal(v, type.scale);
        return;
      }
      case TypeId::kVarchar: Field(column.GetString(row), true, out); return;
      case TypeId::kFloat: out += FormatReal(column.values<float>()[row]); return;
      case TypeId::kArray: Field(FormatArrayRow(type, ArrayRowAt(column, row)), true, out); return;
      case TypeId::kInterval: Field(FormatInterval(UnpackInterval(column.values<int128_t>()[row])), false, out); return;
      case TypeId::kList: Field(FormatListRow(column, row), true, out); return;
      case TypeId::kNull: out += options_.null_string; return;
    }
  }

  /// Rows of one batch, each ended by a newline.
  std::string Batch(const orbit::Batch& batch) const {
    std::string out;
    std::vector<ColumnView> views;
    for (const ColumnPtr& c : batch.columns) views.push_back(c->view());
    for (int64_t row = 0; row < batch.length; ++row) {
      for (size_t c = 0; c < views.size(); ++c) {
        if (c > 0) out += options_.delimiter;
        Value(views[c], row, out);
      }
      out += '\n';
    }
    return out;
  }

 private:
  // PostgreSQL's spellings of the values that are not numbers.
  static std::string Double(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
    return FormatDouble(v);
  }

  const CsvOptions& options_;
};

}  // namespace

Result<int64_t> WriteCsv(const Table& table, const std::string& path, const CsvOptions& options) {
  const CsvFormatter formatter(options);
  const auto& batches = table.batches();
  std::vector<std::string> texts(batches.size());
  tbb::parallel_for(tbb::blocked_range<size_t>(0, batches.size(), 1),
                    UnderCurrentMemoryAccount([&](const tbb::blocked_range<size_t>& range) {
                      for (size_t i = range.begin(); i != range.end(); ++i) texts[i] = formatter.Batch(batches[i]);
                    }));
  std::string header;
  if (options.header) {
    for (size_t c = 0; c < table.schema().size(); ++c) {
      if (c > 0) header += options.delimiter;
      formatter.Field(table.schema()[c].name, false, header);
    }
    header += '\n';
  }
  ORBIT_RETURN_IF_ERROR(WriteAtomically(path, [&](const std::string& temporary) -> Status {
    std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(temporary.c_str(), "wb"), &std::fclose);
    if (!file) return Status::IOError("{}: cannot create: {}", path, std::strerror(errno));
    bool ok = std::fwrite(header.data(), 1, header.size(), file.get()) == header.size();
    for (const std::string& text : texts)
      ok = ok && std::fwrite(text.data(), 1, text.size(), file.get()) == text.size();
    if (std::fclose(file.release()) != 0) ok = false;
    if (!ok) return Status::IOError("{}: cannot write: {}", path, std::strerror(errno));
    return Status::OK();
  }));
  return table.num_rows();
}

}  // namespace orbit
