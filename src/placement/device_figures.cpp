#include "placement/device_figures.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "placement/cache_directory.h"

namespace orbit {

namespace {

constexpr const char* kFormatName = "orbit-calibration";
constexpr int kFormatVersion = 1;

nlohmann::json ToJson(const DeviceFigures& f) {
  nlohmann::json per_row = nlohmann::json::object();
  for (size_t i = 0; i < kKernelFamilyCount; ++i) {
    per_row[KernelFamilyName(static_cast<KernelFamily>(i))] = f.seconds_per_row[i];
  }
  return {{"name", f.device_name},
          {"source", f.source},
          {"memory_bytes_per_second", f.memory_bytes_per_second},
          {"link_bytes_per_second", f.link_bytes_per_second},
          {"launch_seconds", f.launch_seconds},
          {"session_seconds", f.session_seconds},
          {"setup_seconds", f.setup_seconds},
          {"seconds_per_row", per_row}};
}

DeviceFigures FromJson(const std::string& id, const nlohmann::json& j) {
  DeviceFigures f;
  f.device_id = id;
  f.device_name = j.at("name").get<std::string>();
  f.measured = true;
  f.source = j.value("source", "orbit calibrate");
  f.memory_bytes_per_second = j.at("memory_bytes_per_second").get<double>();
  f.link_bytes_per_second = j.at("link_bytes_per_second").get<double>();
  f.launch_seconds = j.at("launch_seconds").get<double>();
  f.setup_seconds = j.at("setup_seconds").get<double>();
  f.session_seconds = j.at("session_seconds").get<double>();
  for (size_t i = 0; i < kKernelFamilyCount; ++i) {
    f.seconds_per_row[i] = j.at("seconds_per_row").at(KernelFamilyName(static_cast<KernelFamily>(i))).get<double>();
  }
  bool sane = std::isfinite(f.launch_seconds) && f.launch_seconds >= 0 && std::isfinite(f.setup_seconds) &&
              f.setup_seconds >= 0 && std::isfinite(f.session_seconds) && f.session_seconds >= 0 &&
              f.link_bytes_per_second >= 0 && f.memory_bytes_per_second >= 0;
  for (double s : f.seconds_per_row) sane = sane && std::isfinite(s) && s >= 0;
  if (!sane) throw std::invalid_argument("figures out of range for " + id);
  return f;
}

}  // namespace

const char* KernelFamilyName(KernelFamily family) {
  switch (family) {
    case KernelFamily::kFilter: return "filter";
    case KernelFamily::kArithmetic: return "arithmetic";
    case KernelFamily::kSum: return "sum";
    case KernelFamily::kGroupedAggregate: return "grouped_aggregate";
    case KernelFamily::kHash: return "hash";
  }
  return "?";
}

DeviceFigures DefaultHostFigures(const std::string& id, const std::string& name) {
  // A plain core of today: about 1 ns per row and kernel, 10 GB/s.
  DeviceFigures f;
  f.device_id = id;
  f.device_name = name;
  f.memory_bytes_per_second = 10e9;
  f.launch_seconds = 50e-9;
  f.seconds_per_row = {1e-9, 1e-9, 0.5e-9, 3e-9, 1.5e-9};
  return f;
}

DeviceFigures DefaultAcceleratorFigures(const std::string& id, const std::string& name) {
  // Pessimistic on purpose: a slow link, a long launch, no faster than one host core per
  // row, and an expensive first use; measuring (orbit calibrate, or history) lifts them.
  DeviceFigures f = DefaultHostFigures(id, name);
  f.link_bytes_per_second = 2e9;
  f.launch_seconds = 100e-6;
  f.session_seconds = 1e-3;
  f.setup_seconds = 0.5;
  return f;
}

std::string CalibrationFilePath() {
  const std::string dir = PlacementCacheDirectory();
  return dir.empty() ? "" : dir + "/calibration.json";
}

std::map<std::string, DeviceFigures> LoadCalibration(const std::string& path) {
  std::map<std::string, DeviceFigures> figures;
  if (path.empty()) return figures;
  std::ifstream file(path);
  if (!file) return figures;
  std::stringstream text;
  text << file.rdbuf();
  nlohmann::json json = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  try {
    if (json.is_discarded()) throw std::invalid_argument("not valid JSON: corrupt or truncated");
    // An integer check first: value<int> of a version such as 5e101 would be undefined behaviour.
    const bool version_ok =
        json.contains("version") && json["version"].is_number_integer() && json["version"] == kFormatVersion;
    if (json.value("format", "") != kFormatName || !version_ok) {
      throw std::invalid_argument("not a version " + std::to_string(kFormatVersion) + " Orbit calibration file");
    }
    for (const auto& [id, entry] : json.at("devices").items()) figures[id] = FromJson(id, entry);
  } catch (const std::exception& e) {
    std::cerr << "orbit: warning: calibration file " << path << " is unreadable (" << e.what()
              << "); using conservative defaults (run `orbit calibrate` to measure again)\n";
    figures.clear();
  }
  return figures;
}

Status SaveCalibration(const std::string& path, const std::map<std::string, DeviceFigures>& figures) {
  if (path.empty()) return Status::IOError("no cache folder: set ORBIT_CACHE_DIR or HOME");
  std::map<std::string, DeviceFigures> all = LoadCalibration(path);
  for (const auto& [id, f] : figures) all[id] = f;
  nlohmann::json devices = nlohmann::json::object();
  for (const auto& [id, f] : all) devices[id] = ToJson(f);
  nlohmann::json json = {{"format", kFormatName}, {"version", kFormatVersion}, {"devices", devices}};
  std::error_code error;
  const std::filesystem::path file(path);
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), error);
  const std::string temporary = fmt::format("{}.tmp.{}", path, ::getpid());
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << json.dump(1) << '\n';
    out.flush();
    if (!out) {
      std::remove(temporary.c_str());
      return Status::IOError("cannot write calibration figures to {}", temporary);
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    return Status::IOError("cannot replace {}", path);
  }
  return Status::OK();
}

}  // namespace orbit
