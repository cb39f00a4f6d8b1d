// Hashing, one row per work item: out[i] = hash (or, with `combine`, the running hash of
// the row's earlier key columns combined with it). NULL rows hash to NULL_HASH.
#define HASH_FIXED(SUF, T)                                                                             \
  __kernel void hash_column_##SUF(IN(T, values), OPT(uchar, validity), uint n, int combine, __global ulong *out) { \
    __global const T *values = AT(T, values);                                                          \
    __global const uchar *validity = OPT_AT(uchar, validity);                                          \
    const uint i = get_global_id(0);                                                                   \
    if (i >= n) return;                                                                                \
    const ulong h = is_valid(validity, i) ? hash_##SUF(values[i]) : NULL_HASH;                         \
    out[i] = combine ? combine_hashes(out[i], h) : h;                                                  \
  }

HASH_FIXED(i32, int)
HASH_FIXED(i64, long)
HASH_FIXED(i128, i128)
HASH_FIXED(f64, double)

// kernels::HashBytes: 8-byte little-endian words, the tail zero-padded. Bytes are read one
// by one: strings start at any address.
inline ulong load_word(__global const uchar *bytes, uint size) {
  ulong word = 0;
  for (uint b = 0; b < size; ++b) word |= (ulong)bytes[b] << (8 * b);
  return word;
}

__kernel void hash_column_string(IN(int, offsets), IN(uchar, chars), OPT(uchar, validity), uint n, int combine,
                          __global ulong *out) {
  __global const int *offsets = AT(int, offsets);
  __global const uchar *chars = AT(uchar, chars);
  __global const uchar *validity = OPT_AT(uchar, validity);
  const uint i = get_global_id(0);
  if (i >= n) return;
  ulong h = NULL_HASH;
  if (is_valid(validity, i)) {
    __global const uchar *data = chars + offsets[i];
    const uint size = (uint)(offsets[i + 1] - offsets[i]);
    h = GOLDEN_RATIO_64 ^ (ulong)size;
    uint b = 0;
    for (; b + 8 <= size; b += 8) h = mix_bits64(h ^ load_word(data + b, 8));
    if (b < size) h = mix_bits64(h ^ load_word(data + b, size - b));
    h = mix_bits64(h ^ (ulong)size);
  }
  out[i] = combine ? combine_hashes(out[i], h) : h;
}
