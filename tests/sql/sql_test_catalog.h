// A catalog of empty, hand-made tables for the SQL layer's tests: TPC-H's lineitem and a
// table `t` with one column of every type.
#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "sql/binder/binder.h"
#include "sql/catalog/catalog.h"

namespace orbit::sql_testing {

inline std::unique_ptr<Catalog> MakeTestCatalog() {
  auto catalog = std::make_unique<Catalog>();
  const DataType money = DataType::Decimal(15, 2);
  Schema lineitem = {
      {"l_orderkey", DataType::Int32()},
      {"l_partkey", DataType::Int32()},
      {"l_suppkey", DataType::Int32()},
      {"l_linenumber", DataType::Int32()},
      {"l_quantity", money},
      {"l_extendedprice", money},
      {"l_discount", money},
      {"l_tax", money},
      {"l_returnflag", DataType::Varchar()},
      {"l_linestatus", DataType::Varchar()},
      {"l_shipdate", DataType::Date()},
      {"l_commitdate", DataType::Date()},
      {"l_receiptdate", DataType::Date()},
      {"l_shipinstruct", DataType::Varchar()},
      {"l_shipmode", DataType::Varchar()},
      {"l_comment", DataType::Varchar()},
  };
  Schema t = {
      {"i", DataType::Int32()},        {"b", DataType::Int64()},        {"d", DataType::Double()},
      {"v", DataType::Varchar()},      {"dt", DataType::Date()},        {"flag", DataType::Boolean()},
      {"m", DataType::Decimal(15, 2)}, {"w", DataType::Decimal(30, 4)},
  };
  EXPECT_TRUE(catalog->CreateTable(std::make_shared<Table>("lineitem", lineitem)).ok());
  EXPECT_TRUE(catalog->CreateTable(std::make_shared<Table>("t", t)).ok());
  return catalog;
}

/// Binds `sql`, failing the test with the error's text if it does not bind.
inline BoundStatement MustBind(const std::string& sql, const Catalog& catalog) {
  Result<BoundStatement> bound = BindStatement(sql, catalog);
  EXPECT_TRUE(bound.ok()) << sql << "\n" << bound.status().ToString();
  if (!bound.ok()) return BoundStatement();
  return std::move(bound).value();
}

/// The error `sql` binds to (fails the test if it binds).
inline Status BindError(const std::string& sql, const Catalog& catalog) {
  Result<BoundStatement> bound = BindStatement(sql, catalog);
  EXPECT_FALSE(bound.ok()) << sql << " bound, but should not have";
  return bound.ok() ? Status::OK() : bound.status();
}

}  // namespace orbit::sql_testing
