import JSON
import Testing
import Base
@testable import FastCGI

@Suite("Cross-site requests: state changes need JSON and our own origin")
struct CrossSitePolicyTests {
    static let dispatcher: Dispatcher = {
        var router = Router()
        router.post("/clear", maxBodyBytes: 64) { routed in
            Response(json: ["bytes": .int(Int64(routed.request.body.count))])
        }
        router.post("/webhook", maxBodyBytes: 64, crossSite: .authenticatedByBody) { _ in Response(json: ["ok": true]) }
        router.get("/read") { _ in Response(json: ["ok": true]) }
        return Dispatcher(router: router)
    }()

    /// The status and error code for a request, and whether its body was read.
    func outcome(_ method: String, _ path: String, _ headers: [String: String] = [:],
                 body: [UInt8] = Array("{}".utf8)) -> (status: Int, code: String?, bodyRead: Bool) {
        var parameters = ["REQUEST_METHOD": method, "REQUEST_URI": path, "HTTP_HOST": "inbox.example.com:8443",
                          "CONTENT_LENGTH": method == "GET" ? "" : String(body.count)]
        for (name, value) in headers { parameters[name] = value }
        var read = false
        let response = Self.dispatcher.respond(to: parameters.map { (key: $0.key, value: $0.value) }) { length in
            read = true
            return Array(body.prefix(length))
        }.response
        let code = (try? JSONValue(parsing: response.body))?["error"]?["code"]?.stringValue
        return (response.status.code, code, read)
    }

    @Test func jsonFromOurOwnPageIsServed() {
        let result = outcome("POST", "/clear", ["CONTENT_TYPE": "application/json",
                                                "HTTP_ORIGIN": "https://inbox.example.com:8443",
                                                "HTTP_SEC_FETCH_SITE": "same-origin"])
        #expect(result.status == 200)
    }

    @Test func anApiClientWithoutBrowserHeadersIsServed() {
        #expect(outcome("POST", "/clear", ["CONTENT_TYPE": "application/json; charset=UTF-8"]).status == 200)
        #expect(outcome("POST", "/clear", ["CONTENT_TYPE": "Application/JSON"]).status == 200)
    }

    @Test(arguments: ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                      "application/jsonp", ""])
    func aFormContentTypeIs415WithoutReadingTheBody(contentType: String) {
        let result = outcome("POST", "/clear", contentType.isEmpty ? [:] : ["CONTENT_TYPE": contentType])
        #expect(result.status == 415)
        #expect(result.code == "json_required")
        #expect(!result.bodyRead)
    }

    @Test func aCrossSiteFetchIsRefusedEvenAsJSON() {
        let result = outcome("POST", "/clear", ["CONTENT_TYPE": "application/json", "HTTP_SEC_FETCH_SITE": "cross-site"])
        #expect(result.status == 403)
        #expect(result.code == "cross_site_request")
        #expect(!result.bodyRead)
    }

    @Test(arguments: ["https://evil.example", "https://inbox.example.com", "https://inbox.example.com:8443.evil.example",
                      "null", "inbox.example.com:8443"])
    func aForeignOriginIsRefused(origin: String) {
        let result = outcome("POST", "/clear", ["CONTENT_TYPE": "application/json", "HTTP_ORIGIN": origin])
        #expect(result.status == 403)
        #expect(result.code == "cross_site_request")
    }

    @Test func aSignedWebhookNeedsNeitherJSONNorAnOrigin() {
        #expect(outcome("POST", "/webhook", ["CONTENT_TYPE": "text/plain", "HTTP_SEC_FETCH_SITE": "cross-site"]).status == 200)
    }

    @Test func readsAreNeverRefused() {
        let result = outcome("GET", "/read", ["HTTP_ORIGIN": "https://evil.example", "HTTP_SEC_FETCH_SITE": "cross-site"])
        #expect(result.status == 200)
    }
}
