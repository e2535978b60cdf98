import JSON
import Testing
import Base
@testable import FastCGI

@Suite("Router")
struct RouterTests {
    static func router() -> Router {
        var router = Router()
        router.get("/api/contacts/lookup/{phone}") { routed in
            Response(json: ["phone": .string(routed.capture("phone"))])
        }
        router.post("/api/contacts") { _ in Response(status: .created) }
        router.get("/api/contacts") { _ in Response() }
        return router
    }

    func resolve(_ method: HTTPMethod, _ path: String) -> Router.Resolution {
        let segments = path.split(separator: "/").map(String.init)
        return Self.router().resolve(method: method, pathSegments: segments, displayPath: path)
    }

    @Test func capturesSegments() throws {
        guard case .handler(let route, let captures) = resolve(.get, "/api/contacts/lookup/+1902") else {
            Issue.record("no match"); return
        }
        #expect(route.pattern.description == "/api/contacts/lookup/{phone}")
        #expect(captures["phone"] == "+1902")
        #expect(captures["other"] == nil)
    }

    @Test func headIsServedByGet() {
        guard case .handler = resolve(.head, "/api/contacts/lookup/1") else {
            Issue.record("HEAD not routed"); return
        }
    }

    @Test func unknownPathIs404() {
        guard case .failure(let error) = resolve(.get, "/api/contacts/lookup") else {
            Issue.record("matched"); return
        }
        #expect(error.status == .notFound)
        #expect(error.code == "not_found")
    }

    @Test func wrongMethodIs405WithAllow() {
        guard case .failure(let error) = resolve(.delete, "/api/contacts") else {
            Issue.record("matched"); return
        }
        #expect(error.status == .methodNotAllowed)
        #expect(error.headers["Allow"] == "POST, GET, HEAD")
    }
}
