// The general LATERAL strategy, for subqueries decorrelation cannot take (plan/lateral.h):
// the left side runs once; for each distinct combination of the left columns the subquery
// and the ON condition read (its "binding", NULLs equal), a copy of the subquery with
// those columns as constants runs, ON filtering its rows; every left row is then paired
// with its binding's rows (a LEFT join pairs a row with none with NULLs). Each binding is a
// query of its own (optimized, planned, run with the statement's options), so this suits
// a left side with few distinct bindings; EXPLAIN names it.
#pragma once

#include <string>
#include <vector>

#include "functions/table_function.h"
#include "plan/lateral.h"

namespace orbit {

class LateralSource final : public TableSource {
 public:
  explicit LateralSource(LateralJoin join);
  std::string name() const override { return name_; }
  const Schema& schema() const override { return schema_; }
  double estimated_rows() const override { return estimated_rows_; }

 protected:
  Result<TablePtr> Produce() const override;

 private:
  LateralJoin join_;
  std::vector<int> binding_;  // the left columns the subquery and ON read
  std::string name_;
  Schema schema_;
  double estimated_rows_;
};

}  // namespace orbit
