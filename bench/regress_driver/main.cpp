// orbit_regress_driver: what bench/regress runs under `valgrind --tool=callgrind`. Each
// case runs once unmeasured and once inside a measured region (measured_region.h), whose
// instruction count callgrind dumps under the case's name.
//
//   orbit_regress_driver kernels [--scale N]       every KernelCase on every host backend
//   orbit_regress_driver queries TPCH_DIR Q.sql...  TPC-H loaded (not counted), each query counted
//
// It prints the SIMD target it dispatches to, which bench/regress checks against the
// baselines' (ORBIT_SIMD_TARGET pins it).
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "kernel_cases.h"
#include "kernels/kernel_table.h"
#include "measured_region.h"
#include "orbit/database.h"

namespace orbit::regress {
namespace {

constexpr size_t kKernelRows = 64 * 1024;
constexpr uint64_t kSeed = 20261204;

/// Prints "regress: <message>" on stderr and returns the exit code 1.
template <typename... Args>
int Fail(const char* format, Args... args) {
  std::fprintf(stderr, "regress: ");
  std::fprintf(stderr, format, args...);
  std::fprintf(stderr, "\n");
  return 1;
}

int Usage() {
  std::fprintf(stderr,
               "usage: orbit_regress_driver kernels [--scale N]\n"
               "       orbit_regress_driver queries TPCH_DIR QUERY.sql...\n");
  return 2;
}

int RunKernels(size_t scale) {
  const size_t rows = kKernelRows * scale;
  const KernelInputs in = MakeKernelInputs(rows, kSeed);
  KernelOutputs out = MakeKernelOutputs(rows);
  for (const KernelTable* table : RegisteredKernelBackends()) {
    // Device backends (OpenCL, CUDA) are the ones that can fail at run time; callgrind
    // counts only the host's instructions, so only host backends are guarded.
    if (table->take_failure != nullptr) continue;
    for (const KernelCase& c : KernelCases()) {
      const std::string name = std::string("kernel/") + table->backend + "/" + c.family + "/" + c.name;
      MeasureWarm(name, [&] { c.run(*table, in, out); });
      std::printf("ran %s\n", name.c_str());
    }
  }
  return 0;
}

bool ReadFile(const std::string& path, std::string* text) {
  std::ifstream file(path);
  if (!file) return false;
  std::ostringstream buffer;
  buffer << file.rdbuf();
  *text = buffer.str();
  return true;
}

std::string Replace(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

/// Loads TPC-H from `dir` with schema_all.sql (beside the queries), one thread, the CPU
/// only, then counts each query's second run.
int RunQueries(const std::string& dir, const std::vector<std::string>& queries) {
  auto db = Database::Open();
  if (!db.ok()) return Fail("%s", db.error().ToString().c_str());
  auto con = db->Connect();
  if (!con.ok()) return Fail("%s", con.error().ToString().c_str());
  for (const auto& [name, value] : {std::pair{"threads", "1"}, {"device", "cpu"}, {"kernels", "auto"}}) {
    if (auto set = con->Set(name, value); !set.ok()) return Fail("SET %s: %s", name, set.error().ToString().c_str());
  }
  const std::string query_dir = queries.front().substr(0, queries.front().find_last_of('/') + 1);
  std::string schema;
  if (!ReadFile(query_dir + "schema_all.sql", &schema)) return Fail("cannot read %sschema_all.sql", query_dir.c_str());
  if (auto loaded = con->Query(Replace(schema, "@DATA@", dir)); !loaded.ok()) {
    return Fail("loading TPC-H from %s: %s", dir.c_str(), loaded.error().ToString().c_str());
  }
  for (const std::string& path : queries) {
    std::string sql;
    if (!ReadFile(path, &sql)) return Fail("cannot read %s", path.c_str());
    const std::string file = path.substr(path.find_last_of('/') + 1);
    const std::string name = "query/tpch/" + file.substr(0, file.find('.'));
    int64_t rows = -1;
    std::string error;
    MeasureWarm(name, [&] {
      auto result = con->Query(sql);
      if (result.ok()) rows = result->num_rows();
      if (!result.ok() && error.empty()) error = result.error().ToString();
    });
    if (!error.empty()) return Fail("%s: %s", path.c_str(), error.c_str());
    std::printf("ran %s (%lld rows)\n", name.c_str(), static_cast<long long>(rows));
  }
  return 0;
}

int Main(int argc, char** argv) {
  if (argc < 2) return Usage();
  // No performance history or calibration from disk, and none written: what earlier runs
  // measured (times) must not change what this one counts (PlacementCacheDirectory()).
  for (const char* name : {"ORBIT_CACHE_DIR", "XDG_CACHE_HOME", "HOME"}) unsetenv(name);
  std::printf("simd_target: %s\n", CpuSimdTargetName().c_str());
  const std::string mode = argv[1];
  if (mode == "kernels") {
    size_t scale = 1;
    if (argc == 4 && std::string(argv[2]) == "--scale") {
      scale = std::strtoull(argv[3], nullptr, 10);
    } else if (argc != 2) {
      return Usage();
    }
    if (scale == 0) return Fail("--scale must be a positive whole number, got '%s'", argv[3]);
    return RunKernels(scale);
  }
  if (mode == "queries" && argc >= 4) return RunQueries(argv[2], std::vector<std::string>(argv + 3, argv + argc));
  return Usage();
}

}  // namespace
}  // namespace orbit::regress

int main(int argc, char** argv) { return orbit::regress::Main(argc, argv); }
