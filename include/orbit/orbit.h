// Orbit's C++ API: open a database, connect, run SQL, read results as text or as Arrow.
// Self-contained: it needs only this include folder and liborbit (find_package(orbit),
// target orbit::orbit). The C API is orbit/c_api.h.
//
//   auto db = orbit::Database::Open();
//   auto con = db->Connect();
//   auto result = con->Query("SELECT 42 AS answer");
//   if (result.ok()) std::cout << *result->GetText(0, 0) << '\n';
#pragma once

#include "orbit/arrow_c_abi.h"
#include "orbit/database.h"
#include "orbit/devices.h"
#include "orbit/error.h"
#include "orbit/export.h"
#include "orbit/query_result.h"

namespace orbit {

/// @return Orbit's version, e.g. "0.1.0"
ORBIT_EXPORT const char* Version() noexcept;

}  // namespace orbit
