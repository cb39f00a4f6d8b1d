#include "server/result_encoding.h"

#include "server/pg_wire.h"

namespace orbit::server {

Expected<std::vector<int16_t>> ResolveResultFormats(const std::vector<int16_t>& codes,
                                                    const std::vector<PgColumn>& columns) {
  std::vector<int16_t> formats(columns.size(), 0);
  if (codes.size() == 1) {
    formats.assign(columns.size(), codes[0]);
  } else if (codes.size() == columns.size()) {
    formats = codes;
  } else if (!codes.empty()) {
    return Error(ErrorCode::kInvalidArgument, "bind message has " + std::to_string(codes.size()) +
                                                  " result formats but query has " + std::to_string(columns.size()) +
                                                  " columns");
  }
  for (size_t i = 0; i < formats.size(); ++i) {
    if (formats[i] != 0 && formats[i] != 1) {
      return Error(ErrorCode::kNotSupported, "unsupported format code: " + std::to_string(formats[i]));
    }
    if (formats[i] == 1 && !HasBinaryFormat(columns[i].kind)) {
      return Error(
          ErrorCode::kNotSupported,
          "binary format is not supported for column \"" + columns[i].name + "\" (" +
              (columns[i].kind == TypeKind::kList ? "an array: request it in text format" : "a NULL of no type") + ")");
    }
  }
  return formats;
}

void WriteRowDescription(std::string* out, const std::vector<PgColumn>& columns, const std::vector<int16_t>& formats) {
  MessageWriter message(out, 'T');
  message.Int16(static_cast<int16_t>(columns.size()));
  for (size_t i = 0; i < columns.size(); ++i) {
    message.String(columns[i].name);
    message.Int32(0);  // not a table's column
    message.Int16(0);
    message.Int32(columns[i].type_oid);
    message.Int16(columns[i].type_size);
    message.Int32(columns[i].type_modifier);
    message.Int16(i < formats.size() ? formats[i] : 0);
  }
  message.Finish();
}

Expected<void> WriteDataRow(std::string* out, const StatementOutcome& outcome, int64_t row,
                            const std::vector<int16_t>& formats) {
  const size_t start = out->size();
  MessageWriter message(out, 'D');
  const auto count = static_cast<int>(outcome.columns().size());
  message.Int16(static_cast<int16_t>(count));
  for (int column = 0; column < count; ++column) {
    std::optional<std::string> text;
    if (static_cast<size_t>(column) < formats.size() && formats[static_cast<size_t>(column)] == 1) {
      std::optional<Expected<std::string>> binary = outcome.Binary(column, row);
      if (binary && !binary->ok()) {
        out->resize(start);
        return binary->error();
      }
      if (binary) text = std::move(**binary);
    } else {
      text = outcome.Text(column, row);
    }
    if (!text) {
      message.Int32(-1);
      continue;
    }
    message.Int32(static_cast<int32_t>(text->size()));
    message.Bytes(*text);
  }
  message.Finish();
  return {};
}

void WriteCommandComplete(std::string* out, const std::string& tag) {
  MessageWriter message(out, 'C');
  message.String(tag);
  message.Finish();
}

void WriteEmptyQueryResponse(std::string* out) { MessageWriter(out, 'I').Finish(); }

void WriteNoData(std::string* out) { MessageWriter(out, 'n').Finish(); }

}  // namespace orbit::server
