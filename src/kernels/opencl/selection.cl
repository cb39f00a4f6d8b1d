// Selection vectors: rows whose bit is set (as mask words, expanded by the host like the
// filters' output) and gathers by row index.
__kernel void selection_from_bitmap(IN(uchar, bits), OPT(uchar, validity), uint n, __global uint *mask) {
  __global const uchar *bits = AT(uchar, bits);
  __global const uchar *validity = OPT_AT(uchar, validity);
  const uint w = get_global_id(0);
  if (w * 32 >= n) return;
  uint word = 0;
  for (uint j = 0; j < 32 && w * 32 + j < n; ++j) {
    const uint i = w * 32 + j;
    if (((bits[i >> 3] >> (i & 7)) & 1) && is_valid(validity, i)) word |= 1u << j;
  }
  mask[w] = word;
}

#define GATHER(SUF, T)                                                                                  \
  __kernel void gather_##SUF(IN(T, in), IN(uint, sel), uint count, __global T *out) {                   \
    const uint k = get_global_id(0);                                                                    \
    if (k < count) out[k] = AT(T, in)[AT(uint, sel)[k]];                                                \
  }

GATHER(32, uint)
GATHER(64, ulong)
GATHER(128, i128)
