#include "main/table_list.h"

namespace orbit {

TablePtr TableListTable(const CatalogState& state, bool persistent) {
  ColumnBuilder names(DataType::Varchar()), kinds(DataType::Varchar()), columns(DataType::Int64()),
      rows(DataType::Int64()), storage(DataType::Varchar());
  // Both maps are keyed by lower-case name, and a name is a table or a view, never both.
  auto table = state.tables.begin();
  auto view = state.views.begin();
  while (table != state.tables.end() || view != state.views.end()) {
    const bool table_next = view == state.views.end() || (table != state.tables.end() && table->first < view->first);
    if (table_next) {
      const CatalogTable& entry = table->second;
      const bool loaded = entry.table != nullptr;
      names.AppendString(loaded ? entry.table->name() : entry.pending->name);
      kinds.AppendString("table");
      columns.AppendInt64(static_cast<int64_t>(loaded ? entry.table->schema().size() : entry.pending->schema.size()));
      rows.AppendInt64(loaded ? entry.table->num_rows() : entry.pending->rows);
      storage.AppendString(entry.temporary ? "registered" : persistent ? "stored" : "memory");
      ++table;
    } else {
      names.AppendString(view->second->name);
      kinds.AppendString("view");
      columns.AppendInt64(static_cast<int64_t>(view->second->columns.size()));
      rows.AppendNull();
      storage.AppendString(persistent ? "stored" : "memory");
      ++view;
    }
  }
  Schema schema{{"name", DataType::Varchar()},
                {"kind", DataType::Varchar()},
                {"column_count", DataType::Int64()},
                {"row_count", DataType::Int64()},
                {"storage", DataType::Varchar()}};
  auto list = std::make_shared<Table>("tables", std::move(schema));
  Batch batch;
  batch.length = names.length();
  batch.columns = {names.Finish(), kinds.Finish(), columns.Finish(), rows.Finish(), storage.Finish()};
  if (batch.length > 0) list->Append(std::move(batch));
  return list;
}

}  // namespace orbit
