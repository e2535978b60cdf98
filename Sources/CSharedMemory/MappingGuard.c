// Absorbs SIGBUS from cache mappings whose file shrank under them (truncated by an operator or
// another process) or could not get a block (a sparse file on a full disk). Touching such a page
// is SIGBUS, whose default action kills the worker. The handler maps anonymous zero pages over
// the whole registered mapping, so the faulting access is retried on zeros (an empty slot: a
// miss, never a wrong answer; a zero magic: the cache re-opens), and marks the mapping damaged.
// Any other SIGBUS goes to the disposition that was there before (Swift's backtracer, or the
// default), so real bugs still crash.
#include "CSharedMemory.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>

enum { guard_capacity = 256 };

struct guarded_mapping {
    _Atomic uint32_t claimed;
    _Atomic uintptr_t base;  // 0 while the entry is free or being filled in
    _Atomic size_t length;
    _Atomic uint32_t damaged;
};

static struct guarded_mapping guarded[guard_capacity];
static _Atomic uint64_t absorbed_faults;
static struct sigaction previous_action;
static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static _Atomic int installed;

static int absorb(uintptr_t address) {
    for (int index = 0; index < guard_capacity; index++) {
        uintptr_t base = atomic_load_explicit(&guarded[index].base, memory_order_acquire);
        if (base == 0) continue;
        size_t length = atomic_load_explicit(&guarded[index].length, memory_order_acquire);
        // An entry freed and filled again between the two loads would pair one mapping's base
        // with another's length: only a base that is still the same one is trusted.
        if (atomic_load_explicit(&guarded[index].base, memory_order_acquire) != base) continue;
        if (address < base || address - base >= length) continue;
        // The whole mapping at once: one VMA (page by page could exhaust vm.max_map_count),
        // and every later access reads zeros instead of faulting again.
        void *replaced = mmap((void *)base, length, PROT_READ | PROT_WRITE,
                              MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (replaced == MAP_FAILED) return 0;
        atomic_store_explicit(&guarded[index].damaged, 1, memory_order_release);
        atomic_fetch_add_explicit(&absorbed_faults, 1, memory_order_relaxed);
        return 1;
    }
    return 0;
}

static void on_sigbus(int signal, siginfo_t *info, void *context) {
    (void)context;
    int saved_errno = errno;
    // si_code > 0: raised by the kernel for this access; kill(2) and raise(3) are never ours.
    if (info != NULL && info->si_code > 0 && absorb((uintptr_t)info->si_addr)) {
        errno = saved_errno;
        return;  // the faulting instruction runs again, on the zero pages
    }
    // Not a cache mapping: hand over to what was installed before us. A retried fault reaches
    // it by itself; a sent signal (blocked while we run) is delivered to it when we return.
    sigaction(SIGBUS, &previous_action, NULL);
    if (info == NULL || info->si_code <= 0) raise(signal);
    errno = saved_errno;
}

static void install(void) {
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_sigaction = on_sigbus;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGBUS, &action, &previous_action) == 0) atomic_store(&installed, 1);
}

int csm_guard_register(void *base, size_t length) {
    if (base == NULL || length == 0) return -1;
    pthread_once(&install_once, install);
    if (!atomic_load(&installed)) return -1;
    for (int index = 0; index < guard_capacity; index++) {
        uint32_t expected = 0;
        if (!atomic_compare_exchange_strong(&guarded[index].claimed, &expected, 1)) continue;
        atomic_store_explicit(&guarded[index].length, length, memory_order_release);
        atomic_store_explicit(&guarded[index].damaged, 0, memory_order_relaxed);
        atomic_store_explicit(&guarded[index].base, (uintptr_t)base, memory_order_release);
        return index;
    }
    return -1;
}

void csm_guard_unregister(int id) {
    if (id < 0 || id >= guard_capacity) return;
    atomic_store_explicit(&guarded[id].base, 0, memory_order_release);
    atomic_store_explicit(&guarded[id].length, 0, memory_order_relaxed);
    atomic_store_explicit(&guarded[id].claimed, 0, memory_order_release);
}

int csm_guard_damaged(int id) {
    if (id < 0 || id >= guard_capacity) return 0;
    return (int)atomic_load_explicit(&guarded[id].damaged, memory_order_acquire);
}

uint64_t csm_guard_absorbed_faults(void) {
    return atomic_load_explicit(&absorbed_faults, memory_order_relaxed);
}
