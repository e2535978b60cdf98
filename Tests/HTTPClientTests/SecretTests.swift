import Glibc
@testable import HTTPClient
import Testing

@Suite("Error messages never carry the bearer token")
struct SecretTests {
    static let token = "secret-token-xyz"
    static let headers: [(name: String, value: String)] = [("Authorization", "Bearer \(token)")]

    func expectClean(_ error: HTTPClientError?, _ kind: HTTPClientError.Kind) {
        #expect(error?.kind == kind)
        guard let error else { return }
        for text in [error.message, error.description, String(describing: error)] {
            #expect(!text.contains(Self.token))
            #expect(!text.contains("Bearer"))
        }
        #expect(!error.message.isEmpty)
    }

    func send(_ request: HTTPClientRequest, timeout: Duration? = nil) -> HTTPClientError? {
        do { _ = try HTTPClient().send(request, timeout: timeout); return nil } catch { return error }
    }

    @Test func refusedPort() {
        let refused = RefusedPort()
        defer { refused.close() }
        let port = refused.port
        expectClean(send(HTTPClientRequest(method: "POST", url: "http://127.0.0.1:\(port)/crm", headers: Self.headers,
                                           body: Array("{\"token\":\"\(Self.token)\"}".utf8))), .connectFailed)
    }

    @Test func timingOutServer() {
        let server = RecordingHTTPServer { _ in reply(delay: .seconds(2)) }
        defer { server.stop() }
        expectClean(send(HTTPClientRequest(url: server.url("/crm"), headers: Self.headers), timeout: .milliseconds(200)), .timeout)
    }

    @Test func tlsFailure() {
        let server = RecordingHTTPServer()
        defer { server.stop() }
        expectClean(send(HTTPClientRequest(url: "https://127.0.0.1:\(server.port)/", headers: Self.headers)), .tls)
    }

    @Test func refusedHeaderValue() {
        expectClean(send(HTTPClientRequest(url: "http://127.0.0.1:1/",
                                           headers: [("Authorization", "Bearer \(Self.token)\r\nX: y")])), .other)
    }

    @Test func headerLineWrittenAsAName() {
        expectClean(send(HTTPClientRequest(url: "http://127.0.0.1:1/",
                                           headers: [("Authorization: Bearer \(Self.token)", "")])), .other)
    }

    @Test func redactionRemovesValuesAndTheirWords() {
        let secrets = ["Bearer \(Self.token)", "Bearer", Self.token, "short"]
        let message = "failed near Bearer \(Self.token) and \(Self.token)!"
        let cleaned = Redaction.removing(secrets, from: message)
        #expect(cleaned == "failed near [redacted] and [redacted]!")
    }
}
