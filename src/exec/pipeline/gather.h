// Copying rows out of vectors: compacting a chunk to the rows a filter kept, and turning
// views into owned columns when a sink keeps data past the vector's lifetime.
#pragma once

#include "columnar/table.h"
#include "exec/pipeline/chunk.h"
#include "kernels/kernel_table.h"

namespace orbit {

/// A new column holding rows sel[0..count) of `input`.
ColumnPtr GatherColumn(const KernelTable& kernels, const ColumnView& input, const uint32_t* sel, size_t count);

/// A chunk of rows sel[0..count) of `chunk`, gathering only `columns` (the others stay
/// empty): for evaluating an expression that reads those columns on some rows alone.
Chunk GatherRows(const KernelTable& kernels, const Chunk& chunk, const std::vector<int>& columns, const uint32_t* sel,
                 size_t count);

/// An owned column with the same rows as `vector` (no copy when it already owns exactly them).
ColumnPtr MaterializeVector(const Vector& vector);

/// A column of n rows where row i is row position[i] of sources[source_of[i]] (CASE and
/// COALESCE assemble their branches' results this way). Sources a row never names may be
/// empty vectors.
ColumnPtr InterleaveRows(const DataType& type, const std::vector<Vector>& sources, const uint32_t* source_of,
                         const uint32_t* position, int64_t n);

/// A table's columns, each in one piece (an empty column for a table without batches).
std::vector<ColumnPtr> FlattenColumns(const Table& table);

/// Concatenates same-typed columns into one.
ColumnPtr ConcatenateColumns(const std::vector<ColumnPtr>& parts, const DataType& type);
/// Concatenates same-typed views into one new column.
ColumnPtr ConcatenateViews(const std::vector<ColumnView>& parts, const DataType& type);

}  // namespace orbit
