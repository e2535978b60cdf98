import JSON
import Testing
import Base
@testable import FastCGI

@Suite("Response serialization and error rendering")
struct ResponseTests {
    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func serializesStatusHeadersAndBody() {
        let response = Response(status: .created, headers: HTTPHeaders([("X-A", "1")]), json: ["ok": true])
        #expect(text(response.serialized()) ==
            "Status: 201 Created\r\nX-A: 1\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}")
    }

    @Test func headKeepsLengthButDropsBody() {
        let response = Response(json: ["ok": true])
        let head = text(response.serialized(includeBody: false))
        #expect(head.hasSuffix("Content-Length: 11\r\n\r\n"))
    }

    @Test func headerValuesCannotInjectLines() {
        var headers = HTTPHeaders()
        headers.add("X-Evil", "a\r\nSet-Cookie: x=1")
        #expect(headers["x-evil"] == "aSet-Cookie: x=1")
    }

    @Test func errorShapeIsStable() throws {
        let error = HTTPError.methodNotAllowed(.delete, allowed: [.get, .head])
        let response = error.response
        #expect(response.status.code == 405)
        #expect(response.headers["Allow"] == "GET, HEAD")
        #expect(response.headers["Cache-Control"] == "no-store")
        let body = try JSONValue(parsing: response.body)
        #expect(body == ["error": ["code": "method_not_allowed",
                                   "message": "DELETE is not allowed here; use GET, HEAD."]])
    }

    @Test func messagesAreEscapedJson() throws {
        let error = HTTPError(.badRequest, code: "bad", message: "quote \" and newline \n and </script>")
        let body = try JSONValue(parsing: error.response.body)
        #expect(body["error"]?["message"] == "quote \" and newline \n and </script>")
    }
}
