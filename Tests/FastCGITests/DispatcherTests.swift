import JSON
import Testing
import Base
@testable import FastCGI

@Suite("Dispatcher: parsing, routing, body limits, error rendering")
struct DispatcherTests {
    struct Boom: Error {}

    static let dispatcher: Dispatcher = {
        var router = Router()
        router.post("/echo", maxBodyBytes: 8) { routed in
            Response(json: ["bytes": .int(Int64(routed.request.body.count))])
        }
        router.get("/teapot") { _ in
            throw HTTPError(HTTPStatus(code: 418, reason: "I'm a teapot"), code: "teapot", message: "Short and stout.",
                            details: ["spout": true])
        }
        router.get("/boom") { _ in throw Boom() }
        return Dispatcher(router: router)
    }()

    func respond(_ parameters: [String: String], body: [UInt8] = [],
                 bodyRead: ((Int) -> Void)? = nil) -> Response {
        Self.dispatcher.respond(to: parameters.map { (key: $0.key, value: $0.value) }) { length in
            bodyRead?(length)
            return Array(body.prefix(length))
        }.response
    }

    func json(_ response: Response) throws -> JSONValue {
        try JSONValue(parsing: response.body)
    }

    @Test func oversizedBodyIs413WithoutReading() throws {
        var read = false
        let response = respond(["REQUEST_METHOD": "POST", "REQUEST_URI": "/echo", "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": "9"],
                               body: Array(repeating: 1, count: 9)) { _ in read = true }
        #expect(response.status.code == 413)
        #expect(!read)
        #expect(try json(response)["error"]?["code"] == "body_too_large")
    }

    @Test func bodyWithinLimitIsRead() throws {
        let response = respond(["REQUEST_METHOD": "POST", "REQUEST_URI": "/echo", "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": "8"],
                               body: Array(repeating: 1, count: 8))
        #expect(response.status == .ok)
        #expect(try json(response)["bytes"] == 8)
    }

    @Test func httpErrorRendersItsStatusAndShape() throws {
        let response = respond(["REQUEST_URI": "/teapot"])
        #expect(response.status.code == 418)
        #expect(response.headers["Content-Type"] == "application/json")
        let error = try json(response)["error"]
        #expect(error?["code"] == "teapot")
        #expect(error?["message"] == "Short and stout.")
        #expect(error?["spout"] == true)
    }

    @Test func unexpectedErrorIs500WithoutDetails() throws {
        let response = respond(["REQUEST_URI": "/boom"])
        #expect(response.status.code == 500)
        #expect(try json(response)["error"]?["code"] == "internal_error")
    }

    @Test func badQueryIs400Json() throws {
        let response = respond(["REQUEST_URI": "/teapot?x=%G0"])
        #expect(response.status.code == 400)
        #expect(try json(response)["error"]?["code"] == "invalid_query")
    }

    @Test func unknownPathIs404Json() throws {
        let response = respond(["REQUEST_URI": "/nothing/here"])
        #expect(response.status.code == 404)
        #expect(try json(response)["error"]?["message"] == "No endpoint at /nothing/here.")
    }
}
