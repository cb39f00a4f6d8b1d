// Orbit's OpenCL program (every .cl file of this folder, embedded at build time): built
// for a device at first use and kept for the life of the process, one per device. A
// built binary is also kept on disk under the user's cache directory, so later processes
// skip the compiler (PoCL runs LLVM on every source build).
#pragma once

#include <mutex>
#include <string>

#include "common/status.h"
#include "devices/opencl/opencl_device.h"

namespace orbit::opencl {

/// A kernel of the program. It is shared by every thread: hold *mutex while setting its
/// arguments and enqueueing it (OpenCL captures the arguments at enqueue time).
struct SharedKernel {
  cl_kernel kernel = nullptr;
  std::mutex* mutex = nullptr;
};

/// The named kernel on `device`, building the program if this is the first use there. A
/// build failure is a DeviceError carrying the compiler's log, and is remembered: later
/// calls fail the same way without compiling again.
Result<SharedKernel> GetKernel(const OpenCLDevice& device, const std::string& name);

/// A one-word buffer for optional arguments that are absent (OpenCL needs a buffer).
Result<cl_mem> PlaceholderBuffer(const OpenCLDevice& device);

/// The directory of the on-disk program cache: $ORBIT_CACHE_DIR, else
/// $XDG_CACHE_HOME/orbit, else ~/.cache/orbit; empty when none can be found.
std::string ProgramCacheDirectory();

}  // namespace orbit::opencl
