#include "columnar/value_rows.h"

#include "columnar/column.h"

namespace orbit {

void AppendValue(ColumnBuilder& builder, const Value& v) {
  if (v.is_null) {
    builder.AppendNull();
    return;
  }
  switch (physical_type(builder.type())) {
    case PhysicalType::kBit: builder.AppendBool(v.bool_value); break;
    case PhysicalType::kInt8: builder.AppendInt8(static_cast<int8_t>(v.int_value)); break;
    case PhysicalType::kInt16: builder.AppendInt16(static_cast<int16_t>(v.int_value)); break;
    case PhysicalType::kInt32: builder.AppendInt32(static_cast<int32_t>(v.int_value)); break;
    case PhysicalType::kInt64: builder.AppendInt64(v.int_value); break;
    case PhysicalType::kInt128: builder.AppendInt128(v.wide_value); break;
    case PhysicalType::kDouble: builder.AppendDouble(v.double_value); break;
    case PhysicalType::kString: builder.AppendString(v.string_value); break;
    case PhysicalType::kFloat: builder.AppendFloat(static_cast<float>(v.double_value)); break;
    case PhysicalType::kFixedArray: builder.AppendArrayRow(v.array_data.data()); break;
    case PhysicalType::kList: {
      ColumnBuilder& elements = builder.ListElements();
      for (const Value& e : v.elements) AppendValue(elements, e);
      builder.FinishListRow();
      break;
    }
    case PhysicalType::kNone: builder.AppendNull(); break;
  }
}

Batch RowsToBatch(const Schema& schema, const std::vector<std::vector<Value>>& rows) {
  Batch batch;
  batch.length = static_cast<int64_t>(rows.size());
  for (size_t c = 0; c < schema.size(); ++c) {
    ColumnBuilder builder(schema[c].type, batch.length);
    for (const auto& row : rows) AppendValue(builder, row[c]);
    batch.columns.push_back(builder.Finish());
  }
  return batch;
}

}  // namespace orbit
