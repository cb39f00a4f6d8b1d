// Memory sizes as the memory settings spell them (memory_limit = '512MB'): PostgreSQL's
// units, which are powers of 1024 (kB, MB, GB, TB), their IEC spellings (KiB, MiB, GiB,
// TiB), bytes (B), and a share of the machine's physical memory ('80%').
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"

namespace orbit {

/// "512MB", "1GiB", "1.5 GB", "64kB", "100B" or "100 bytes", "80%" (of PhysicalMemoryBytes()); units are
/// case-insensitive; "0" means none. A number without a unit (other than 0), a negative
/// value, a share over 100% or an unknown unit is an InvalidArgument error naming `setting`.
Result<uint64_t> ParseMemorySize(const std::string& text, const char* setting);
/// What SHOW and the errors print: "0" for none, "512 bytes", else one decimal in the
/// largest binary unit that keeps the number at least 1 ("1.0 GiB", "1.5 MiB").
std::string FormatMemorySize(uint64_t bytes);
/// The machine's physical memory (what '80%' is a share of); 0 if it cannot be read.
uint64_t PhysicalMemoryBytes();

}  // namespace orbit
