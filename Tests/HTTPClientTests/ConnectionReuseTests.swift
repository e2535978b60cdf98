import Glibc
import HTTPClient
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
