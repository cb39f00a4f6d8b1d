// libFuzzer target for the calibration file (placement/device_figures.h, written by
// `orbit calibrate`): the input is the file. Loading it must give its devices' figures or,
// for a corrupt file, a warning and none; the first byte, when odd, also saves a device's
// figures over it (which reads it again and merges). Nothing may crash, throw or trip a
// sanitizer.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "common/check.h"
#include "fuzz_file.h"
#include "placement/calibration.h"
#include "placement/device_figures.h"

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  orbit::SetCheckFailuresAbort(true);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string path = orbit::fuzz::ScratchPath("calibration-fuzzer", "calibration.json");
  if (size > 64 * 1024) return -1;
  const bool save = size > 0 && (data[0] & 1) != 0;
  orbit::fuzz::WriteWhole(path, data, size);
  size_t described = 0;
  for (const auto& [id, figures] : orbit::LoadCalibration(path)) {
    if (id != figures.device_id || !figures.measured) {
      std::fprintf(stderr, "calibration_fuzzer: device %s was loaded as %s\n", id.c_str(), figures.device_id.c_str());
      std::abort();
    }
    described += orbit::DescribeFigures(figures).size();
  }
  if (save) {
    auto status = orbit::SaveCalibration(path, {{"cpu", orbit::DefaultHostFigures("cpu", "fuzz host")}});
    if (!status.ok() && status.code() == orbit::StatusCode::kInternal) {
      std::fprintf(stderr, "calibration_fuzzer: %s\n", status.ToString().c_str());
      std::abort();
    }
  }
  volatile size_t keep = described;
  (void)keep;
  return 0;
}
