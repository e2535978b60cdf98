// One process of SharedCache's multi-process tests. The tests spawn several of these on one
// cache file, each with a role, and read one result line from stdout:
//
//   cache-exerciser hits      <path> key=K count=N start=MS     lookups of K → "hits=N"
//   cache-exerciser fill      <path> key=K threads=T start=MS wait=S produce-ms=M
//                                                                → "produced=… coalesced=… cached=… failed=… max-ms=…"
//   cache-exerciser hold-fill <path> key=K                       takes K's fill lease, says "holding", hangs
//   cache-exerciser mid-write <path> key=K                       stops inside a slot write, says "mid-write", hangs
//   cache-exerciser rate      <path> rate=R burst=B start=MS until=MS → "tokens=N"
//   cache-exerciser churn     <path> key=K start=MS until=MS             rewrites K with uniform values → "stores=N"
//   cache-exerciser verify    <path> keys=N stop=FILE     looks up N keys, storing each miss, until FILE exists;
//                                                         says "running" after its first hit, then
//                                                         → "lookups=… hits=… misses=… wrong=… stores=… faults=…"
//   cache-exerciser stray-sigbus <path>                   opens the cache, then touches a truncated mapping of
//                                                         its own: must die of SIGBUS (the guard is not a catch-all)
//
// Common options: slots=N slot-size=B (a one-class layout), or classes=NxB,NxB… (size classes,
// probe 8); the layout must match the test's.
@_spi(Testing) import SharedCache
import Glibc
import Synchronization

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 2 else {
    Output.fail("usage: cache-exerciser <role> <path> [key=value…]")
}
let role = arguments[0]
let path = arguments[1]
let settings = Settings(arguments.dropFirst(2))
var options = SharedCache.Options(layout: settings.layout)

switch role {
case "hits":
    let cache = Output.open(path, options)
    let key = CacheKey(settings.string("key"))
    Clock.sleep(untilWallMilliseconds: settings.int64("start", 0))
    var fresh = 0
    for _ in 0..<settings.int("count", 1) {
        if case .fresh = cache.lookup(key) { fresh += 1 }
    }
    Output.line("hits=\(fresh)")

case "fill":
    let cache = Output.open(path, options)
    Roles.fill(cache, settings)

case "hold-fill":
    options.hooks.fillLeaseHeld = { Output.line("holding"); Roles.hang() }
    let cache = Output.open(path, options)
    _ = cache.fill(key: CacheKey(settings.string("key")), waitTimeout: 1) { .failed(FillFailureCode(1)) }
    Output.fail("hold-fill returned")

case "mid-write":
    options.hooks.midWrite = { Output.line("mid-write"); Roles.hang() }
    let cache = Output.open(path, options)
    let value = Array(repeating: UInt8(ascii: "x"), count: settings.int("value-size", 200))
    cache.store(CacheKey(settings.string("key")), value: value, kind: .found, ttl: 60, staleTTL: 600)
    Output.fail("mid-write returned")

case "rate":
    let cache = Output.open(path, options)
    let until = settings.int64("until", 0)
    Clock.sleep(untilWallMilliseconds: settings.int64("start", 0))
    var tokens = 0
    while true {
        let remaining = Double(until - Clock.wallMilliseconds()) / 1000
        guard remaining > 0, cache.acquireRateToken(rate: settings.double("rate", 10),
                                                    burst: settings.double("burst", 1),
                                                    maxWait: remaining) else { break }
        tokens += 1
    }
    Output.line("tokens=\(tokens)")

case "churn":
    let cache = Output.open(path, options)
    let key = CacheKey(settings.string("key"))
    let until = settings.int64("until", 0)
    Clock.sleep(untilWallMilliseconds: settings.int64("start", 0))
    var stores = 0
    // Every value is one byte repeated (length varies): a reader that ever saw a mix of two
    // writes would see two different bytes.
    while Clock.wallMilliseconds() < until {
        let value = [UInt8](repeating: UInt8(stores % 250 + 1), count: 50 + stores % 250)
        if cache.store(key, value: value, kind: .found, ttl: 60, staleTTL: 60) == .stored { stores += 1 }
    }
    Output.line("stores=\(stores)")

case "verify":
    let cache = Output.open(path, options)
    Roles.verify(cache, keys: settings.int("keys", 64), stop: settings.string("stop"))

case "stray-sigbus":
    _ = Output.open(path, options)
    Roles.touchTruncatedMapping(path + ".stray")
    Output.fail("touched a truncated mapping and lived")

default:
    Output.fail("unknown role \(role)")
}
exit(0)
