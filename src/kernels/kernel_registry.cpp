// The one list of kernel backends. Adding a backend (CUDA, OpenCL, ...) means adding one
// line to kBackends: a function returning its table, or nullptr where it cannot run here
// (no driver, no device), so a machine only ever lists backends it can use. The list is
// explicit rather than filled by static registrar objects because orbit_core is a static
// library and the linker drops object files that nothing references.
#include "kernels/kernel_registry.h"

namespace orbit {
namespace {

using BackendTableFn = const KernelTable* (*)();

constexpr BackendTableFn kBackends[] = {
    [] { return &ReferenceKernels(); },  // must stay first: the oracle
    [] { return &SimdKernels(); },
    [] { return CudaKernelsIfPresent(); },
    [] { return OpenCLKernelsIfPresent(); },
};

}  // namespace

std::vector<const KernelTable*> RegisteredKernelBackends() {
  std::vector<const KernelTable*> tables;
  for (BackendTableFn backend : kBackends) {
    if (const KernelTable* table = backend()) tables.push_back(table);
  }
  return tables;
}

const KernelTable* FindKernelBackend(std::string_view name) {
  for (const KernelTable* table : RegisteredKernelBackends()) {
    if (table->backend == name) return table;
  }
  return nullptr;
}

}  // namespace orbit
