// Orbit from C++: open a database, load a CSV file, run a query and read the result
// through the Arrow C Stream Interface, as any Arrow consumer would.
//
//   query_csv cities.csv
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <string_view>

#include "orbit/orbit.h"

namespace {

bool IsValid(const ArrowArray& column, int64_t row) {
  const auto* validity = static_cast<const uint8_t*>(column.buffers[0]);
  const int64_t i = column.offset + row;
  return validity == nullptr || (validity[i / 8] >> (i % 8)) & 1;
}

// One cell of a VARCHAR ("u") or BIGINT ("l") column as text; the query below asks for no
// other types.
std::string Cell(const ArrowSchema& type, const ArrowArray& column, int64_t row) {
  if (!IsValid(column, row)) return "NULL";
  const int64_t i = column.offset + row;
  if (std::strcmp(type.format, "u") == 0) {
    const auto* offsets = static_cast<const int32_t*>(column.buffers[1]);
    const auto* chars = static_cast<const char*>(column.buffers[2]);
    return std::string(chars + offsets[i], offsets[i + 1] - offsets[i]);
  }
  if (std::strcmp(type.format, "l") == 0) return std::to_string(static_cast<const int64_t*>(column.buffers[1])[i]);
  return std::string("<") + type.format + ">";
}

int Fail(const orbit::Error& error) {
  std::cerr << error.ToString() << '\n';
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: query_csv <cities.csv>\n";
    return 2;
  }
  auto database = orbit::Database::Open();
  if (!database.ok()) return Fail(database.error());
  auto connection = database->Connect();
  if (!connection.ok()) return Fail(connection.error());

  std::string load =
      "CREATE TABLE cities (name VARCHAR, country VARCHAR, population BIGINT);"
      "COPY cities FROM '" +
      std::string(argv[1]) + "' (DELIMITER ',', HEADER true)";
  if (auto loaded = connection->Query(load); !loaded.ok()) return Fail(loaded.error());
  auto result = connection->Query(
      "SELECT country, sum(population)::BIGINT AS people, count(*) AS cities "
      "FROM cities GROUP BY country ORDER BY country");
  if (!result.ok()) return Fail(result.error());

  // The stream's batches point at Orbit's buffers; releasing them lets Orbit free those.
  ArrowArrayStream stream{};
  if (auto exported = result->ExportArrow(&stream); !exported.ok()) return Fail(exported.error());
  ArrowSchema schema{};
  if (stream.get_schema(&stream, &schema) != 0) {
    std::cerr << "get_schema failed: " << stream.get_last_error(&stream) << '\n';
    return 1;
  }
  for (int64_t c = 0; c < schema.n_children; ++c) std::cout << (c ? "," : "") << schema.children[c]->name;
  std::cout << '\n';
  int status = 0;
  while (true) {
    ArrowArray batch{};
    if (stream.get_next(&stream, &batch) != 0) {
      std::cerr << "get_next failed: " << stream.get_last_error(&stream) << '\n';
      status = 1;
      break;
    }
    if (batch.release == nullptr) break;  // the end of the stream
    for (int64_t r = 0; r < batch.length; ++r) {
      for (int64_t c = 0; c < batch.n_children; ++c) {
        std::cout << (c ? "," : "") << Cell(*schema.children[c], *batch.children[c], batch.offset + r);
      }
      std::cout << '\n';
    }
    batch.release(&batch);
  }
  schema.release(&schema);
  stream.release(&stream);
  return status;
}
