import Base
import HTTPClient
import JSON
import OpenPhoneAPI
@testable import SharedCache
import Testing

/// The client over real HTTP against a server in the test process: a send and its 202, a 429
/// that holds off every process sharing the stack's rate segment, a stalled server.
@Suite("Round trips over HTTP")
struct RoundTripTests {
    static let queued = #"{"data":{"id":"AC9f2","object":"message","status":"queued","createdAt":"2026-12-01T10:00:00Z"}}"#

    func json(_ status: Int, _ body: String, headers: [HTTPField] = []) -> ServerResponse {
        ServerResponse(status: status, headers: [HTTPField(name: "Content-Type", value: "application/json")] + headers,
                       body: Array(body.utf8))
    }

    func client(_ server: RecordingHTTPServer, gate: (any OpenPhoneGate)? = nil, timeout: Duration = .seconds(5))
        -> OpenPhoneClient
    {
        OpenPhoneClient(configuration: configuration(baseURL: server.url(""), timeout: timeout), gate: gate)
    }

    /// A gate as a worker process of the stack has it: its own handle on the shared rate segment
    /// of the cache file at `path`.
    func stackGate(_ path: String) throws -> OpenPhoneRateGate {
        OpenPhoneRateGate(cache: try SharedCache(path: path, options: SharedCache.Options(
            layout: CacheLayout(slotCount: 64, slotSize: 512))), rate: 1000, burst: 1000)
    }

    @Test func aSendIsQueued() throws {
        let server = RecordingHTTPServer { request in
            request.method == "POST" && request.path == "/v1/messages"
                ? json(202, Self.queued) : json(404, #"{"message":"Not found"}"#)
        }
        defer { server.stop() }
        let sent = try client(server).sendMessage(content: "Your table is ready ✓", from: .line("PN1"), to: "+15555550123")
        #expect(sent == SentMessage(id: "AC9f2", status: "queued", createdAt: "2026-12-01T10:00:00Z"))

        let request = try #require(server.requests.first)
        #expect(request.headers["authorization"] == testKey)
        #expect(request.headers["content-type"] == "application/json")
        #expect(try JSONValue(parsing: request.body) == ["content": "Your table is ready ✓", "from": "PN1",
                                                         "to": ["+15555550123"]])
    }

    @Test func aSendWithoutAConfiguredLineUsesTheWorkspacesLine() throws {
        let server = RecordingHTTPServer { request in
            request.path == "/v1/phone-numbers"
                ? json(200, #"{"data":[{"id":"PNmain","number":"+15555550100","name":"Main"}]}"#) : json(202, Self.queued)
        }
        defer { server.stop() }
        _ = try client(server).sendMessage(content: "Hi", to: "+15555550123")
        #expect(server.requests.map(\.path) == ["/v1/phone-numbers", "/v1/messages"])
        #expect(try JSONValue(parsing: server.requests[1].body)["from"] == "PNmain")
    }

    @Test func a429HoldsOffTheWholeStackForItsRetryAfter() throws {
        try TemporaryDirectory.with(prefix: "openphone-rate") { directory in
            let cachePath = directory.file("cache")
            defer { RateSegment.remove(cachePath: cachePath) }
            let server = RecordingHTTPServer { _ in
                json(429, #"{"message":"Too many requests","code":"0800429","status":429}"#,
                     headers: [HTTPField(name: "Retry-After", value: "30")])
            }
            defer { server.stop() }
            let told = try stackGate(cachePath)
            let error = failure { () throws(OpenPhoneError) in
                try client(server, gate: told).sendMessage(content: "Hi", from: .line("PN1"), to: "+15555550123")
            }
            #expect(error?.kind == .rateLimited && error?.status == 429)
            #expect(error?.retryAfter == .seconds(30))
            #expect(error?.openPhoneCode == "0800429")
            #expect(error?.mayHaveBeenSent == false)

            // Another worker (its own client and its own handle on the segment) sees the hold-off
            // and does not ask OpenPhone.
            let other = try stackGate(cachePath)
            #expect(other.holdOffRemaining > .seconds(25) && other.holdOffRemaining <= .seconds(30))
            let refused = failure { () throws(OpenPhoneError) in try client(server, gate: other).phoneNumbers() }
            #expect(refused?.kind == .rateLimited && refused?.retryAfter.map { $0 > .seconds(25) } == true)
            #expect(server.requests.count == 1)
        }
    }

    @Test func aStalledServerTimesOutWithinTheBudgetAndTheSendIsInDoubt() throws {
        let server = RecordingHTTPServer { _ in .stall(seconds: 10) }
        defer { server.stop() }
        let (error, seconds) = measure {
            failure { () throws(OpenPhoneError) in
                try client(server).sendMessage(content: "Hi", from: .line("PN1"), to: "+15555550123",
                                               timeout: .milliseconds(400))
            }
        }
        #expect(error?.kind == .timeout && error?.code == "openphone_timeout")
        #expect(error?.mayHaveBeenSent == true)  // the request went out; OpenPhone may have taken it
        #expect(error?.message.contains("400 ms") == true)
        #expect(seconds >= 0.39 && seconds < 2.5)  // the server would stall 10 s; slack for a loaded machine
        #expect(server.requests.count == 1)
    }

    @Test func aConnectionDroppedAfterTheRequestLeavesTheSendInDoubt() throws {
        let server = RecordingHTTPServer { _ in .closeWithoutAnswer }
        defer { server.stop() }
        let error = failure { () throws(OpenPhoneError) in
            try client(server).sendMessage(content: "Hi", from: .line("PN1"), to: "+15555550123")
        }
        #expect(error?.kind == .unavailable && error?.mayHaveBeenSent == true)
    }

    @Test func aRefusedConnectionSentNothing() throws {
        let refused = RefusedPort()
        defer { refused.close() }
        let client = OpenPhoneClient(configuration: configuration(baseURL: "http://127.0.0.1:\(refused.port)"))
        let error = failure { () throws(OpenPhoneError) in
            try client.sendMessage(content: "Hi", from: .line("PN1"), to: "+15555550123")
        }
        #expect(error?.kind == .unavailable && error?.mayHaveBeenSent == false)
        #expect(error?.message.contains("unreachable") == true)
    }

    @Test func theServerEchoingTheKeyNeverShowsIt() throws {
        let server = RecordingHTTPServer { request in
            json(400, #"{"message":"bad key \#(request.headers["authorization"] ?? "")","code":"0200400"}"#)
        }
        defer { server.stop() }
        let error = failure { () throws(OpenPhoneError) in
            try client(server).sendMessage(content: "Hi", from: .line("PN1"), to: "+15555550123")
        }
        #expect(error?.kind == .invalidRequest)
        #expect(error.map { !"\($0)".contains(testKey) && $0.message.contains("bad key [redacted]") } == true)
    }
}
