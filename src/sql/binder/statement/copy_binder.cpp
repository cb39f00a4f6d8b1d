// COPY t FROM 'file' with PostgreSQL's options, in both forms libpg_query parses:
//   COPY t FROM 'f' WITH (FORMAT csv, DELIMITER '|', HEADER false, NULL 'x', QUOTE '"')
//   COPY t FROM 'f' DELIMITER '|' CSV HEADER NULL 'x' QUOTE '"'
// Defaults follow PostgreSQL: no header; FORMAT text (the default) splits on tabs and reads
// \N as NULL, FORMAT csv splits on commas.
#include <set>

#include "columnar/value_format.h"
#include "sql/binder/statement/statement_binders.h"

namespace orbit {

namespace {

// COPY options PostgreSQL has and Orbit does not implement.
bool IsUnsupportedPostgresOption(const std::string& name) {
  static const std::set<std::string> kNames = {"freeze",     "force_quote", "force_not_null",
                                               "force_null", "default",     "oids"};
  return kNames.count(name) > 0;
}

Result<std::string> RequiredValue(const ast::CopyOption& option) {
  if (!option.value) return Status::InvalidArgument("COPY option {} needs a value", option.name);
  return *option.value;
}

Result<char> SingleCharacter(const ast::CopyOption& option) {
  ORBIT_ASSIGN_OR_RETURN(std::string value, RequiredValue(option));
  if (value.size() != 1) {
    return Status::InvalidArgument("COPY {} must be a single one-byte character, not '{}'", option.name, value);
  }
  return value[0];
}

struct CopySettings {
  std::string format = "text";
  std::optional<char> delimiter;
  std::optional<std::string> null_string;
  std::optional<char> escape;
  char quote = '"';
  bool header = false;
};

Status ApplyCopyOption(const ast::CopyOption& option, CopySettings* settings) {
  static const std::vector<std::string> kOptions = {"format", "delimiter", "header",  "null",
                                                    "quote",  "escape",    "encoding"};
  const std::string& name = option.name;
  if (name == "format") {
    ORBIT_ASSIGN_OR_RETURN(std::string format, RequiredValue(option));
    settings->format = ToLower(format);
    if (settings->format != "csv" && settings->format != "text") return Status::NotSupported("COPY format {}", format);
  } else if (name == "delimiter") {
    ORBIT_ASSIGN_OR_RETURN(settings->delimiter, SingleCharacter(option));
  } else if (name == "quote") {
    ORBIT_ASSIGN_OR_RETURN(settings->quote, SingleCharacter(option));
  } else if (name == "escape") {
    ORBIT_ASSIGN_OR_RETURN(settings->escape, SingleCharacter(option));
  } else if (name == "null") {
    ORBIT_ASSIGN_OR_RETURN(settings->null_string, RequiredValue(option));
  } else if (name == "header") {
    std::optional<bool> header = option.value ? ParseBool(*option.value) : true;
    if (!header) {
      return Status::InvalidArgument("COPY header must be true or false, not '{}'", option.value.value_or(""));
    }
    settings->header = *header;
  } else if (name == "encoding") {
    ORBIT_ASSIGN_OR_RETURN(std::string encoding, RequiredValue(option));
    std::string e = ToLower(encoding);
    if (e != "utf8" && e != "utf-8" && e != "sql_ascii") return Status::NotSupported("COPY encoding {}", encoding);
  } else if (IsUnsupportedPostgresOption(name)) {
    return Status::NotSupported("COPY option {}", name);
  } else {
    std::string suggestion = ClosestMatch(name, kOptions);
    std::string hint = suggestion.empty() ? "" : "; did you mean \"" + suggestion + "\"?";
    return Status::InvalidArgument("COPY option \"{}\" is not recognized{}", name, hint);
  }
  return Status::OK();
}

}  // namespace

Result<BoundStatement> BindCopy(const ast::CopyStatement& copy, const Catalog& catalog) {
  ORBIT_ASSIGN_OR_RETURN(TablePtr table, catalog.GetTable(copy.table));
  CopySettings settings;
  std::set<std::string> seen;
  for (const auto& option : copy.options) {
    if (!seen.insert(option.name).second) return Status::InvalidArgument("COPY option {} is given twice", option.name);
    ORBIT_RETURN_IF_ERROR(ApplyCopyOption(option, &settings));
  }
  // The reader's only escape is a doubled quote character (CSV's own rule).
  if (settings.escape && *settings.escape != settings.quote) {
    return Status::NotSupported("COPY escape character other than the quote character");
  }
  bool csv = settings.format == "csv";
  BoundStatement bound;
  bound.kind = StatementKind::kCopyFrom;
  bound.table_name = table->name();
  bound.path = copy.path;
  bound.csv_options.delimiter = settings.delimiter.value_or(csv ? ',' : '\t');
  bound.csv_options.null_string = settings.null_string.value_or(csv ? "" : "\\N");
  bound.csv_options.quote = settings.quote;
  bound.csv_options.header = settings.header;
  bound.csv_options.columns = table->schema();
  if (bound.csv_options.delimiter == bound.csv_options.quote) {
    return Status::InvalidArgument("COPY delimiter and quote must be different characters");
  }
  return bound;
}

}  // namespace orbit
