import Synchronization
import Testing
@testable import HTTPClient

@Suite("Many threads, one client")
struct ConcurrencyTests {
    @Test func eightThreadsTimesFiftyRequestsAllCorrect() throws {
        let server = RecordingHTTPServer()
        defer { server.stop() }
        let client = HTTPClient()
        let failures = Mutex<[String]>([])
        let reused = Atomic<Int>(0)
        onThreads(8) { thread in
            for index in 0..<50 {
                // A body unique to this request, with NULs, so crossed responses would show.
                let body = Array("\(thread)-\(index)".utf8) + [0] + (0..<(index * 37)).map { UInt8(truncatingIfNeeded: $0 ^ thread) }
                let request = HTTPClientRequest(method: "POST", url: server.url("/t\(thread)/\(index)"),
                                                headers: [("X-Status", index % 5 == 0 ? "404" : "200")], body: body)
                do {
                    let response = try client.send(request)
                    let expectedStatus = index % 5 == 0 ? 404 : 200
                    if response.body != body || response.status != expectedStatus
                        || response.header("x-echo-target") != "/t\(thread)/\(index)" {
                        failures.withLock { $0.append("wrong answer for \(thread)-\(index)") }
                    }
                    if response.reusedConnection { reused.add(1, ordering: .relaxed) }
                } catch {
                    failures.withLock { $0.append("\(thread)-\(index): \(error)") }
                }
            }
        }
        #expect(failures.withLock { $0 } == [])
        #expect(server.requests.count == 400)
        // Each handle keeps its connection: at most one connection per concurrent thread.
        #expect(server.connectionCount <= 8)
        #expect(reused.load(ordering: .relaxed) >= 392)
        #expect(client.pool.idleCount <= 8)
    }

    @Test func handlesBeyondTheIdleLimitAreClosed() {
        let pool = HandlePool(capacity: 2)
        let handles = (0..<3).compactMap { _ in pool.checkOut() }
        #expect(handles.count == 3)
        handles.forEach(pool.checkIn)
        #expect(pool.idleCount == 2)
        let again = pool.checkOut()
        #expect(again === handles[1])  // last in, first out
    }
}
