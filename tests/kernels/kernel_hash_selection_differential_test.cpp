// Hashing and selection-vector kernels of every backend agree with the reference bit for
// bit: hashes must be identical so a table built by one backend can be probed by another.
#include "kernel_test_support.h"

namespace orbit::kernel_test {
namespace {

/// Runs `hash(kernels, out)` for the reference and the backend, both starting from the same
/// running hashes (combine) or none, and asserts identical outputs.
template <typename Hash>
void AssertSameHashes(const KernelTable& backend, size_t n, Hash hash) {
  const bool combine = *rc::gen::arbitrary<bool>();
  const std::vector<uint64_t> start =
      combine ? *rc::gen::container<std::vector<uint64_t>>(n, rc::gen::arbitrary<uint64_t>())
              : std::vector<uint64_t>(n);
  ExactBuffer<uint64_t> expected(start, 0);
  ExactBuffer<uint64_t> actual(start, 0);
  hash(ReferenceKernels().hash, combine, expected.data());
  hash(backend.hash, combine, actual.data());
  RC_ASSERT(std::vector<uint64_t>(actual.data(), actual.data() + n) ==
            std::vector<uint64_t>(expected.data(), expected.data() + n));
}

template <typename T, typename Member>
void CheckFixedWidthHash(const KernelTable& backend, Member member) {
  CheckProperty([&] {
    const size_t n = *GenLength();
    const auto column = *GenColumn<T>(n);
    const ColumnBuffers<T> values(column);
    AssertSameHashes(backend, n, [&](const HashKernels& kernels, bool combine, uint64_t* out) {
      (kernels.*member)(values.data(), values.bitmap(), n, combine, out);
    });
  });
}

/// Strings from a small alphabet (so rows repeat), of at most 1, 8, 9 or 40 bytes per column:
/// within one 8-byte word (the word-at-a-time paths), just past it, and several words.
rc::Gen<std::vector<std::string>> GenStrings(size_t n) {
  return rc::gen::mapcat(rc::gen::element<size_t>(1, 8, 9, 40), [n](size_t max_length) {
    const auto one = rc::gen::mapcat(rc::gen::inRange<size_t>(0, max_length + 1), [](size_t length) {
      return rc::gen::container<std::string>(length, rc::gen::element('a', 'b', 'z', '\0', '\xc3', '\xa9'));
    });
    return rc::gen::container<std::vector<std::string>>(n, one);
  });
}

void CheckStringHash(const KernelTable& backend) {
  CheckProperty([&] {
    const size_t n = *GenLength();
    const auto strings = *GenStrings(n);
    const bool has_validity = *rc::gen::arbitrary<bool>();
    const auto validity_bits = has_validity ? *GenValidityBits(n) : std::vector<uint8_t>();
    std::vector<int32_t> offsets{0};
    std::string chars;
    for (const std::string& s : strings) {
      chars += s;
      offsets.push_back(static_cast<int32_t>(chars.size()));
    }
    const ExactBuffer<int32_t> offset_buffer(offsets, 0);
    const ExactBuffer<char> char_buffer(std::vector<char>(chars.begin(), chars.end()), 0);
    const ExactBuffer<uint8_t> validity(validity_bits, 0);
    AssertSameHashes(backend, n, [&](const HashKernels& kernels, bool combine, uint64_t* out) {
      kernels.string(offset_buffer.data(), char_buffer.data(), has_validity ? validity.data() : nullptr, n, combine,
                     out);
    });
  });
}

void CheckFromBitmap(const KernelTable& backend) {
  CheckProperty([&] {
    const size_t n = *GenLength();
    const auto bits = *GenValidityBits(n);  // the filter's result bits
    const bool has_validity = *rc::gen::arbitrary<bool>();
    const auto validity_bits = has_validity ? *GenValidityBits(n) : std::vector<uint8_t>();
    const ExactBuffer<uint8_t> bit_buffer(bits, 0);
    const ExactBuffer<uint8_t> validity(validity_bits, 0);
    ExactBuffer<uint32_t> expected(std::vector<uint32_t>(n), 0);
    ExactBuffer<uint32_t> actual(std::vector<uint32_t>(n), 0);
    const uint8_t* validity_ptr = has_validity ? validity.data() : nullptr;
    const size_t expected_count =
        ReferenceKernels().selection.from_bitmap(bit_buffer.data(), validity_ptr, n, expected.data());
    const size_t actual_count = backend.selection.from_bitmap(bit_buffer.data(), validity_ptr, n, actual.data());
    RC_ASSERT(actual_count == expected_count);
    RC_ASSERT(std::vector<uint32_t>(actual.data(), actual.data() + actual_count) ==
              std::vector<uint32_t>(expected.data(), expected.data() + expected_count));
  });
}

/// Gathers by random (not only ascending) row indices.
template <typename T, typename Member>
void CheckGather(const KernelTable& backend, Member member) {
  CheckProperty([&] {
    const size_t n = *GenLength();
    const auto values = *GenValues<T>(n);
    const size_t count = n == 0 ? 0 : *rc::gen::inRange<size_t>(0, 2 * n + 1);
    const auto sel = n == 0 ? std::vector<uint32_t>()
                            : *rc::gen::container<std::vector<uint32_t>>(
                                  count, rc::gen::inRange<uint32_t>(0, static_cast<uint32_t>(n)));
    using Word = std::conditional_t<sizeof(T) == 4, uint32_t, std::conditional_t<sizeof(T) == 8, uint64_t, int128_t>>;
    std::vector<Word> words(n);
    if (n > 0) std::memcpy(words.data(), values.data(), n * sizeof(T));
    const ExactBuffer<Word> in(words, 1);  // unaligned start
    const ExactBuffer<uint32_t> sel_buffer(sel, 0);
    ExactBuffer<Word> expected(std::vector<Word>(sel.size()), 0);
    ExactBuffer<Word> actual(std::vector<Word>(sel.size()), 0);
    (ReferenceKernels().selection.*member)(in.data(), sel_buffer.data(), sel.size(), expected.data());
    (backend.selection.*member)(in.data(), sel_buffer.data(), sel.size(), actual.data());
    const bool same = std::memcmp(actual.data(), expected.data(), sel.size() * sizeof(Word)) == 0;
    RC_ASSERT(same);
  });
}

class KernelHashDifferential : public KernelDifferentialTest {};

TEST_P(KernelHashDifferential, Int32) { CheckFixedWidthHash<int32_t>(backend(), &HashKernels::int32); }
TEST_P(KernelHashDifferential, Int64) { CheckFixedWidthHash<int64_t>(backend(), &HashKernels::int64); }
TEST_P(KernelHashDifferential, Int128) { CheckFixedWidthHash<int128_t>(backend(), &HashKernels::int128); }
TEST_P(KernelHashDifferential, Double) { CheckFixedWidthHash<double>(backend(), &HashKernels::float64); }
TEST_P(KernelHashDifferential, String) { CheckStringHash(backend()); }

class KernelSelectionDifferential : public KernelDifferentialTest {};

TEST_P(KernelSelectionDifferential, FromBitmap) { CheckFromBitmap(backend()); }
TEST_P(KernelSelectionDifferential, Gather32) { CheckGather<int32_t>(backend(), &SelectionKernels::gather32); }
TEST_P(KernelSelectionDifferential, Gather64) { CheckGather<double>(backend(), &SelectionKernels::gather64); }
TEST_P(KernelSelectionDifferential, Gather128) { CheckGather<int128_t>(backend(), &SelectionKernels::gather128); }

INSTANTIATE_TEST_SUITE_P(Backends, KernelHashDifferential, ::testing::ValuesIn(BackendsUnderTest()), BackendTestName);
INSTANTIATE_TEST_SUITE_P(Backends, KernelSelectionDifferential, ::testing::ValuesIn(BackendsUnderTest()),
                         BackendTestName);

}  // namespace
}  // namespace orbit::kernel_test
