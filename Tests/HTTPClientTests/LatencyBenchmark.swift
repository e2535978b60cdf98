import Glibc
import HTTPClient
import Testing

/// Per-request latency over a kept-alive loopback connection. Off by default (timing on shared
/// CI machines proves little); run with `HTTPCLIENT_BENCH=1 swift test -c release
/// -Xswiftc -enable-testing --filter LatencyBenchmark`.
@Suite("Latency benchmark", .enabled(if: getenv("HTTPCLIENT_BENCH") != nil))
struct LatencyBenchmark {
    @Test func reusedConnectionLatency() throws {
        let server = RecordingHTTPServer { _ in reply(headers: [("Content-Type", "application/json")], body: Array("{\"results\":[]}".utf8)) }
        defer { server.stop() }
        let client = HTTPClient()
        let request = HTTPClientRequest(method: "POST", url: server.url("/crm/v3/objects/contacts/search"),
                                        headers: [("Authorization", "Bearer x"), ("Content-Type", "application/json")],
                                        body: Array("{\"filterGroups\":[]}".utf8))
        for _ in 0..<100 { _ = try client.send(request) }  // warm up
        var samples: [Double] = []
        for _ in 0..<1000 {
            let (response, seconds) = try measure { try client.send(request) }
            #expect(response.reusedConnection)
            samples.append(seconds * 1_000_000)
        }
        samples.sort()
        let p50 = samples[499], p99 = samples[989], worst = samples[999]
        print("reused-connection latency over 1000 requests: p50 \(Int(p50)) µs, p99 \(Int(p99)) µs, max \(Int(worst)) µs")
        #expect(server.connectionCount == 1)
    }
}
