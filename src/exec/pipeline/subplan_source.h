// Table sources whose rows come from running plans of their own when the scan reading them
// is produced: a CTE AS MATERIALIZED (its query run once, every reference reading that one
// result) and WITH RECURSIVE (the non-recursive term, then the recursive term again and
// again over the rows the last round added, until a round adds none). They run with the
// options of the statement's ExecutePlan (threads, device, cancellation).
#pragma once

#include <memory>
#include <string>

#include "functions/table_function.h"
#include "plan/logical_plan.h"

namespace orbit {

/// Optimizes, plans and runs a plan of a table source's own with the statement's execution
/// options (CurrentExecutionOptions): what a subplan, a recursive CTE's rounds and the
/// LATERAL sources run.
Result<TablePtr> RunSubplan(LogicalPtr plan);

/// A query run once; every scan of this source reads its one result.
class SubplanSource final : public TableSource {
 public:
  SubplanSource(std::string name, LogicalPtr plan);
  std::string name() const override { return name_; }
  const Schema& schema() const override { return schema_; }
  double estimated_rows() const override { return estimated_rows_; }

 protected:
  Result<TablePtr> Produce() const override;

 private:
  std::string name_;
  Schema schema_;
  double estimated_rows_;
  LogicalPtr plan_;
};

/// WITH RECURSIVE name AS (anchor UNION [ALL] step): `step` reads `working` (a table of the
/// anchor's columns) where the query names itself; each round runs a copy of `step` over the
/// rows the round before added. UNION keeps only rows not seen before (NULLs equal), and the
/// rounds stop when one adds none; UNION ALL stops at a round that returns none.
class RecursiveCteSource final : public TableSource {
 public:
  RecursiveCteSource(std::string name, bool union_all, LogicalPtr anchor, LogicalPtr step, TablePtr working);
  std::string name() const override { return name_; }
  const Schema& schema() const override { return schema_; }
  double estimated_rows() const override { return estimated_rows_; }

 protected:
  Result<TablePtr> Produce() const override;

 private:
  std::string name_;
  bool union_all_;
  Schema schema_;
  double estimated_rows_;
  LogicalPtr anchor_;
  LogicalPtr step_;
  TablePtr working_;
};

}  // namespace orbit
