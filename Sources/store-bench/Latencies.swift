import Glibc

/// Durations of one measured call, in milliseconds, and their percentiles.
struct Latencies {
    private(set) var milliseconds: [Double] = []

    var count: Int { milliseconds.count }

    /// Times `body` once and keeps the duration (CLOCK_MONOTONIC).
    mutating func time(_ body: () throws -> Void) rethrows {
        let start = Self.now()
        try body()
        milliseconds.append(Double(Self.now() - start) / 1e6)
    }

    /// The nearest-rank percentile, `fraction` in 0…1.
    func percentile(_ fraction: Double) -> Double {
        guard !milliseconds.isEmpty else { return .nan }
        let sorted = milliseconds.sorted()
        let rank = Int((fraction * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }

    var p50: Double { percentile(0.50) }
    var p99: Double { percentile(0.99) }
    var maximum: Double { milliseconds.max() ?? .nan }

    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }
}
