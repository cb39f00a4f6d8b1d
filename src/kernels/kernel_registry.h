// Lookup helpers over the registered kernel backends (RegisteredKernelBackends() in
// kernel_table.h). The list itself lives in kernel_registry.cpp.
#pragma once

#include <string_view>

#include "kernels/kernel_table.h"

namespace orbit {

/// The registered backend named `name` ("reference", "cpu-simd", ...), or nullptr when no
/// such backend is usable on this machine.
const KernelTable* FindKernelBackend(std::string_view name);

}  // namespace orbit
