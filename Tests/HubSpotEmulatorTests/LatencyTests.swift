import Base
import EmulatorSupport
@testable import HubSpotEmulator
import JSON
import Testing

@Suite("Per-call latency")
struct LatencyTests {
    /// Sorted samples of `latency` from seed `seed`.
    func samples(_ latency: LatencyDistribution, seed: UInt64 = 7, count: Int = 4000) -> [Int] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { _ in latency.sample(&random) }.sorted()
    }

    @Test("Log-normal: the median and 99th percentile come out as configured")
    func percentiles() {
        let sorted = samples(LatencyDistribution(medianMs: 250, p99Ms: 1000))
        let median = sorted[sorted.count / 2], p99 = sorted[sorted.count * 99 / 100]
        #expect((225...275).contains(median), "median \(median)")
        #expect((850...1200).contains(p99), "p99 \(p99)")
        #expect(sorted.first! > 0 && sorted.last! <= LatencyDistribution.maxMs)
        #expect(sorted.filter { $0 > 1000 }.count < sorted.count * 3 / 100)
    }

    @Test("A fixed median and p99 give a constant latency")
    func constant() {
        #expect(Set(samples(LatencyDistribution(medianMs: 300, p99Ms: 300), count: 50)) == [300])
    }

    @Test("The same seed gives the same sequence; another seed another one")
    func seeded() {
        let latency = LatencyDistribution(medianMs: 250, p99Ms: 1000)
        var a = SeededRandom(seed: 3), b = SeededRandom(seed: 3), c = SeededRandom(seed: 4)
        let first = (0..<20).map { _ in latency.sample(&a) }
        #expect(first == (0..<20).map { _ in latency.sample(&b) })
        #expect(first != (0..<20).map { _ in latency.sample(&c) })
    }

    @Test("0 is no latency")
    func none() {
        var random = SeededRandom(seed: 1)
        #expect(LatencyDistribution.none.sample(&random) == 0)
        #expect(LatencyDistribution(text: "0") == LatencyDistribution.none)
    }

    @Test("Text forms", arguments: [("250,1000", 250, 1000), ("250", 250, 1000), (" 300 , 300 ", 300, 300), ("0", 0, 0)])
    func text(text: String, median: Int, p99: Int) {
        #expect(LatencyDistribution(text: text) == LatencyDistribution(medianMs: median, p99Ms: p99))
    }

    @Test("Bad text forms", arguments: ["", "x", "-1", "300,200", "1,2,3", "70000"])
    func badText(text: String) {
        #expect(LatencyDistribution(text: text) == nil)
    }

    @Test("Every answered call spends a drawn latency, after the answer is decided")
    func callsSleep() throws {
        let clock = ManualClock()
        let emulator = try makeEmulator([record(1, ["firstname": "Ada"])], clock: clock) {
            $0.behaviour.latency = LatencyDistribution(medianMs: 250, p99Ms: 1000)
            $0.behaviour.randomSeed = 11
        }
        #expect(emulator.search("{}").status == 200)
        #expect(emulator.call("GET", "/crm/v3/objects/contacts/1").status == 200)
        #expect(emulator.call("GET", "/crm/v3/objects/contacts/1", token: nil).status == 401)
        var random = SeededRandom(seed: 11)
        let latency = LatencyDistribution(medianMs: 250, p99Ms: 1000)
        #expect(clock.slept == (0..<3).map { _ in .milliseconds(latency.sample(&random)) })
        // Control calls answer at once.
        _ = emulator.stats()
        #expect(clock.slept.count == 3)
    }

    @Test("The fast profile has no latency; injected fault latency still applies")
    func fastHasNone() throws {
        let clock = ManualClock()
        let emulator = try makeEmulator(clock: clock)
        #expect(emulator.search("{}").status == 200)
        #expect(clock.slept.isEmpty)
        _ = emulator.call("POST", "/__emulator/faults", body: #"{"latencyMs":40}"#, token: nil)
        #expect(emulator.search("{}").status == 200)
        #expect(clock.slept == [.milliseconds(40)])
    }

    @Test("A rate-limit refusal answers without the latency")
    func refusalIsQuick() throws {
        let clock = ManualClock()
        let emulator = try makeEmulator(clock: clock) {
            $0.searchRatePerSecond = 1
            $0.behaviour.latency = LatencyDistribution(medianMs: 300, p99Ms: 300)
        }
        #expect(emulator.search("{}").status == 200)
        #expect(emulator.search("{}").status == 429)
        #expect(clock.slept == [.milliseconds(300)])
    }

    @Test("Latency set and cleared through /__emulator/behaviour")
    func control() throws {
        let clock = ManualClock()
        let emulator = try makeEmulator(clock: clock)
        #expect(emulator.behave(#"{"latencyMedianMs":300,"latencyP99Ms":300}"#).status == 200)
        _ = emulator.search("{}")
        #expect(emulator.behave(#"{"latencyMedianMs":0}"#).json["latencyP99Ms"] == 0)
        _ = emulator.search("{}")
        #expect(clock.slept == [.milliseconds(300)])
    }
}
