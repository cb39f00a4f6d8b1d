#include "exec/expression/list_cast.h"

#include <cstring>

#include "columnar/array_value.h"
#include "columnar/list_text.h"
#include "columnar/list_value.h"
#include "exec/expression/cast_row.h"

namespace orbit {

namespace {

// Casts elements [begin, end) of `elements` into `out`, a NULL staying NULL.
Status CastElements(const ColumnView& elements, int64_t begin, int64_t end, const DataType& target,
                    ColumnBuilder& out) {
  for (int64_t k = begin; k < end; ++k) {
    if (!elements.IsValid(k)) {
      out.AppendNull();
      continue;
    }
    ORBIT_RETURN_IF_ERROR(CastRow(elements, k, target, out));
  }
  return Status::OK();
}

// Row i of a T[n] column seen as a column of its n elements.
ColumnView FixedArrayElements(const ColumnView& in, int64_t i) {
  ColumnView elements;
  elements.type = in.type.element_type();
  elements.length = in.type.dimension;
  elements.data = ArrayRowAt(in, i);
  return elements;
}

// T[] to U[n]: exactly n elements, none NULL.
Status ListToFixedArray(const ColumnView& in, int64_t i, const DataType& target, ColumnBuilder& out) {
  const int32_t n = ListLength(in, i);
  if (n != static_cast<int32_t>(target.dimension)) {
    return Status::InvalidData("cannot cast an array of {} elements to {}: it needs {}", n, target.ToString(),
                               target.dimension);
  }
  const ColumnView elements = in.ChildView();
  ColumnBuilder converted(target.element_type(), n);
  for (int32_t k = ListBegin(in, i); k < ListEnd(in, i); ++k) {
    if (!elements.IsValid(k)) {
      return Status::InvalidData("cannot cast an array with a NULL element to {}: its elements are never NULL",
                                 target.ToString());
    }
    ORBIT_RETURN_IF_ERROR(CastRow(elements, k, target.element_type(), converted));
  }
  ColumnPtr column = converted.Finish();
  out.AppendArrayRow(column->values<uint8_t>());
  return Status::OK();
}

}  // namespace

Status CastListRow(const ColumnView& in, int64_t i, const DataType& target, ColumnBuilder& out) {
  const DataType& source = in.type;
  if (source.is_list() && target.is_array()) return ListToFixedArray(in, i, target, out);
  if (!target.is_list() || (!source.is_list() && !source.is_array())) {
    return Status::TypeError("cannot cast {} to {}", source.ToString(), target.ToString());
  }
  const DataType element = target.element_type();
  if (source.is_array()) {
    const ColumnView elements = FixedArrayElements(in, i);
    ORBIT_RETURN_IF_ERROR(CastElements(elements, 0, elements.length, element, out.ListElements()));
  } else {
    ORBIT_RETURN_IF_ERROR(CastElements(in.ChildView(), ListBegin(in, i), ListEnd(in, i), element, out.ListElements()));
  }
  out.FinishListRow();
  return Status::OK();
}

Status ListFromText(ColumnBuilder& out, const DataType& target, std::string_view text) {
  ORBIT_ASSIGN_OR_RETURN(auto texts, SplitListText(text));
  ColumnBuilder& elements = out.ListElements();
  for (const auto& element : texts) {
    if (!element) {
      elements.AppendNull();
      continue;
    }
    ORBIT_RETURN_IF_ERROR(CastFromText(elements, target.element_type(), *element));
  }
  out.FinishListRow();
  return Status::OK();
}

std::string ListText(const ColumnView& c, int64_t i) { return FormatListRow(c, i); }

}  // namespace orbit
