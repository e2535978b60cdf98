import HTTPServer
import JSON

/// An OpenPhone error answer: the status and the JSON body OpenPhone sends,
/// `{"message","code","status","docs","title"}` plus `errors` for a body that fails validation.
/// The one place errors are rendered, so every failure has OpenPhone's shape.
///
/// ```swift
/// APIError.invalidBody("content must be 1 to 1600 characters", path: "/content").response()
/// // 400 {"message":"…","code":"0200400","status":400,"docs":"https://…","title":"Bad Request","errors":[…]}
/// ```
///
/// `code` follows the `<7 digits ending in the status>` look of OpenPhone's codes; the leading
/// digits are the emulator's own (OpenPhone does not publish its table), so clients should
/// branch on `status`.
struct APIError: Error, Sendable {
    var status: Int
    var code: String
    var title: String
    var message: String
    /// Validation details: `[{"path":"/to/0","message":"…"}]`.
    var errors: [JSONValue] = []
    var headers: [HTTPField] = []

    static let docs = "https://www.openphone.com/docs/api-reference"

    var body: JSONValue {
        var object: JSONObject = ["message": .string(message), "code": .string(code), "status": .int(Int64(status)),
                                  "docs": .string(Self.docs), "title": .string(title)]
        if !errors.isEmpty { object["errors"] = .array(errors) }
        return .object(object)
    }

    func response() -> ServerResponse {
        var response = JSONAnswer.make(status, body)
        response.headers += headers
        return response
    }
}

extension APIError {
    /// 400 for a body that is not a JSON object of the expected shape; `path` names the field
    /// as a JSON pointer.
    static func invalidBody(_ message: String, path: String? = nil) -> APIError {
        var detail: JSONObject = ["message": .string(message)]
        if let path { detail["path"] = .string(path) }
        return APIError(status: 400, code: "0200400", title: "Bad Request", message: message,
                        errors: [.object(detail)])
    }

    /// 400 when `from` is not one of the workspace's lines.
    static func unknownSender(_ from: String) -> APIError {
        var error = invalidBody("Phone number \(from) is not a phone number in your workspace", path: "/from")
        error.code = "0201400"
        return error
    }

    /// 401: no key, a key OpenPhone does not know, or one sent as `Bearer …`. The message never
    /// repeats what was sent.
    static let unauthorized = APIError(status: 401, code: "0100401", title: "Unauthorized",
                                       message: "Invalid API key. Send the key as the Authorization header, without a scheme.")

    static func notFound(_ message: String) -> APIError {
        APIError(status: 404, code: "0300404", title: "Not Found", message: message)
    }

    static func methodNotAllowed(_ method: String, _ path: String) -> APIError {
        APIError(status: 405, code: "0300405", title: "Method Not Allowed",
                 message: "\(method) is not supported on \(path)")
    }

    /// 429 with `Retry-After` in whole seconds.
    static func rateLimited(retryAfterSeconds: Int) -> APIError {
        APIError(status: 429, code: "0400429", title: "Too Many Requests",
                 message: "Rate limit exceeded: at most 10 requests per second per API key. Retry later.",
                 headers: [HTTPField(name: "Retry-After", value: String(retryAfterSeconds))])
    }

    /// An injected failure with OpenPhone's shape and a default wording for the status.
    static func injected(status: Int, message: String?) -> APIError {
        let title = switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 402: "Payment Required"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Error"
        }
        let wording = switch status {
        case 402: "Not enough credits to send this message."
        case 403: "You are not allowed to send from this phone number."
        case 429: "Rate limit exceeded. Retry later."
        default: "\(title) (injected by the emulator)"
        }
        return APIError(status: status, code: "0900\(status)", title: title, message: message ?? wording)
    }
}

/// JSON answers: the API's and the control paths'.
enum JSONAnswer {
    static func make(_ status: Int, _ body: JSONValue) -> ServerResponse {
        ServerResponse(status: status, headers: [HTTPField(name: "Content-Type", value: "application/json; charset=utf-8")],
                       body: body.encoded())
    }
}
