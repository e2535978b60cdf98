/// Runs the cases on the targets, alternating between them in rounds.
enum Measurement {
    /// Each round takes a share of the samples from every target in turn; a case stops early on a
    /// target once it has spent `budgetSeconds` there (a full scan of a large store must not make
    /// the run take an hour), with at least 100 samples, enough for a p99.
    static func run(_ cases: [BenchCase], on targets: [BenchTarget], samples: Int, rounds: Int = 5,
                    budgetSeconds: Double = 6) throws -> [[Latencies]] {
        try cases.map { benchCase in
            var latencies = Array(repeating: Latencies(), count: targets.count)
            var spent = Array(repeating: 0.0, count: targets.count)
            for target in targets {
                for _ in 0..<10 { try benchCase.run(target) }  // warm the connection and its statements
            }
            for _ in 0..<rounds {
                for (index, target) in targets.enumerated() {
                    let started = Latencies.now()
                    for _ in 0..<(samples / rounds) {
                        if spent[index] > budgetSeconds && latencies[index].count >= 100 { break }
                        try latencies[index].time { try benchCase.run(target) }
                    }
                    spent[index] += Double(Latencies.now() - started) / 1e9
                }
            }
            return latencies
        }
    }
}
