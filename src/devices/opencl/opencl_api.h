// The OpenCL entry points Orbit uses, loaded at run time from the ICD loader
// (libOpenCL.so.1) with dlopen, so the orbit binary starts and runs on machines with no
// OpenCL loader, platform or device (DESIGN rule 4). Only the headers are needed to build.
#pragma once

#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>
#include <CL/cl_ext.h>

#include <string>

namespace orbit::opencl {

struct OpenCLApi {
  decltype(&::clGetPlatformIDs) GetPlatformIDs;
  decltype(&::clGetPlatformInfo) GetPlatformInfo;
  decltype(&::clGetDeviceIDs) GetDeviceIDs;
  decltype(&::clGetDeviceInfo) GetDeviceInfo;
  decltype(&::clCreateContext) CreateContext;
  decltype(&::clReleaseContext) ReleaseContext;
  decltype(&::clCreateCommandQueue) CreateCommandQueue;
  decltype(&::clReleaseCommandQueue) ReleaseCommandQueue;
  decltype(&::clCreateProgramWithSource) CreateProgramWithSource;
  decltype(&::clCreateProgramWithBinary) CreateProgramWithBinary;
  decltype(&::clBuildProgram) BuildProgram;
  decltype(&::clGetProgramBuildInfo) GetProgramBuildInfo;
  decltype(&::clGetProgramInfo) GetProgramInfo;
  decltype(&::clReleaseProgram) ReleaseProgram;
  decltype(&::clCreateKernel) CreateKernel;
  decltype(&::clReleaseKernel) ReleaseKernel;
  decltype(&::clSetKernelArg) SetKernelArg;
  decltype(&::clCreateBuffer) CreateBuffer;
  decltype(&::clReleaseMemObject) ReleaseMemObject;
  decltype(&::clEnqueueWriteBuffer) EnqueueWriteBuffer;
  decltype(&::clEnqueueReadBuffer) EnqueueReadBuffer;
  decltype(&::clEnqueueNDRangeKernel) EnqueueNDRangeKernel;
  decltype(&::clFinish) Finish;
};

/// The loaded API, or nullptr with *why saying what is missing (no loader library, a
/// loader without an entry point). Loads once; thread-safe. ORBIT_OPENCL_LIBRARY names
/// another library to load (tests use it to simulate a machine without OpenCL).
const OpenCLApi* LoadOpenCLApi(std::string* why);

/// "CL_OUT_OF_RESOURCES (-5)": an OpenCL error code as a user can search for it.
std::string OpenCLErrorName(cl_int code);

}  // namespace orbit::opencl
