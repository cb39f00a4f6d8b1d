/* ORBIT_EXPORT marks what liborbit exports: the library is built with hidden visibility,
 * so only the public C and C++ API is visible to programs that link it. Plain C, so the
 * C API can use it too. */
#ifndef ORBIT_EXPORT_H_
#define ORBIT_EXPORT_H_

#if defined(__GNUC__) || defined(__clang__)
#define ORBIT_EXPORT __attribute__((visibility("default")))
#else
#define ORBIT_EXPORT
#endif

#endif /* ORBIT_EXPORT_H_ */
