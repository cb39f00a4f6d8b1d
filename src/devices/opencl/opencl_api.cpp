#include "devices/opencl/opencl_api.h"

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>

#include <fmt/format.h>

namespace orbit::opencl {

namespace {

struct LoadedApi {
  OpenCLApi api{};
  bool ok = false;
  std::string why;
};

template <typename Fn>
bool Resolve(void* library, const char* name, Fn* fn, std::string* why) {
  *fn = reinterpret_cast<Fn>(dlsym(library, name));
  if (*fn == nullptr && why->empty()) *why = fmt::format("the OpenCL loader has no entry point {}", name);
  return *fn != nullptr;
}

LoadedApi Load() {
  LoadedApi loaded;
  const char* override_path = std::getenv("ORBIT_OPENCL_LIBRARY");
  const char* path = override_path != nullptr && *override_path != '\0' ? override_path : "libOpenCL.so.1";
  // Never dlclose'd: drivers register exit handlers that must find their code mapped.
  void* library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* error = dlerror();
    loaded.why = fmt::format("no OpenCL loader ({})", error != nullptr ? error : path);
    return loaded;
  }
  OpenCLApi& a = loaded.api;
  std::string& why = loaded.why;
  bool ok = Resolve(library, "clGetPlatformIDs", &a.GetPlatformIDs, &why);
  ok &= Resolve(library, "clGetPlatformInfo", &a.GetPlatformInfo, &why);
  ok &= Resolve(library, "clGetDeviceIDs", &a.GetDeviceIDs, &why);
  ok &= Resolve(library, "clGetDeviceInfo", &a.GetDeviceInfo, &why);
  ok &= Resolve(library, "clCreateContext", &a.CreateContext, &why);
  ok &= Resolve(library, "clReleaseContext", &a.ReleaseContext, &why);
  ok &= Resolve(library, "clCreateCommandQueue", &a.CreateCommandQueue, &why);
  ok &= Resolve(library, "clReleaseCommandQueue", &a.ReleaseCommandQueue, &why);
  ok &= Resolve(library, "clCreateProgramWithSource", &a.CreateProgramWithSource, &why);
  ok &= Resolve(library, "clCreateProgramWithBinary", &a.CreateProgramWithBinary, &why);
  ok &= Resolve(library, "clBuildProgram", &a.BuildProgram, &why);
  ok &= Resolve(library, "clGetProgramBuildInfo", &a.GetProgramBuildInfo, &why);
  ok &= Resolve(library, "clGetProgramInfo", &a.GetProgramInfo, &why);
  ok &= Resolve(library, "clReleaseProgram", &a.ReleaseProgram, &why);
  ok &= Resolve(library, "clCreateKernel", &a.CreateKernel, &why);
  ok &= Resolve(library, "clReleaseKernel", &a.ReleaseKernel, &why);
  ok &= Resolve(library, "clSetKernelArg", &a.SetKernelArg, &why);
  ok &= Resolve(library, "clCreateBuffer", &a.CreateBuffer, &why);
  ok &= Resolve(library, "clReleaseMemObject", &a.ReleaseMemObject, &why);
  ok &= Resolve(library, "clEnqueueWriteBuffer", &a.EnqueueWriteBuffer, &why);
  ok &= Resolve(library, "clEnqueueReadBuffer", &a.EnqueueReadBuffer, &why);
  ok &= Resolve(library, "clEnqueueNDRangeKernel", &a.EnqueueNDRangeKernel, &why);
  ok &= Resolve(library, "clFinish", &a.Finish, &why);
  loaded.ok = ok;
  return loaded;
}

}  // namespace

const OpenCLApi* LoadOpenCLApi(std::string* why) {
  static const LoadedApi loaded = Load();
  if (!loaded.ok) {
    if (why != nullptr) *why = loaded.why;
    return nullptr;
  }
  return &loaded.api;
}

std::string OpenCLErrorName(cl_int code) {
  const char* name = "unknown OpenCL error";
  switch (code) {
    case CL_SUCCESS: name = "CL_SUCCESS"; break;
    case CL_DEVICE_NOT_FOUND: name = "CL_DEVICE_NOT_FOUND"; break;
    case CL_DEVICE_NOT_AVAILABLE: name = "CL_DEVICE_NOT_AVAILABLE"; break;
    case CL_COMPILER_NOT_AVAILABLE: name = "CL_COMPILER_NOT_AVAILABLE"; break;
    case CL_MEM_OBJECT_ALLOCATION_FAILURE: name = "CL_MEM_OBJECT_ALLOCATION_FAILURE"; break;
    case CL_OUT_OF_RESOURCES: name = "CL_OUT_OF_RESOURCES"; break;
    case CL_OUT_OF_HOST_MEMORY: name = "CL_OUT_OF_HOST_MEMORY"; break;
    case CL_BUILD_PROGRAM_FAILURE: name = "CL_BUILD_PROGRAM_FAILURE"; break;
    case CL_INVALID_VALUE: name = "CL_INVALID_VALUE"; break;
    case CL_INVALID_DEVICE: name = "CL_INVALID_DEVICE"; break;
    case CL_INVALID_BINARY: name = "CL_INVALID_BINARY"; break;
    case CL_INVALID_BUFFER_SIZE: name = "CL_INVALID_BUFFER_SIZE"; break;
    case CL_INVALID_KERNEL_NAME: name = "CL_INVALID_KERNEL_NAME"; break;
    case CL_INVALID_KERNEL_ARGS: name = "CL_INVALID_KERNEL_ARGS"; break;
    case CL_INVALID_ARG_INDEX: name = "CL_INVALID_ARG_INDEX"; break;
    case CL_INVALID_ARG_SIZE: name = "CL_INVALID_ARG_SIZE"; break;
    case CL_INVALID_MEM_OBJECT: name = "CL_INVALID_MEM_OBJECT"; break;
    case CL_INVALID_WORK_GROUP_SIZE: name = "CL_INVALID_WORK_GROUP_SIZE"; break;
    case CL_INVALID_GLOBAL_WORK_SIZE: name = "CL_INVALID_GLOBAL_WORK_SIZE"; break;
    case CL_PLATFORM_NOT_FOUND_KHR: name = "CL_PLATFORM_NOT_FOUND_KHR (no OpenCL platform installed)"; break;
    default: break;
  }
  return fmt::format("{} ({})", name, code);
}

}  // namespace orbit::opencl
