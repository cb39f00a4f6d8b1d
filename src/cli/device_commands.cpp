#include "device_commands.h"

#include <iostream>

#include "orbit/devices.h"

namespace orbit::cli {

int RunDevicesCommand(std::ostream& out) {
  Expected<std::string> report = DescribeDevices();
  if (!report.ok()) {
    std::cerr << report.error().ToString() << '\n';
    return 1;
  }
  out << *report;
  return 0;
}

int RunCalibrateCommand(int64_t rows, int repetitions, std::ostream& out) {
  int exit_code = 0;
  Expected<std::string> saved = CalibrateDevices(
      rows, repetitions, [&](const std::string& line) { out << line << '\n'; },
      [&](const Error& error) {
        std::cerr << error.ToString() << '\n';
        exit_code = 1;  // the other devices are still measured and saved
      });
  if (!saved.ok()) {
    std::cerr << saved.error().ToString() << '\n';
    return 1;
  }
  out << "saved to " << *saved << '\n';
  return exit_code;
}

}  // namespace orbit::cli
