import Glibc
import SharedCache

func nanoseconds() -> UInt64 {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

func mebibytes(_ bytes: Int) -> String { String(Double(bytes / 10_486) / 100) + " MiB" }

func twoDecimals(_ value: Double) -> String { String(Double(Int((value * 100).rounded())) / 100) }

/// A fresh cache file at `path` (removed first, with its lock), or exit.
func openFresh(_ path: String, layout: CacheLayout) -> SharedCache {
    unlink(path)
    unlink(path + ".lock")
    do { return try SharedCache(path: path, options: .init(layout: layout)) } catch {
        print("cannot open \(path): \(error)")
        exit(1)
    }
}

func removeFile(_ path: String) {
    unlink(path)
    unlink(path + ".lock")
}

/// Apparent and allocated bytes of the file at `path`.
func fileSizes(_ path: String) -> (apparent: Int, allocated: Int) {
    var status = stat()
    stat(path, &status)
    return (Int(status.st_size), Int(status.st_blocks) * 512)
}
