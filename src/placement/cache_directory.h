// Where placement keeps what it learns between processes (calibration figures and the
// performance database): $ORBIT_CACHE_DIR, else $XDG_CACHE_HOME/orbit, else ~/.cache/orbit
// (the same folder as the OpenCL program cache). Read at each call, so tests can point it
// at a temporary folder.
#pragma once

#include <string>

namespace orbit {

/// The cache folder (not created here); empty when no folder can be named (no HOME).
std::string PlacementCacheDirectory();

}  // namespace orbit
