import Glibc
import HTTPClient
import Synchronization
import Testing

@Suite("Keep-alive: connections outlive requests")
struct ConnectionReuseTests {
    @Test func sequentialRequestsShareOneConnection() throws {
        let server = RecordingHTTPServer()
        defer { server.stop() }
        let client = HTTPClient()
        let first = try client.send(HTTPClientRequest(url: server.url("/1")))
        let second = try client.send(HTTPClientRequest(method: "POST", url: server.url("/2"), body: [1, 2, 3]))
        #expect(!first.reusedConnection)
        #expect(second.reusedConnection)
        for index in 3...10 { _ = try client.send(HTTPClientRequest(url: server.url("/\(index)"))) }
        #expect(server.connectionCount == 1)
    }

    /// A kept-alive connection that dies after the request was written to it: curl sends the
    /// request again on a new connection — a second copy at the server. `atMostOnce` sends it on
    /// a connection of its own, so there is nothing to retry and the failure is reported.
    @Test(arguments: [false, true])
    func aRequestOnADeadKeptConnectionIsRepeatedUnlessAtMostOnce(atMostOnce: Bool) throws {
        let sends = Mutex(0)
        let server = RecordingHTTPServer { request in
            var response = reply()
            // The first /send is read, then its connection is closed without an answer.
            if request.target == "/send", sends.withLock({ $0 += 1; return $0 }) == 1 { response.action = .close }
            return response
        }
        defer { server.stop() }
        let client = HTTPClient()
        _ = try client.send(HTTPClientRequest(url: server.url("/warm")))
        let result = Result { try client.send(HTTPClientRequest(method: "POST", url: server.url("/send"), body: [1],
                                                                atMostOnce: atMostOnce)) }
        let copies = server.requests.filter { $0.target == "/send" }.count
        if atMostOnce {
            #expect(copies == 1)
            #expect(throws: HTTPClientError.self) { try result.get() }
        } else {
            #expect(copies == 2)
            #expect((try? result.get())?.status == 200)
        }
    }

    @Test func aClosedConnectionIsReplaced() throws {
        let server = RecordingHTTPServer { request in reply(delivery: request.target == "/close" ? .close : .standard) }
        defer { server.stop() }
        let client = HTTPClient()
        _ = try client.send(HTTPClientRequest(url: server.url("/close")))
        let after = try client.send(HTTPClientRequest(url: server.url("/next")))
        #expect(!after.reusedConnection)
        #expect(try client.send(HTTPClientRequest(url: server.url("/again"))).reusedConnection)
        #expect(server.connectionCount == 2)
    }

    @Test func aConnectionTheServerDroppedWhileIdleIsReplaced() throws {
        // HubSpot's load balancer closes idle connections without notice; the pooled handle must
        // notice and reconnect instead of failing the next request.
        let server = RecordingHTTPServer { request in reply(delivery: request.target == "/bye" ? .hangUp : .standard) }
        defer { server.stop() }
        let client = HTTPClient()
        _ = try client.send(HTTPClientRequest(url: server.url("/bye")))
        #expect(waitUntil { server.server.connectionCount == 0 })  // the server has closed it
        let response = try client.send(HTTPClientRequest(url: server.url("/back")))
        #expect(response.status == 200)
        #expect(!response.reusedConnection)
        #expect(server.connectionCount == 2)
    }

    @Test func aTimedOutConnectionIsNotReusedForTheNextRequest() throws {
        let server = RecordingHTTPServer { request in reply(delay: request.target == "/slow" ? .milliseconds(500) : .zero) }
        defer { server.stop() }
        let client = HTTPClient()
        #expect(throws: HTTPClientError.self) { try client.send(HTTPClientRequest(url: server.url("/slow")), timeout: .milliseconds(100)) }
        let response = try client.send(HTTPClientRequest(url: server.url("/fast")))
        #expect(response.status == 200)
        #expect(server.requests.map(\.target) == ["/slow", "/fast"])
        #expect(!response.reusedConnection)
    }
}
