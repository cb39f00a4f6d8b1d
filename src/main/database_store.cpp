#include "main/database_store.h"

#include <algorithm>
#include <set>

#include "io/parquet/parquet_file.h"
#include "io/parquet/parquet_plugin_loader.h"
#include "io/parquet/parquet_scan.h"
#include "io/parquet/parquet_writer.h"
#include "sql/binder/statement/statement_binders.h"
#include "sql/parser/parser.h"

namespace orbit {

namespace {

// A table holding more files than this is written again as one (many small INSERTs would
// otherwise leave a file each).
constexpr size_t kMaxFilesPerTable = 32;

bool SameTypes(const Schema& a, const Schema& b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](const Field& x, const Field& y) { return x.type == y.type; });
}

// Whether `next` starts with every batch of `base` as it is (the same buffers): then only
// the batches after them are new.
bool StartsWith(const Table& next, const Table& base) {
  if (!SameTypes(next.schema(), base.schema()) || base.batches().size() > next.batches().size()) return false;
  for (size_t i = 0; i < base.batches().size(); ++i) {
    const Batch& a = base.batches()[i];
    const Batch& b = next.batches()[i];
    if (a.length != b.length || a.columns != b.columns) return false;
  }
  return true;
}

// Reads a stored table's files, checking them against what the catalog says they hold.
Result<TablePtr> ReadStoredTable(const StoredTable& stored, const std::vector<ParquetFilePtr>& files) {
  auto table = std::make_shared<Table>(stored.name, stored.schema);
  std::vector<int> columns(stored.schema.size());
  for (size_t i = 0; i < columns.size(); ++i) columns[i] = static_cast<int>(i);
  for (const ParquetFilePtr& file : files) {
    // Files written before a column was renamed keep its old name: only the types must agree.
    if (!SameTypes(file->schema(), stored.schema)) {
      return Status::IOError("{}: damaged database: the file's columns are not those of table \"{}\"", file->path(),
                             stored.name);
    }
    ORBIT_ASSIGN_OR_RETURN(ParquetScanResult scanned, ScanParquet({file}, columns, {}, stored.name));
    for (const Batch& batch : scanned.table->batches()) {
      if (batch.length > 0) table->Append(batch);
    }
  }
  if (table->num_rows() != stored.rows) {
    return Status::IOError("damaged database: table \"{}\" should hold {} rows, its files hold {}", stored.name,
                           stored.rows, table->num_rows());
  }
  return table;
}

Result<std::vector<ParquetFilePtr>> OpenFiles(const DatabaseFolder& folder, const StoredTable& stored) {
  std::vector<ParquetFilePtr> files;
  for (const std::string& name : stored.files) {
    ORBIT_ASSIGN_OR_RETURN(ParquetFilePtr file, ParquetFile::Open(folder.TableFilePath(name)));
    files.push_back(std::move(file));
  }
  return files;
}

Result<ast::ExprPtr> ParseDefault(const std::string& table, const std::string& column, const std::string& sql) {
  Result<ast::Statement> parsed = ParseStatement("SELECT " + sql);
  auto* select = parsed.ok() ? std::get_if<ast::SelectStatement>(&parsed->node) : nullptr;
  if (select == nullptr || select->targets.size() != 1) {
    return Status::IOError("damaged database: the DEFAULT of column \"{}\" of table \"{}\" does not parse: {}", column,
                           table, sql);
  }
  return select->targets[0].expr;
}

Result<ViewPtr> ParseView(const StoredView& stored) {
  Result<ast::Statement> parsed = ParseStatement(stored.sql);
  auto* create = parsed.ok() ? std::get_if<ast::CreateViewStatement>(&parsed->node) : nullptr;
  if (create == nullptr || parsed->parameter_count > 0) {
    return Status::IOError("damaged database: view \"{}\" does not parse: {}", stored.name,
                           parsed.ok() ? "not a CREATE VIEW statement" : parsed.status().message());
  }
  auto view = std::make_shared<ViewDefinition>();
  view->name = stored.name;
  view->column_aliases = create->column_aliases;
  view->query = create->query;
  view->columns = stored.columns;
  view->sql = stored.sql;
  return ViewPtr(std::move(view));
}

Result<StoredView> StoreView(const ViewDefinition& view) {
  // What is stored must open again: a view made by a prepared statement's text cannot.
  StoredView stored{view.name, view.sql, view.columns};
  if (view.sql.empty() || !ParseView(stored).ok()) {
    return Status::NotSupported("view \"{}\" cannot be stored in a database (its definition does not parse alone)",
                                view.name);
  }
  return stored;
}

}  // namespace

Result<std::unique_ptr<DatabaseStore>> DatabaseStore::Open(const std::string& path, bool read_only, Catalog* catalog) {
  // Tables are stored as Parquet: without the plugin a database can be neither read nor written.
  Result<const OrbitParquetApi*> parquet = parquet::LoadParquetPlugin();
  if (!parquet.ok()) {
    return Status::NotSupported("a database folder stores its tables as Parquet, and {}", parquet.status().message());
  }
  ORBIT_ASSIGN_OR_RETURN(std::unique_ptr<DatabaseFolder> folder, DatabaseFolder::Open(path, read_only));
  std::unique_ptr<DatabaseStore> store(new DatabaseStore(std::move(folder)));
  ORBIT_RETURN_IF_ERROR(store->Register(catalog));
  return store;
}

Status DatabaseStore::Register(Catalog* catalog) {
  // A reader opens every file now: a writer in another process may remove them once its
  // catalog stops naming them, and an open file stays readable. If one went between reading
  // the catalog and opening it, the catalog is newer: read it again.
  std::vector<std::vector<ParquetFilePtr>> opened;
  for (int attempt = 0; read_only() && attempt < 5; ++attempt) {
    opened.clear();
    Status status = Status::OK();
    for (const StoredTable& stored : folder_->manifest().tables) {
      Result<std::vector<ParquetFilePtr>> files = OpenFiles(*folder_, stored);
      if (!files.ok()) {
        status = files.status();
        break;
      }
      opened.push_back(std::move(files).value());
    }
    if (status.ok()) break;
    if (attempt == 4) return status;
    ORBIT_RETURN_IF_ERROR(folder_->Reread());
  }
  const std::vector<StoredTable>& tables = folder_->manifest().tables;
  for (size_t i = 0; i < tables.size(); ++i) {
    const StoredTable& stored = tables[i];
    TableConstraints constraints;
    for (const auto& [column, sql] : stored.defaults) {
      ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr expr, ParseDefault(stored.name, column, sql));
      constraints.defaults[column] = ColumnDefault{std::move(expr), sql};
    }
    for (const StoredKey& key : stored.keys) constraints.keys.push_back(UniqueKey{key.name, key.columns, key.primary});
    for (const StoredCheck& check : stored.checks) {
      ORBIT_ASSIGN_OR_RETURN(ast::ExprPtr expr, ParseDefault(stored.name, check.name, "(" + check.sql + ")"));
      Result<CheckConstraint> bound = BindCheck({check.name, expr, check.sql, -1}, stored.name, stored.schema, {});
      if (!bound.ok()) {
        return Status::IOError("damaged database: check constraint \"{}\" of table \"{}\" does not bind: {}",
                               check.name, stored.name, bound.status().message());
      }
      constraints.checks.push_back(std::move(bound).value());
    }
    auto pending = std::make_shared<PendingTable>();
    pending->name = stored.name;
    pending->schema = stored.schema;
    pending->rows = stored.rows;
    if (read_only()) {
      pending->loader = [stored, files = opened[i]] { return ReadStoredTable(stored, files); };
    } else {
      pending->loader = [stored, folder = folder_.get()]() -> Result<TablePtr> {
        ORBIT_ASSIGN_OR_RETURN(std::vector<ParquetFilePtr> files, OpenFiles(*folder, stored));
        return ReadStoredTable(stored, files);
      };
    }
    committed_.push_back(CommittedTable{nullptr, pending, stored});
    catalog->AddPendingTable(std::move(pending), std::move(constraints));
  }
  for (const StoredView& stored : folder_->manifest().views) {
    ORBIT_ASSIGN_OR_RETURN(ViewPtr view, ParseView(stored));
    ORBIT_RETURN_IF_ERROR(catalog->CreateView(std::move(view), /*replace=*/true));
  }
  std::set<std::string> schemas;
  for (const std::string& schema : folder_->manifest().schemas) schemas.insert(ToLower(schema));
  catalog->SetSchemas(std::move(schemas));
  return Status::OK();
}

Status DatabaseStore::Commit(const CatalogState& state) {
  DatabaseManifest next = folder_->manifest();
  next.tables.clear();
  next.views.clear();
  next.schemas.assign(state.schemas.begin(), state.schemas.end());
  std::vector<CommittedTable> committed;
  for (const auto& [key, entry] : state.tables) {
    if (entry.temporary) continue;
    ORBIT_ASSIGN_OR_RETURN(StoredTable stored, Store(entry, &next));
    auto constraints = state.constraints.find(key);
    if (constraints != state.constraints.end()) {
      for (const auto& [column, value] : constraints->second.defaults) {
        if (value.sql.empty()) {
          return Status::NotSupported("the DEFAULT of column \"{}\" of table \"{}\" cannot be stored", column,
                                      stored.name);
        }
        stored.defaults[column] = value.sql;
      }
      for (const UniqueKey& key : constraints->second.keys) {
        stored.keys.push_back(StoredKey{key.name, key.columns, key.primary});
      }
      for (const CheckConstraint& check : constraints->second.checks) {
        stored.checks.push_back(StoredCheck{check.name, check.sql});
      }
    }
    next.tables.push_back(stored);
    committed.push_back(CommittedTable{entry.table, entry.pending, std::move(stored)});
  }
  for (const auto& [key, view] : state.views) {
    ORBIT_ASSIGN_OR_RETURN(StoredView stored, StoreView(*view));
    next.views.push_back(std::move(stored));
  }
  ORBIT_RETURN_IF_ERROR(folder_->Commit(std::move(next)));
  committed_ = std::move(committed);
  return Status::OK();
}

Result<StoredTable> DatabaseStore::Store(const CatalogTable& entry, DatabaseManifest* next) const {
  // The rows a committed table holds in memory: a pending one's once it was read.
  auto rows_of = [](const CommittedTable& c) -> TablePtr {
    if (c.table) return c.table;
    if (!c.pending) return nullptr;
    std::lock_guard lock(c.pending->mutex);
    return c.pending->loaded;
  };
  if (!entry.table) {  // still pending: its files as they are
    for (const CommittedTable& c : committed_) {
      if (c.pending == entry.pending) return c.stored;
    }
    return Status::Internal("pending table \"{}\" is not one the database stores", entry.pending->name);
  }
  const Table& table = *entry.table;
  StoredTable stored{table.name(), table.schema(), {}, table.num_rows(), {}, {}, {}};
  // Unchanged, or grown from a committed table (INSERT, COPY): keep its files, add the rest.
  const CommittedTable* base = nullptr;
  TablePtr base_rows;
  for (const CommittedTable& c : committed_) {
    TablePtr rows = rows_of(c);
    if (rows && StartsWith(table, *rows) && (!base || rows->batches().size() > base_rows->batches().size())) {
      base = &c;
      base_rows = rows;
    }
  }
  size_t first_new = 0;
  if (base) {
    stored.files = base->stored.files;
    first_new = base_rows->batches().size();
  }
  std::vector<Batch> added(table.batches().begin() + static_cast<std::ptrdiff_t>(first_new), table.batches().end());
  if (stored.files.size() >= kMaxFilesPerTable) {
    stored.files.clear();
    added = table.batches();
  }
  ORBIT_RETURN_IF_ERROR(WriteFile(table.name(), table.schema(), added, next, &stored));
  return stored;
}

Status DatabaseStore::WriteFile(const std::string& name, const Schema& schema, const std::vector<Batch>& batches,
                                DatabaseManifest* next, StoredTable* stored) const {
  auto part = std::make_shared<Table>(name, schema);
  for (const Batch& batch : batches) {
    if (batch.length > 0) part->Append(batch);
  }
  if (part->num_rows() == 0) return Status::OK();
  const std::string file = DatabaseFolder::NewTableFileName(next);
  ORBIT_RETURN_IF_ERROR(WriteParquet(part, folder_->TableFilePath(file), ParquetWriteOptions{}).status());
  stored->files.push_back(file);
  return Status::OK();
}

}  // namespace orbit
