import Glibc
import HTTPClient
import Testing

@Suite("Failures become typed errors")
struct FailureTests {
    func failure(_ request: HTTPClientRequest, timeout: Duration? = nil) -> HTTPClientError? {
        failure(HTTPClient(), request, timeout: timeout)
    }

    func failure(_ client: HTTPClient, _ request: HTTPClientRequest, timeout: Duration? = nil) -> HTTPClientError? {
        do {
            let response = try client.send(request, timeout: timeout)
            Issue.record("expected an error, got status \(response.status)")
            return nil
        } catch {
            return error
        }
    }

    @Test func aSlowServerTimesOutOnTime() {
        let server = RecordingHTTPServer { _ in reply(delay: .seconds(3)) }
        defer { server.stop() }
        let (error, seconds) = measure { failure(HTTPClientRequest(url: server.url("/slow")), timeout: .milliseconds(300)) }
        #expect(error?.kind == .timeout)
        #expect(seconds >= 0.29 && seconds < 2.0)  // the server would take 3 s; slack for a loaded CI
    }

    @Test func theConfiguredTotalTimeoutApplies() {
        let server = RecordingHTTPServer { _ in reply(delay: .seconds(3)) }
        defer { server.stop() }
        var configuration = HTTPClientConfiguration()
        configuration.totalTimeout = .milliseconds(200)
        let (error, seconds) = measure { failure(HTTPClient(configuration: configuration), HTTPClientRequest(url: server.url("/"))) }
        #expect(error?.kind == .timeout)
        #expect(seconds < 2.0)  // the server would take 3 s
    }

    @Test func anExhaustedBudgetTimesOutAtOnce() {
        let server = RecordingHTTPServer { _ in reply(delay: .seconds(1)) }
        defer { server.stop() }
        let (error, seconds) = measure { failure(HTTPClientRequest(url: server.url("/")), timeout: .zero) }
        #expect(error?.kind == .timeout)
        #expect(seconds < 0.9)  // the server would take 1 s
    }

    @Test func aRefusedConnectionIsConnectFailed() {
        let refused = RefusedPort()  // bound, so nobody else takes the port
        defer { refused.close() }
        let port = refused.port
        let error = failure(HTTPClientRequest(url: "http://127.0.0.1:\(port)/"))
        #expect(error?.kind == .connectFailed)
        #expect(error?.message.contains("\(port)") == true)
    }

    @Test func anAnnouncedOversizedBodyIsRefused() {
        let server = RecordingHTTPServer { _ in reply(body: [UInt8](repeating: 7, count: 1025)) }
        defer { server.stop() }
        var configuration = HTTPClientConfiguration()
        configuration.maxResponseBytes = 1024
        let client = HTTPClient(configuration: configuration)
        let error = failure(client, HTTPClientRequest(url: server.url("/")))
        #expect(error?.kind == .responseTooLarge)
        #expect(error?.message.contains("1024") == true)
    }

    @Test func aStreamedOversizedBodyIsCutOff() throws {
        let server = RecordingHTTPServer { request in
            reply(body: [UInt8](repeating: 7, count: request.target == "/big" ? 300_000 : 1024), delivery: .untilClose)
        }
        defer { server.stop() }
        var configuration = HTTPClientConfiguration()
        configuration.maxResponseBytes = 100_000
        let client = HTTPClient(configuration: configuration)
        #expect(failure(client, HTTPClientRequest(url: server.url("/big")))?.kind == .responseTooLarge)
        #expect(try client.send(HTTPClientRequest(url: server.url("/small"))).body.count == 1024)
    }

    @Test func aBodyOfExactlyTheLimitIsAccepted() throws {
        let server = RecordingHTTPServer { _ in reply(body: [UInt8](repeating: 7, count: 4096)) }
        defer { server.stop() }
        var configuration = HTTPClientConfiguration()
        configuration.maxResponseBytes = 4096
        #expect(try HTTPClient(configuration: configuration).send(HTTPClientRequest(url: server.url("/"))).body.count == 4096)
    }

    @Test(arguments: ["", "http://exa mple.com/", "http://[::1/", "http://127.0.0.1:99999/",
                      "ftp://127.0.0.1/", "file:///etc/passwd", "gopher://127.0.0.1/"])
    func unusableURLsAreInvalidURL(url: String) {
        #expect(failure(HTTPClientRequest(url: url))?.kind == .invalidURL)
    }

    @Test func tlsToAPlainServerIsTLS() {
        let server = RecordingHTTPServer()
        defer { server.stop() }
        let error = failure(HTTPClientRequest(url: "https://127.0.0.1:\(server.port)/"))
        #expect(error?.kind == .tls)
    }

    @Test func aMissingCAFileIsTLS() {
        let server = RecordingHTTPServer()
        defer { server.stop() }
        var configuration = HTTPClientConfiguration()
        configuration.caFile = "/nonexistent/ca.pem"
        let error = failure(HTTPClient(configuration: configuration), HTTPClientRequest(url: "https://127.0.0.1:\(server.port)/"))
        #expect(error?.kind == .tls)
    }

    @Test func aServerThatDoesNotSpeakHTTPIsOther() {
        let server = RecordingHTTPServer { _ in reply(body: Array("SSH-2.0-OpenSSH_9.2\r\n".utf8), delivery: .raw) }
        defer { server.stop() }
        #expect(failure(HTTPClientRequest(url: server.url("/")))?.kind == .other)
    }

    @Test(arguments: [("X-Bad", "a\r\nInjected: yes"), ("X-Bad", "nul\u{0}byte"), ("Bad Name", "v"), ("", "v"),
                      ("X-Bad:", "v")])
    func headersThatWouldBreakTheRequestAreRefused(header: (String, String)) {
        let server = RecordingHTTPServer()
        defer { server.stop() }
        let error = failure(HTTPClientRequest(url: server.url("/"), headers: [(name: header.0, value: header.1)]))
        #expect(error?.kind == .other)
        #expect(server.requests.isEmpty)
    }

    @Test func aMethodWithSpacesIsRefused() {
        let server = RecordingHTTPServer()
        defer { server.stop() }
        #expect(failure(HTTPClientRequest(method: "GET / HTTP/1.0\r\n", url: server.url("/")))?.kind == .other)
        #expect(server.requests.isEmpty)
    }
}
