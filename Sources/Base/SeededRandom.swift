/// A small seeded generator (SplitMix64) for repeatable random choices — the emulator's latencies,
/// the cache benchmark's keys — so a run that fixes the seed sees the same draws every time.
///
/// ```swift
/// var random = SeededRandom(seed: 42)
/// random.nextUnit()   // a Double in (0, 1), the same for seed 42 every time
/// ```
public struct SeededRandom: Sendable, Equatable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in the open interval (0, 1): never 0, so its logarithm is finite.
    public mutating func nextUnit() -> Double {
        (Double(next() >> 11) + 0.5) / Double(UInt64(1) << 53)
    }
}
