import HTTPClient
import Testing

@Suite("Requests and responses over loopback")
struct RoundTripTests {
    @Test func getSendsHeadersAndReturnsTheResponse() throws {
        let server = RecordingHTTPServer()
        defer { server.stop() }
        let response = try HTTPClient().send(HTTPClientRequest(url: server.url("/contacts?limit=1"),
                                                               headers: [("Accept", "application/json"), ("X-Trace", "abc")]))
        #expect(response.status == 200)
        #expect(response.header("x-echo-method") == "GET")
        #expect(response.header("x-echo-target") == "/contacts?limit=1")
        #expect(response.body.isEmpty)
        let seen = try #require(server.requests.first)
        #expect(seen.headers["accept"] == "application/json")
        #expect(seen.headers["x-trace"] == "abc")
        #expect(seen.headers["user-agent"] == "hubspot-fcgi")
        #expect(seen.headers["content-type"] == nil)
    }

    @Test func postCarriesABinaryBodyWithNULBytes() throws {
        let server = RecordingHTTPServer()
        defer { server.stop() }
        let body: [UInt8] = [0, 1, 2, 0, 255, 0x0D, 0x0A, 0, 0x7B, 0x7D, 0]
        let response = try HTTPClient().send(HTTPClientRequest(method: "POST", url: server.url("/search"),
                                                               headers: [("Content-Type", "application/octet-stream")],
                                                               body: body))
        #expect(response.status == 200)
        #expect(response.body == body)
        let seen = try #require(server.requests.first)
        #expect(seen.method == "POST")
        #expect(seen.headers["content-length"] == "11")
        #expect(seen.headers.values(for: "content-type") == ["application/octet-stream"])
    }

    @Test(arguments: ["PUT", "PATCH", "DELETE"])
    func customMethodsWithAndWithoutBody(method: String) throws {
        let server = RecordingHTTPServer()
        defer { server.stop() }
        let client = HTTPClient()
        let withBody = try client.send(HTTPClientRequest(method: method, url: server.url("/x"), body: Array("{}".utf8)))
        #expect(withBody.header("x-echo-method") == method)
        #expect(withBody.body == Array("{}".utf8))
        let without = try client.send(HTTPClientRequest(method: method, url: server.url("/y")))
        #expect(without.header("x-echo-method") == method)
        #expect(server.requests.map(\.body.count) == [2, 0])
    }

    @Test func emptyPostSendsContentLengthZeroAndNoFormType() throws {
        let server = RecordingHTTPServer()
        defer { server.stop() }
        let response = try HTTPClient().send(HTTPClientRequest(method: "POST", url: server.url("/empty")))
        #expect(response.status == 200)
        let seen = try #require(server.requests.first)
        #expect(seen.headers["content-length"] == "0")
        #expect(seen.headers["content-type"] == nil)
    }

    @Test func headGetsHeadersWithoutWaitingForABody() throws {
        let server = RecordingHTTPServer { _ in reply(headers: [("X-Only", "head")]) }
        defer { server.stop() }
        let (response, seconds) = try measure {
            try HTTPClient().send(HTTPClientRequest(method: "HEAD", url: server.url("/")), timeout: .seconds(6))
        }
        #expect(response.status == 200)
        #expect(response.header("x-only") == "head")
        #expect(seconds < 3)  // waiting for a body would run into the 6 s timeout
    }

    @Test(arguments: [200, 201, 204, 301, 302, 400, 401, 404, 429, 500, 503])
    func everyStatusIsReturnedNotThrown(status: Int) throws {
        let server = RecordingHTTPServer { _ in
            reply(status: status, headers: status == 302 ? [("Location", "http://127.0.0.1:1/elsewhere")] : [],
                  body: status == 204 ? [] : Array("{\"status\":\(status)}".utf8))
        }
        defer { server.stop() }
        let response = try HTTPClient().send(HTTPClientRequest(url: server.url("/status")))
        #expect(response.status == status)
        #expect(response.body == (status == 204 ? [] : Array("{\"status\":\(status)}".utf8)))
        #expect(server.requests.count == 1)  // the redirect was not followed
    }

    @Test func responseHeaderNamesAreLowercasedInOrder() throws {
        let server = RecordingHTTPServer { _ in
            reply(headers: [("X-First", "1"), ("Set-Cookie", "a=1"), ("RETRY-AFTER", " 7 "), ("Set-Cookie", "b=2"),
                            ("X-Empty", "")])
        }
        defer { server.stop() }
        let response = try HTTPClient().send(HTTPClientRequest(url: server.url("/")))
        let names = response.headers.map(\.name)
        #expect(names == ["x-first", "set-cookie", "retry-after", "set-cookie", "x-empty", "content-length", "connection"])
        #expect(response.header("Retry-After") == "7")
        #expect(response.header("SET-COOKIE") == "a=1")
        #expect(response.header("x-empty") == "")
        #expect(response.header("missing") == nil)
    }

    @Test func largeBodiesGoWithoutExpectContinue() throws {
        let server = RecordingHTTPServer()
        defer { server.stop() }
        let body = (0..<(2 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let (response, seconds) = try measure {
            try HTTPClient().send(HTTPClientRequest(method: "POST", url: server.url("/big"), body: body))
        }
        #expect(response.body == body)
        #expect(server.requests.first?.headers["expect"] == nil)
        #expect(seconds < 5)  // the header check above is the real guard; this one catches a hang
    }

    @Test func callerHeadersOverrideCurlDefaults() throws {
        let server = RecordingHTTPServer()
        defer { server.stop() }
        var configuration = HTTPClientConfiguration()
        configuration.userAgent = "configured/1"
        let client = HTTPClient(configuration: configuration)
        _ = try client.send(HTTPClientRequest(url: server.url("/a")))
        _ = try client.send(HTTPClientRequest(url: server.url("/b"), headers: [("User-Agent", "mine/2"), ("X-Blank", "")]))
        let seen = server.requests
        #expect(seen.map { $0.headers.values(for: "user-agent") } == [["configured/1"], ["mine/2"]])
        #expect(seen[1].headers.values(for: "x-blank") == [""])
    }

    @Test func compressionIsOfferedOnlyWhenConfigured() throws {
        let server = RecordingHTTPServer()
        defer { server.stop() }
        _ = try HTTPClient().send(HTTPClientRequest(url: server.url("/")))
        var plain = HTTPClientConfiguration()
        plain.acceptCompressedResponses = false
        _ = try HTTPClient(configuration: plain).send(HTTPClientRequest(url: server.url("/")))
        #expect(server.requests[0].headers["accept-encoding"]?.contains("gzip") == true)
        #expect(server.requests[1].headers["accept-encoding"] == nil)
    }

    @Test func unixSocketCarriesRequestsAndReusesTheConnection() throws {
        let server = RecordingHTTPServer(unixSocket: true)
        defer { server.stop() }
        var configuration = HTTPClientConfiguration()
        configuration.unixSocketPath = server.unixSocketPath
        let client = HTTPClient(configuration: configuration)
        let first = try client.send(HTTPClientRequest(method: "POST", url: "http://emulator/crm", body: [1, 0, 2]))
        let second = try client.send(HTTPClientRequest(url: "http://emulator/crm"))
        #expect(first.body == [1, 0, 2])
        #expect(second.header("x-echo-target") == "/crm")
        #expect(second.reusedConnection)
        #expect(server.requests.first?.headers["host"] == "emulator")
    }
}
