import Base
import JSON

/// Every failure a client can see, rendered one way: `{"error":{"code":"…","message":"…"}}`.
///
/// `code` is a stable machine-readable token; `message` is a sentence for people. Neither may
/// ever contain a secret: build messages from what the client sent or from fixed text.
/// ```swift
/// throw HTTPError(.badRequest, code: "invalid_phone", message: "'12' is too short to be a phone number.")
/// ```
public struct HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: HTTPStatus
    public var code: String
    public var message: String
    /// Extra response headers, e.g. `Allow` on a 405 or `Retry-After` on a 503.
    public var headers: HTTPHeaders
    /// Extra members of the `error` object (e.g. `"retryAfterSeconds"`), rendered after code/message.
    public var details: JSONObject

    public init(_ status: HTTPStatus, code: String, message: String,
                headers: HTTPHeaders = HTTPHeaders(), details: JSONObject = JSONObject()) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
        self.details = details
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    /// The JSON body `{"error":{"code","message",…details}}`.
    public var json: JSONValue {
        var error: JSONObject = ["code": .string(code), "message": .string(message)]
        for (key, value) in details { error[key] = value }
        return ["error": .object(error)]
    }

    public var response: Response {
        var headers = headers
        headers.set("Cache-Control", "no-store")
        return Response(status: status, headers: headers, json: json)
    }

    // The errors the runtime itself produces.

    public static func notFound(path: String) -> HTTPError {
        HTTPError(.notFound, code: "not_found", message: "No endpoint at \(path).")
    }

    public static func methodNotAllowed(_ method: HTTPMethod, allowed: [HTTPMethod]) -> HTTPError {
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        return HTTPError(.methodNotAllowed, code: "method_not_allowed",
                         message: "\(method.rawValue) is not allowed here; use \(list).",
                         headers: HTTPHeaders([("Allow", list)]))
    }

    public static func bodyTooLarge(limit: Int) -> HTTPError {
        HTTPError(.contentTooLarge, code: "body_too_large",
                  message: "The request body is larger than the \(limit)-byte limit of this endpoint.")
    }

    public static let internalError = HTTPError(
        .internalServerError, code: "internal_error",
        message: "The responder failed to handle this request; the failure is logged.")
}
