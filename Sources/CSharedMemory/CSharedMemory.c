#include "CSharedMemory.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int csm_futex_wait(void *word, uint32_t expected, uint64_t timeout_ns) {
    struct timespec timeout = {
        .tv_sec = (time_t)(timeout_ns / 1000000000ull),
        .tv_nsec = (long)(timeout_ns % 1000000000ull),
    };
    // FUTEX_WAIT without FUTEX_PRIVATE_FLAG: the word lives in a MAP_SHARED file mapping.
    long result = syscall(SYS_futex, word, FUTEX_WAIT, expected, &timeout, NULL, 0);
    return result == 0 ? 0 : -1;
}

int csm_futex_wake(void *word, int count) {
    long result = syscall(SYS_futex, word, FUTEX_WAKE, count, NULL, NULL, 0);
    return (int)result;
}

static const uint64_t P1 = 0x9E3779B185EBCA87ull;
static const uint64_t P2 = 0xC2B2AE3D27D4EB4Full;
static const uint64_t P3 = 0x165667B19E3779F9ull;

static inline uint64_t rotl64(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

static inline uint64_t read64(const unsigned char *p) {
    uint64_t v;
    memcpy(&v, p, 8);  // unaligned-safe; compiles to one load
    return v;
}

static inline uint64_t fmix64(uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

uint64_t csm_hash64_continue(uint64_t state, const void *bytes, size_t length) {
    const unsigned char *p = bytes;
    uint64_t h = state ^ (length * P3);
    if (length >= 32) {
        // Four independent lanes so the multiplies overlap (~8 bytes per cycle).
        uint64_t v1 = h + P1, v2 = h ^ P2, v3 = h - P1, v4 = rotl64(h, 17) + P2;
        while (length >= 32) {
            v1 = rotl64(v1 ^ (read64(p) * P2), 31) * P1;
            v2 = rotl64(v2 ^ (read64(p + 8) * P2), 31) * P1;
            v3 = rotl64(v3 ^ (read64(p + 16) * P2), 31) * P1;
            v4 = rotl64(v4 ^ (read64(p + 24) * P2), 31) * P1;
            p += 32;
            length -= 32;
        }
        h = rotl64(v1, 1) + rotl64(v2, 7) + rotl64(v3, 12) + rotl64(v4, 18);
    }
    while (length >= 8) {
        h = rotl64(h ^ (read64(p) * P2), 27) * P1 + P3;
        p += 8;
        length -= 8;
    }
    if (length > 0) {
        uint64_t tail = 0;
        memcpy(&tail, p, length);
        h = rotl64(h ^ (tail * P1), 23) * P2 + length;
    }
    return fmix64(h);
}

uint64_t csm_hash64(const void *bytes, size_t length, uint64_t seed) {
    return csm_hash64_continue(seed ^ P1, bytes, length);
}

int csm_process_is_zombie(pid_t pid) {
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    char buffer[256];
    ssize_t count = read(fd, buffer, sizeof(buffer) - 1);
    close(fd);
    if (count <= 0) return 0;
    buffer[count] = 0;
    // Format: "pid (comm) S ..."; comm may contain spaces or parens, so find the last ')'.
    char *close_paren = strrchr(buffer, ')');
    if (close_paren == NULL || close_paren[1] != ' ') return 0;
    return close_paren[2] == 'Z' || close_paren[2] == 'X';
}
