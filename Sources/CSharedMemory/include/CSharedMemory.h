// C11 <stdatomic.h> operations on plain pointers into a MAP_SHARED file mapping.
//
// Why C: Swift's Atomic and Mutex live in process-private memory and are not documented for
// words inside a shared mapping; C11 atomics on lock-free 32/64-bit words are plain CPU
// instructions and are exact across processes (measured: 2 x 1M increments, no loss).
// Every pointer must be naturally aligned (4 bytes for u32, 8 for u64).
#ifndef CSHAREDMEMORY_H
#define CSHAREDMEMORY_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define CSM_A32(p) ((_Atomic uint32_t *)(p))
#define CSM_A64(p) ((_Atomic uint64_t *)(p))

// MARK: 32-bit words

static inline uint32_t csm_load_u32_relaxed(const void *p) {
    return atomic_load_explicit(CSM_A32(p), memory_order_relaxed);
}
static inline uint32_t csm_load_u32_acquire(const void *p) {
    return atomic_load_explicit(CSM_A32(p), memory_order_acquire);
}
static inline void csm_store_u32_relaxed(void *p, uint32_t value) {
    atomic_store_explicit(CSM_A32(p), value, memory_order_relaxed);
}
static inline void csm_store_u32_release(void *p, uint32_t value) {
    atomic_store_explicit(CSM_A32(p), value, memory_order_release);
}
/// Compare-and-swap (acq_rel); returns the value found, so success is `result == expected`.
static inline uint32_t csm_cas_u32(void *p, uint32_t expected, uint32_t desired) {
    atomic_compare_exchange_strong_explicit(CSM_A32(p), &expected, desired,
                                            memory_order_acq_rel, memory_order_acquire);
    return expected;
}
static inline uint32_t csm_fetch_add_u32(void *p, uint32_t delta) {
    return atomic_fetch_add_explicit(CSM_A32(p), delta, memory_order_relaxed);
}

// MARK: 64-bit words

static inline uint64_t csm_load_u64_relaxed(const void *p) {
    return atomic_load_explicit(CSM_A64(p), memory_order_relaxed);
}
static inline uint64_t csm_load_u64_acquire(const void *p) {
    return atomic_load_explicit(CSM_A64(p), memory_order_acquire);
}
static inline void csm_store_u64_relaxed(void *p, uint64_t value) {
    atomic_store_explicit(CSM_A64(p), value, memory_order_relaxed);
}
static inline void csm_store_u64_release(void *p, uint64_t value) {
    atomic_store_explicit(CSM_A64(p), value, memory_order_release);
}
/// Compare-and-swap (acq_rel); returns the value found, so success is `result == expected`.
static inline uint64_t csm_cas_u64(void *p, uint64_t expected, uint64_t desired) {
    atomic_compare_exchange_strong_explicit(CSM_A64(p), &expected, desired,
                                            memory_order_acq_rel, memory_order_acquire);
    return expected;
}
/// Relaxed: counters need exactness, not ordering.
static inline uint64_t csm_fetch_add_u64(void *p, uint64_t delta) {
    return atomic_fetch_add_explicit(CSM_A64(p), delta, memory_order_relaxed);
}

// MARK: Fences

static inline void csm_fence_acquire(void) { atomic_thread_fence(memory_order_acquire); }
static inline void csm_fence_release(void) { atomic_thread_fence(memory_order_release); }
static inline void csm_fence_full(void) { atomic_thread_fence(memory_order_seq_cst); }

/// A spin-wait hint (PAUSE on x86): lets the sibling hyperthread run while we poll.
static inline void csm_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

/// Loads one byte of every cache line of [p, p + bytes) with independent loads, so a slot that
/// is not cached arrives in one memory round trip (one page walk, all lines in flight) instead
/// of one per line as the reader walks it. Plain loads, not prefetch hints: hints that miss the
/// TLB may be dropped, and in a large cache they nearly all do. Returns a value to keep them.
static inline uint8_t csm_touch_lines(const void *p, size_t bytes) {
    const volatile uint8_t *c = (const volatile uint8_t *)p;
    uint8_t sum = 0;
    for (size_t offset = 0; offset < bytes; offset += 64) sum ^= c[offset];
    return sum;
}

// MARK: Futex on a shared (not FUTEX_PRIVATE) 32-bit word

/// Sleeps while `*word == expected`, at most `timeout_ns`. Returns 0 when woken, -1 with errno
/// (ETIMEDOUT, EAGAIN when the word already differed, EINTR). Shared futexes key on the file's
/// page, so waiters in other processes that mapped the same file are woken too.
int csm_futex_wait(void *word, uint32_t expected, uint64_t timeout_ns);

/// Wakes up to `count` waiters sleeping on `word` in any process. Returns how many were woken.
int csm_futex_wake(void *word, int count);

// MARK: Hashing and processes

/// A fast 64-bit hash (four multiply-rotate lanes, 8 bytes per step, murmur finalizer).
/// Not cryptographic: it indexes the table and checksums entries against torn or scribbled bytes.
uint64_t csm_hash64(const void *bytes, size_t length, uint64_t seed);

/// Continues a hash over more bytes: `csm_hash64_continue(h, b, n)` for checksums over parts.
uint64_t csm_hash64_continue(uint64_t state, const void *bytes, size_t length);

/// 1 when /proc/<pid>/stat says the process is a zombie (killed, not yet reaped): it still
/// answers kill(pid, 0) but will never release a lease. 0 otherwise (also when unreadable).
int csm_process_is_zombie(pid_t pid);

// MARK: SIGBUS guard for mappings of a file that may shrink

/// Guards [base, base + length) (a MAP_SHARED mapping of the cache file): a SIGBUS inside it
/// (the file was truncated, or a sparse page found no disk block) replaces the whole range with
/// anonymous zero pages and marks it damaged instead of killing the process. Installs the
/// process's SIGBUS handler on first use (once; any other SIGBUS goes to the handler that was
/// there before, or the default action). Returns the guard's id, or -1 when none is free.
int csm_guard_register(void *base, size_t length);

/// Stops guarding (call before munmap, so a later mapping at that address is not mistaken for it).
void csm_guard_unregister(int id);

/// 1 once a fault in guard `id` was absorbed (its mapping now reads zeros), else 0.
int csm_guard_damaged(int id);

/// Faults absorbed in this process since it started.
uint64_t csm_guard_absorbed_faults(void);

#endif
