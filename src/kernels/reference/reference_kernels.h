// The reference backend's kernel families, one per file in this folder. Each returns a
// struct of plain scalar functions; reference_kernels.cpp assembles them into
// ReferenceKernels(). Other backends may reuse an entry where vectorizing it is not worth it.
#pragma once

#include "kernels/kernel_table.h"

namespace orbit::reference {

template <typename T>
FilterKernels<T> Filter();

template <typename T, typename SumT>
AggregateKernels<T, SumT> Aggregate();

template <typename T, typename SumT>
GroupedAggregateKernels<T, SumT> GroupedAggregate();

template <typename T>
ArithmeticKernels<T> Arithmetic();

HashKernels Hash();

SelectionKernels Selection();

template <typename T>
VectorKernels<T> Vector();

TopKKernels TopK();
GraphKernels Graph();
MathKernels Math();

}  // namespace orbit::reference
