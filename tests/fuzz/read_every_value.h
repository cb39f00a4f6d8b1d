// Reads every value of a table the way Orbit's operators do (through column views), so
// that the sanitizers see any buffer a reader or importer left too short, any offset out
// of its characters, and any column whose parts disagree with its type. Fuzz targets only.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "columnar/list_value.h"
#include "columnar/table.h"

namespace orbit::fuzz {

/// Folds every value into a checksum the compiler cannot drop.
inline uint64_t ReadEveryValue(const Table& table) {
  uint64_t sum = 0;
  for (const Batch& batch : table.batches()) {
    if (batch.columns.size() != table.schema().size()) {
      std::fprintf(stderr, "fuzz: a batch of %zu columns in a table of %zu\n", batch.columns.size(),
                   table.schema().size());
      std::abort();
    }
    for (size_t c = 0; c < batch.columns.size(); ++c) {
      const Column& column = *batch.columns[c];
      if (column.type() != table.schema()[c].type || column.length() < batch.length) {
        std::fprintf(stderr, "fuzz: column %zu is %s with %lld rows, its schema says %s and the batch %lld\n", c,
                     column.type().ToString().c_str(), static_cast<long long>(column.length()),
                     table.schema()[c].type.ToString().c_str(), static_cast<long long>(batch.length));
        std::abort();
      }
      const ColumnView view = column.view();
      int64_t nulls = 0;
      for (int64_t i = 0; i < view.length; ++i) {
        if (!view.IsValid(i)) {
          ++nulls;
          continue;
        }
        switch (physical_type(view.type)) {
          case PhysicalType::kBit: sum += view.GetBool(i) ? 1 : 0; break;
          case PhysicalType::kInt8: sum += static_cast<uint8_t>(view.values<int8_t>()[i]); break;
          case PhysicalType::kInt16: sum += static_cast<uint16_t>(view.values<int16_t>()[i]); break;
          case PhysicalType::kInt32: sum += static_cast<uint32_t>(view.values<int32_t>()[i]); break;
          case PhysicalType::kInt64: sum += static_cast<uint64_t>(view.values<int64_t>()[i]); break;
          case PhysicalType::kInt128: sum += static_cast<uint64_t>(view.values<int128_t>()[i]); break;
          case PhysicalType::kDouble: {
            uint64_t bits;
            std::memcpy(&bits, &view.values<double>()[i], sizeof(bits));
            sum += bits;
            break;
          }
          case PhysicalType::kFloat: {
            uint32_t bits;
            std::memcpy(&bits, &view.values<float>()[i], sizeof(bits));
            sum += bits;
            break;
          }
          case PhysicalType::kFixedArray: {
            // Every byte of the row: ASan catches a buffer shorter than rows x the row's width.
            const auto width = static_cast<size_t>(view.type.byte_width());
            const auto* row = view.values<uint8_t>() + static_cast<size_t>(i) * width;
            for (size_t b = 0; b < width; ++b) sum += row[b];
            break;
          }
          case PhysicalType::kString: {
            const int32_t from = view.offsets()[i];
            const int32_t to = view.offsets()[i + 1];
            if (from < 0 || to < from) {
              std::fprintf(stderr, "fuzz: column %zu row %lld has string offsets %d..%d\n", c,
                           static_cast<long long>(i), from, to);
              std::abort();
            }
            for (char ch : view.GetString(i)) sum += static_cast<unsigned char>(ch);
            break;
          }
          case PhysicalType::kList: {
            // Offsets inside the child, then every element's text (which reads each value).
            const int32_t from = view.offsets()[i];
            const int32_t to = view.offsets()[i + 1];
            if (from < 0 || to < from || to > view.ChildView().length) {
              std::fprintf(stderr, "fuzz: column %zu row %lld has list offsets %d..%d of %lld elements\n", c,
                           static_cast<long long>(i), from, to, static_cast<long long>(view.ChildView().length));
              std::abort();
            }
            for (char ch : FormatListRow(view, i)) sum += static_cast<unsigned char>(ch);
            break;
          }
          case PhysicalType::kNone: break;
        }
      }
      if (column.null_count() != nulls) {
        std::fprintf(stderr, "fuzz: column %zu counts %lld NULLs but holds %lld\n", c,
                     static_cast<long long>(column.null_count()), static_cast<long long>(nulls));
        std::abort();
      }
    }
  }
  return sum;
}

}  // namespace orbit::fuzz
