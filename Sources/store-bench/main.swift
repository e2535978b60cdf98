// The message store at scale: p50/p99/max of the conversation list (first page, a deep page,
// searches), the thread (long and typical, first and deep page) and the webhook's insert, on a
// small and a large seeded store in one run, with the ratios large ÷ small.
//
//   store-bench create DB                 make an empty store (the product's schema) to seed;
//                                         DB may be a postgres:// URL
//   store-bench measure SMALL LARGE [--samples N] [--json FILE] [--facts FILE]
//                                         LARGE may be a postgres:// URL holding a copy of the
//                                         SQLite file FILE (SQLite ÷ PostgreSQL at one size)
//
// nginx/bench/store.sh seeds both (1,000 / 10,000 and 100,000 / 1,000,000) and runs this.
// The calls are the store API calls the responders make, with the same arguments; samples of
// the two stores alternate in rounds, so a noisy moment of a shared machine hits both.
import Base
import Glibc
import MessageStore

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    arguments.firstIndex(of: name).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
}
func fail(_ message: String) -> Never {
    print("store-bench: \(message)")
    exit(1)
}

switch arguments.first {
case "create":
    guard arguments.count == 2 else { fail("usage: store-bench create DB") }
    let target = arguments[1]
    let location: StoreLocation = target.hasPrefix("postgres") ? .postgres(Secret(target)) : .file(target)
    do { _ = try MessageStore(location: location) } catch { fail("\(error)") }
case "measure":
    let paths = arguments.dropFirst().prefix { !$0.hasPrefix("--") }
    guard paths.count == 2 else { fail("usage: store-bench measure SMALL LARGE [--samples N] [--json FILE]") }
    let samples = option("--samples").flatMap(Int.init) ?? 500
    do {
        let targets = [try BenchTarget(label: "s", path: paths[paths.startIndex]),
                       try BenchTarget(label: "l", path: paths[paths.startIndex + 1], factsFrom: option("--facts"))]
        let results = try Measurement.run(BenchCase.all, on: targets, samples: samples)
        let report = Report(targets: targets, results: results)
        print(report.table)
        if let path = option("--json") { try report.writeJSON(to: path) }
    } catch { fail("\(error)") }
default:
    fail("usage: store-bench create DB | store-bench measure SMALL LARGE [--samples N] [--json FILE]")
}
