#include "orbit/orbit.h"

namespace orbit {

// ORBIT_VERSION comes from the project() version in CMakeLists.txt.
const char* Version() noexcept { return ORBIT_VERSION; }

}  // namespace orbit
