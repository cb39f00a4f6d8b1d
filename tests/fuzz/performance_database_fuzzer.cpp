// libFuzzer target for the performance database's file (placement/performance_database.h):
// the input is the file. Loading it must give its entries or, for a corrupt file, a
// warning and an empty database; the first byte, when odd, also records a sample and
// flushes (the merge reads the file again and rewrites it). Nothing may crash, throw or
// trip a sanitizer.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "common/check.h"
#include "fuzz_file.h"
#include "placement/performance_database.h"

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  orbit::SetCheckFailuresAbort(true);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = orbit::fuzz::ScratchPath("performance-database-fuzzer", "performance.json");
  if (size > 64 * 1024) return -1;
  const bool flush = size > 0 && (data[0] & 1) != 0;
  orbit::fuzz::WriteWhole(path, data, size);
  orbit::PerformanceDatabase database(path);
  database.Load();
  double sum = 0;
  for (const auto& [key, stats] : database.Entries()) {
    auto found = database.Lookup(key);
    if (!found) {
      std::fprintf(stderr, "performance_database_fuzzer: an entry Lookup cannot find\n");
      std::abort();
    }
    sum += found->variance() + found->coefficient_of_variation() + found->mean_rows;
  }
  if (flush) {
    database.Record({"fuzz", "cpu", orbit::SizeBucket(static_cast<int64_t>(size))}, 0.001, static_cast<int64_t>(size));
    auto status = database.Flush();
    if (!status.ok() && status.code() == orbit::StatusCode::kInternal) {
      std::fprintf(stderr, "performance_database_fuzzer: %s\n", status.ToString().c_str());
      std::abort();
    }
  }
  volatile double keep = sum;
  (void)keep;
  return 0;
}
