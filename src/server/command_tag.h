// The CommandComplete tag PostgreSQL sends after each statement ("SELECT 3", "INSERT 0 5",
// "UPDATE 2", "CREATE TABLE", ...), made from the statement's leading keywords and what it
// returned or changed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace orbit::server {

/// `rows`: the rows it returned (when `returns_rows`); `rows_changed`: what INSERT, UPDATE,
/// DELETE, COPY or CREATE TABLE AS added, changed or removed (-1 for other statements).
std::string CommandTag(std::string_view statement, bool returns_rows, int64_t rows, int64_t rows_changed);

}  // namespace orbit::server
