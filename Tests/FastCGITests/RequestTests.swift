import Testing
import Base
@testable import FastCGI

@Suite("Request from FastCGI parameters")
struct RequestTests {
    @Test func readsMethodPathQueryAndUser() throws {
        let request = try Request(parameters: [
            "REQUEST_METHOD": "GET",
            "REQUEST_URI": "/api/contacts/lookup/%2B1%20902?q=John+Smith&limit=10",
            "QUERY_STRING": "q=John+Smith&limit=10",
            "REMOTE_USER": "operator",
            "HTTP_X_REQUEST_ID": "abc",
            "HTTP_ACCEPT": "text/plain",
        ])
        #expect(request.method == .get)
        #expect(request.rawPath == "/api/contacts/lookup/%2B1%20902")
        #expect(request.pathSegments == ["api", "contacts", "lookup", "+1 902"])
        #expect(request.query["q"] == "John Smith")
        #expect(request.query["limit"] == "10")
        #expect(request.remoteUser == "operator")
        #expect(request.headers["X-Request-Id"] == "abc")
        #expect(request.headers["accept"] == "text/plain")
        #expect(request.contentLength == 0)
    }

    @Test(arguments: [
        ("/a?b", "/a", "b"), ("/a", "/a", ""), ("/a?", "/a", ""), ("?x", "", "x"), ("/a?b?c", "/a", "b?c"),
        ("/é?ü=1", "/é", "ü=1"),
        // A `?` fused with a combining mark into one Character is still where nginx splits.
        ("/a?\u{301}b", "/a", "\u{301}b"),
    ])
    func theURISplitsAtTheFirstQuestionMarkByte(uri: String, path: String, query: String) {
        let (splitPath, splitQuery) = Request.split(uri: uri)
        #expect(Array(splitPath.utf8) == Array(path.utf8))
        #expect(Array(splitQuery.utf8) == Array(query.utf8))
    }

    @Test func plusInPathIsLiteral() throws {
        let request = try Request(parameters: ["REQUEST_URI": "/lookup/+19025551234"])
        #expect(request.pathSegments == ["lookup", "+19025551234"])
    }

    @Test func queryFallsBackToRequestURI() throws {
        let request = try Request(parameters: ["REQUEST_URI": "/x?a=1&a=2&b"])
        #expect(request.query.values("a") == ["1", "2"])
        #expect(request.query["b"] == "")
    }

    @Test func emptyRemoteUserIsNil() throws {
        let request = try Request(parameters: ["REQUEST_URI": "/", "REMOTE_USER": ""])
        #expect(request.remoteUser == nil)
    }

    @Test(arguments: [
        ("/x?q=%zz", "invalid_query"),
        ("/x?q=%E2%28", "invalid_query"),
        ("/bad%2", "invalid_path"),
        ("/bad%C3%28", "invalid_path"),
    ])
    func malformedEscapesAre400(uri: String, code: String) {
        #expect(throws: HTTPError.self) { try Request(parameters: ["REQUEST_URI": uri]) }
        do {
            _ = try Request(parameters: ["REQUEST_URI": uri])
        } catch {
            #expect(error.status == .badRequest)
            #expect(error.code == code)
        }
    }

    @Test(arguments: ["-1", "abc", "1e3", "99999999999999999999"])
    func invalidContentLengthIs400(length: String) {
        do {
            _ = try Request(parameters: ["REQUEST_URI": "/", "CONTENT_LENGTH": length])
            Issue.record("accepted Content-Length \(length)")
        } catch {
            #expect(error.code == "invalid_content_length")
        }
    }

    @Test func contentLengthAndType() throws {
        let request = try Request(parameters: ["REQUEST_URI": "/", "CONTENT_LENGTH": "42",
                                               "CONTENT_TYPE": "application/json"])
        #expect(request.contentLength == 42)
        #expect(request.contentType == "application/json")
    }
}
