// Validity bitmaps of computed columns.
#pragma once

#include <memory>

#include "columnar/buffer.h"

namespace orbit {

/// The AND of two validity bitmaps of n rows (either may be null = all valid); null when
/// both are null.
std::shared_ptr<Buffer> CombineValidity(const uint8_t* a, const uint8_t* b, int64_t n);

}  // namespace orbit
