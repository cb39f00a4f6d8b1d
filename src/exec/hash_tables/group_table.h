// GroupTable: maps GROUP BY key tuples to dense group ids (0, 1, 2, ...) with an
// open-addressing hash table over hashes computed by the hash kernels. Keys are stored
// column-wise per group; NULL is a key value of its own (SQL groups NULLs together). Its
// arrays are charged to the statement's memory account (memory_limit).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "columnar/column.h"
#include "common/large_allocation.h"

namespace orbit {

class GroupTable {
 public:
  explicit GroupTable(const std::vector<DataType>& key_types);

  /// For each of n rows, the group id of its keys, adding new groups as needed. With a
  /// `row_mask`, rows whose bit is clear are skipped and get kNoGroup.
  void FindOrInsert(const std::vector<ColumnView>& keys, const uint64_t* hashes, int64_t n, uint32_t* group_ids,
                    const uint8_t* row_mask = nullptr);
  static constexpr uint32_t kNoGroup = UINT32_MAX;
  /// The id in this table of group `g` of `other` (same key types), adding it if new.
  uint32_t FindOrInsertFrom(const GroupTable& other, uint32_t g);

  size_t size() const { return hashes_.size(); }
  /// The hash of group g's keys.
  uint64_t hash(uint32_t g) const { return hashes_[g]; }
  /// The keys as columns, one row per group in id order.
  std::vector<ColumnPtr> KeyColumns() const;

 private:
  template <typename T>
  using Array = std::vector<T, LargeAllocator<T>>;

  // One key column's stored values; only the vector matching the physical type is used.
  struct KeyStore {
    DataType type;
    PhysicalType physical;  // of `type`, looked up once: RowEquals runs per row
    Array<int64_t> ints;    // INTEGER, BIGINT, DATE, DECIMAL<=18, BOOLEAN
    Array<int128_t> wides;
    Array<uint64_t> doubles;  // normalised bit patterns: -0.0 -> 0.0, one NaN
    // VARCHAR: every group's bytes in one arena (no allocation per group), group g's at
    // [string_ends[g - 1], string_ends[g]).
    std::string chars;
    Array<uint64_t> string_ends;
    Array<uint8_t> nulls;

    std::string_view StringAt(uint32_t g) const {
      const uint64_t begin = g == 0 ? 0 : string_ends[g - 1];
      return {chars.data() + begin, static_cast<size_t>(string_ends[g] - begin)};
    }
    void AppendString(std::string_view s) {
      chars.append(s);
      string_ends.push_back(chars.size());
    }
  };

  bool RowEquals(uint32_t g, const std::vector<ColumnView>& keys, int64_t row) const;
  bool GroupEquals(uint32_t g, const GroupTable& other, uint32_t og) const;
  void AppendRow(const std::vector<ColumnView>& keys, int64_t row);
  void AppendGroup(const GroupTable& other, uint32_t og);
  uint32_t Probe(uint64_t hash, const auto& equals, const auto& append);
  void Grow();
  template <typename T>
  void FindOrInsertIntegers(const ColumnView& key, const uint64_t* hashes, int64_t n, uint32_t* group_ids);

  std::vector<KeyStore> keys_;
  Array<uint64_t> hashes_;  // per group
  Array<uint32_t> slots_;   // group id + 1; 0 = empty
  uint64_t mask_ = 0;
};

}  // namespace orbit
