// Writes query results as an aligned table (for people), CSV or JSON (for programs; exact:
// decimals keep every digit, doubles print the shortest text that reads back identically).
#pragma once

#include <ostream>
#include <string>

#include "orbit/query_result.h"

namespace orbit::cli {

enum class OutputFormat { kTable, kCsv, kJson };

bool ParseOutputFormat(const std::string& text, OutputFormat* format);
void WriteResult(const QueryResult& result, OutputFormat format, std::ostream& out);

}  // namespace orbit::cli
