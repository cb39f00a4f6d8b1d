// Batch: columns of equal length (an Arrow record batch). Table: a named schema and the
// batches that hold its rows, in order. Tables are immutable once built; loading and
// inserting produce new batches appended under the catalog's lock.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "columnar/column.h"

namespace orbit {

struct Field {
  std::string name;
  DataType type;
  bool not_null = false;  // a NOT NULL column of a stored table: inserts of a NULL fail
};

using Schema = std::vector<Field>;

struct Batch {
  std::vector<ColumnPtr> columns;
  int64_t length = 0;
};

class Table {
 public:
  Table(std::string name, Schema schema) : name_(std::move(name)), schema_(std::move(schema)) {}

  const std::string& name() const { return name_; }
  const Schema& schema() const { return schema_; }
  const std::vector<Batch>& batches() const { return batches_; }
  int64_t num_rows() const;
  int num_columns() const { return static_cast<int>(schema_.size()); }

  /// Adds a batch whose column types match the schema.
  void Append(Batch batch) { batches_.push_back(std::move(batch)); }

 private:
  std::string name_;
  Schema schema_;
  std::vector<Batch> batches_;
};

using TablePtr = std::shared_ptr<Table>;

}  // namespace orbit
