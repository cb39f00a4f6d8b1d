// Finds and opens liborbit_parquet.so, the Parquet plugin, at run time (dlopen), the first
// time Parquet is used: the engine never links Arrow, so a build without pyarrow runs and
// says plainly that it has no Parquet support.
#pragma once

#include <string>

#include "common/status.h"
#include "io/parquet/parquet_plugin_abi.h"

namespace orbit::parquet {

/// The plugin's API, or an error saying plainly why this build has no Parquet support:
/// the plugin was not built (pyarrow absent at build time), its file is not found, it does
/// not load (a library it needs is missing), or it is of another ABI version. Loads once;
/// thread-safe. Searched: the file named by ORBIT_PARQUET_PLUGIN, then liborbit_parquet.so
/// beside the running executable, beside the library holding the engine (liborbit_c.so for
/// Python), then the loader's search path.
Result<const OrbitParquetApi*> LoadParquetPlugin();

/// Runs a plugin call's error out of the ABI: the message, freed on the plugin's side.
std::string TakePluginError(const OrbitParquetApi& api, char* error);

}  // namespace orbit::parquet
