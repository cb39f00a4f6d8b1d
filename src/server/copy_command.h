// COPY ... TO STDOUT and COPY ... FROM STDIN, which stream through the client's connection
// rather than a file: the statement is read here (its target, FORMAT text or csv, HEADER,
// DELIMITER, NULL), rows are written in PostgreSQL's text or CSV form, and data a client
// sends is parsed and rewritten as the CSV that Orbit's COPY FROM 'file' reads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "orbit/error.h"

namespace orbit::server {

struct CopyCommand {
  bool to_client = false;  ///< TO STDOUT; else FROM STDIN
  std::string target;      ///< "t", "t (a, b)" or "(SELECT ...)", as written
  bool csv = false;        ///< FORMAT csv; else text
  bool header = false;
  char delimiter = '\t';
  std::string null_string = "\\N";
  char quote = '"';

  /// The query whose rows COPY TO STDOUT writes.
  std::string SelectSql() const;
};

using CopyRow = std::vector<std::optional<std::string>>;

/// The COPY of `statement` when it copies to or from the client; nullopt for any other
/// statement (COPY with a file is Orbit's own); an error for options Orbit cannot honour.
std::optional<Expected<CopyCommand>> ParseCopyCommand(std::string_view statement);
/// One row as COPY writes it, with its line break.
std::string FormatCopyRow(const CopyCommand& command, const CopyRow& row);
/// The rows of what a client sent (text: backslash escapes and the NULL string; csv:
/// quotes), without a header line and the old end marker "\.".
Expected<std::vector<CopyRow>> ParseCopyData(const CopyCommand& command, std::string_view data);
/// Rows as the CSV Orbit's COPY FROM reads with (FORMAT csv): a NULL is an unquoted empty
/// field, every value quoted.
std::string OrbitCsv(const std::vector<CopyRow>& rows);

}  // namespace orbit::server
