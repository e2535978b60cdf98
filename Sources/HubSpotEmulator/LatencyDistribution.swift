import Base
import Glibc

/// How long each emulated call takes: a log-normal distribution given by its median and 99th
/// percentile, the shape request latencies of a web service usually have (most calls near the
/// median, a long tail). ``none`` answers at once.
///
/// ```swift
/// let latency = LatencyDistribution(medianMs: 250, p99Ms: 1000)   // the realistic profile's
/// var random = SeededRandom(seed: 1)
/// latency.sample(&random)   // e.g. 231; half the samples are below 250, 1 % above 1000
/// ```
public struct LatencyDistribution: Sendable, Equatable {
    /// Milliseconds half the calls stay under; 0 means no latency.
    public var medianMs: Int
    /// Milliseconds 99 % of the calls stay under (at least the median).
    public var p99Ms: Int

    public static let none = LatencyDistribution(medianMs: 0, p99Ms: 0)

    /// A sample is never longer than this (HubSpot's own gateway gives up long before).
    public static let maxMs = 60_000

    /// The 99th percentile of the standard normal distribution.
    static let z99 = 2.326_347_874_040_841

    public init(medianMs: Int, p99Ms: Int) {
        self.medianMs = max(0, medianMs)
        self.p99Ms = max(self.medianMs, p99Ms)
    }

    public var isNone: Bool { medianMs == 0 }

    /// One call's latency in milliseconds (0 for ``none``).
    public func sample(_ random: inout SeededRandom) -> Int {
        guard medianMs > 0 else { return 0 }
        let mu = log(Double(medianMs))
        let sigma = (log(Double(p99Ms)) - mu) / Self.z99
        // Box–Muller: one standard normal value from two uniform ones.
        let normal = (-2 * log(random.nextUnit())).squareRoot() * cos(2 * Double.pi * random.nextUnit())
        let ms = exp(mu + sigma * normal)
        return min(Self.maxMs, Int(ms.rounded()))
    }

    /// `250,1000` (median and p99), `250` (p99 four times the median) or `0` (none).
    public init?(text: String) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.filter { !$0.isWhitespace } }
        guard (1...2).contains(parts.count), let median = Int(parts[0]), (0...Self.maxMs).contains(median) else {
            return nil
        }
        var p99 = median * 4
        if parts.count == 2 {
            guard let given = Int(parts[1]), given >= median, given <= Self.maxMs else { return nil }
            p99 = given
        }
        self.init(medianMs: median, p99Ms: median == 0 ? 0 : min(Self.maxMs, p99))
    }

    public var text: String { isNone ? "0" : "\(medianMs),\(p99Ms)" }
}
