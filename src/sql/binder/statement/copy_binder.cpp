// COPY t FROM 'file', COPY t TO 'file' and COPY (query) TO 'file' with PostgreSQL's
// options, in both forms libpg_query parses:
//   COPY t FROM 'f' WITH (FORMAT csv, DELIMITER '|', HEADER false, NULL 'x', QUOTE '"')
//   COPY t FROM 'f' DELIMITER '|' CSV HEADER NULL 'x' QUOTE '"'
// Defaults follow PostgreSQL: no header; FORMAT text (the default) splits on tabs and writes
// \N for NULL, FORMAT csv splits on commas. FORMAT parquet (the default for a *.parquet
// file) reads through read_parquet and writes with COMPRESSION zstd|snappy|uncompressed
// and ROW_GROUP_SIZE rows per row group.
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
  std::optional<std::string> format;
  std::optional<std::string> compression;
  std::optional<int64_t> row_group_size;
  std::optional<char> delimiter;
  std::optional<std::string> null_string;
  std::optional<char> escape;
  char quote = '"';
  bool header = false;
};

Status ApplyCopyOption(const ast::CopyOption& option, CopySettings* settings) {
  static const std::vector<std::string> kOptions = {"format", "delimiter", "header",      "null",          "quote",
                                                    "escape", "encoding",  "compression", "row_group_size"};
  const std::string& name = option.name;
  if (name == "format") {
    ORBIT_ASSIGN_OR_RETURN(std::string format, RequiredValue(option));
    settings->format = ToLower(format);
    if (settings->format != "csv" && settings->format != "text" && settings->format != "parquet") {
      return Status::NotSupported("COPY format {} (there are text, csv and parquet)", format);
    }
  } else if (name == "compression") {
    ORBIT_ASSIGN_OR_RETURN(std::string compression, RequiredValue(option));
    settings->compression = ToLower(compression);
    if (*settings->compression != "zstd" && *settings->compression != "snappy" &&
        *settings->compression != "uncompressed") {
      return Status::InvalidArgument("COPY compression must be zstd, snappy or uncompressed, not '{}'", compression);
    }
  } else if (name == "row_group_size") {
    ORBIT_ASSIGN_OR_RETURN(std::string rows, RequiredValue(option));
    settings->row_group_size = ParseInt64(rows);
    if (!settings->row_group_size || *settings->row_group_size < 1) {
      return Status::InvalidArgument("COPY row_group_size must be a positive number of rows, not '{}'", rows);
    }
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

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && ToLower(text.substr(text.size() - suffix.size())) == suffix;
}

// SELECT * FROM read_parquet('path'): what COPY t FROM a Parquet file inserts.
std::shared_ptr<const ast::SelectStatement> ParquetQuery(const std::string& path) {
  ast::SelectStatement select;
  auto star = std::make_shared<ast::Expr>();
  star->kind = ast::ExprKind::kStar;
  select.targets.push_back({std::move(star), ""});
  ast::TableRef ref;
  ref.name = "read_parquet";
  ref.is_function = true;
  auto argument = std::make_shared<ast::Expr>();
  argument->constant.kind = ast::ConstantKind::kString;
  argument->constant.text = path;
  ref.arguments.push_back(std::move(argument));
  select.from = std::move(ref);
  return std::make_shared<const ast::SelectStatement>(std::move(select));
}

// COPY t FROM 'x.parquet': INSERT INTO t SELECT * FROM read_parquet('x.parquet'), the
// file's columns matched to the table's by position and cast as INSERT casts them.
Result<BoundStatement> BindCopyFromParquet(const ast::CopyStatement& copy, const Table& table, const Catalog& catalog) {
  ast::InsertStatement insert;
  insert.table = table.name();
  insert.query = ParquetQuery(copy.path);
  ORBIT_ASSIGN_OR_RETURN(TableSourcePtr source, BindTableFunction(*insert.query->from, catalog));
  if (source->schema().size() != table.schema().size()) {
    return Status::BindError("COPY {} FROM '{}': the file has {} columns, the table {}", table.name(), copy.path,
                             source->schema().size(), table.schema().size());
  }
  return BindInsert(insert, catalog);
}

// COPY t TO / COPY (query) TO: the rows to write.
Result<LogicalPtr> CopyQuery(const ast::CopyStatement& copy, const Catalog& catalog) {
  if (copy.query) return BindSelect(*copy.query, catalog);
  ORBIT_ASSIGN_OR_RETURN(TablePtr table, catalog.GetTable(catalog.Resolve(copy.table)));
  ast::SelectStatement select;
  auto star = std::make_shared<ast::Expr>();
  star->kind = ast::ExprKind::kStar;
  select.targets.push_back({std::move(star), ""});
  ast::TableRef ref;
  ref.name = table->name();
  select.from = std::move(ref);
  return BindSelect(select, catalog);
}

}  // namespace

Result<BoundStatement> BindCopy(const ast::CopyStatement& copy, const Catalog& catalog) {
  CopySettings settings;
  std::set<std::string> seen;
  for (const auto& option : copy.options) {
    if (!seen.insert(option.name).second) return Status::InvalidArgument("COPY option {} is given twice", option.name);
    ORBIT_RETURN_IF_ERROR(ApplyCopyOption(option, &settings));
  }
  const std::string format = settings.format.value_or(EndsWith(copy.path, ".parquet") ? "parquet" : "text");
  const bool parquet = format == "parquet";
  if (!parquet && (settings.compression || settings.row_group_size)) {
    return Status::InvalidArgument("COPY options compression and row_group_size are for FORMAT parquet");
  }
  if (parquet && (settings.delimiter || settings.null_string || settings.escape || settings.header)) {
    return Status::InvalidArgument("COPY FORMAT parquet takes no delimiter, null, escape or header");
  }
  // The reader's only escape is a doubled quote character (CSV's own rule).
  if (settings.escape && *settings.escape != settings.quote) {
    return Status::NotSupported("COPY escape character other than the quote character");
  }
  bool csv = format == "csv";
  BoundStatement bound;
  bound.path = copy.path;
  bound.csv_options.delimiter = settings.delimiter.value_or(csv ? ',' : '\t');
  bound.csv_options.null_string = settings.null_string.value_or(csv ? "" : "\\N");
  bound.csv_options.quote = settings.quote;
  bound.csv_options.header = settings.header;
  if (bound.csv_options.delimiter == bound.csv_options.quote) {
    return Status::InvalidArgument("COPY delimiter and quote must be different characters");
  }
  if (copy.to) {
    bound.kind = StatementKind::kCopyTo;
    bound.copy_format = parquet ? CopyFormat::kParquet : (csv ? CopyFormat::kCsv : CopyFormat::kText);
    bound.parquet_options.compression = settings.compression.value_or("snappy");
    if (settings.row_group_size) bound.parquet_options.row_group_rows = *settings.row_group_size;
    ORBIT_ASSIGN_OR_RETURN(bound.plan, CopyQuery(copy, catalog));
    return bound;
  }
  ORBIT_ASSIGN_OR_RETURN(TablePtr table, catalog.GetTable(catalog.Resolve(copy.table)));
  if (parquet) return BindCopyFromParquet(copy, *table, catalog);
  bound.kind = StatementKind::kCopyFrom;
  bound.table_name = table->name();
  bound.csv_options.columns = table->schema();
  return bound;
}

}  // namespace orbit
