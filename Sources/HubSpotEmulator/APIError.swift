import HTTPServer
import JSON

/// A HubSpot error answer: status plus the JSON body HubSpot sends
/// (`{"status":"error","message":…,"correlationId":…,"category":…}` and optional `errors`,
/// `context`, `links`). The one place errors are rendered, so every failure has HubSpot's shape.
///
/// ```swift
/// throw APIError.validation("limit must be at most 200", in: "limit")
/// APIError.conflict(existingID: 123).response()   // 409 {"status":"error","message":"Contact already exists. Existing ID: 123",…}
/// ```
struct APIError: Error, Sendable {
    var status: Int
    var category: String
    var message: String
    /// Members that come after `category`, in order (`errors`, `context`, `links`, …).
    var details: JSONObject
    /// Members HubSpot places between `message` and `correlationId` (the 429 body's `errorType`).
    var leading: JSONObject
    var headers: [HTTPField]

    init(status: Int, category: String, message: String, details: JSONObject = [:],
                leading: JSONObject = [:], headers: [HTTPField] = []) {
        self.status = status
        self.category = category
        self.message = message
        self.details = details
        self.leading = leading
        self.headers = headers
    }

    /// The JSON body with a fresh (or given) correlation id.
    func body(correlationID: String = CorrelationID.make()) -> JSONValue {
        var object: JSONObject = ["status": "error", "message": .string(message)]
        for (key, value) in leading { object[key] = value }
        object["correlationId"] = .string(correlationID)
        object["category"] = .string(category)
        for (key, value) in details { object[key] = value }
        return .object(object)
    }

    func response(correlationID: String = CorrelationID.make()) -> ServerResponse {
        var response = JSONResponse.make(status, body(correlationID: correlationID), correlationID: correlationID)
        response.headers += headers
        return response
    }
}

extension APIError {
    static let docsOAuth = "https://developers.hubspot.com/docs/methods/auth/oauth-overview"
    static let docsScopes = "https://developers.hubspot.com/scopes"

    /// 400 VALIDATION_ERROR; `field` becomes `errors[0].in`.
    static func validation(_ message: String, in field: String? = nil, code: String? = nil) -> APIError {
        var detail: JSONObject = ["message": .string(message)]
        if let field { detail["in"] = .string(field) }
        if let code { detail["code"] = .string(code) }
        return APIError(status: 400, category: "VALIDATION_ERROR", message: message,
                        details: ["errors": [.object(detail)]])
    }

    /// 400 for a body that is not JSON of the expected shape (HubSpot's Jackson wording).
    static func invalidJSON(_ reason: String) -> APIError {
        APIError(status: 400, category: "VALIDATION_ERROR", message: "Invalid input JSON on line 1: \(reason)")
    }

    /// 400 for text that is not JSON, naming the line and column like HubSpot does.
    static func invalidJSON(_ reason: String, at offset: Int, in body: [UInt8]) -> APIError {
        let before = body.prefix(max(0, min(offset, body.count)))
        let line = before.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        let column = before.count - (before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
        return APIError(status: 400, category: "VALIDATION_ERROR",
                        message: "Invalid input JSON on line \(line), column \(column): \(reason)")
    }

    /// 401: no token, or one HubSpot does not know.
    static let invalidAuthentication = APIError(
        status: 401, category: "INVALID_AUTHENTICATION",
        message: "Authentication credentials not found. This API supports OAuth 2.0 authentication and you "
            + "can find more details at \(docsOAuth)")

    /// 403: the token lacks `scopes`.
    static func missingScopes(_ scopes: [String]) -> APIError {
        APIError(status: 403, category: "MISSING_SCOPES",
                 message: "This app hasn't been granted all required scopes to make this call. "
                     + "Read more about required scopes here: \(docsScopes).",
                 details: ["errors": [["message": "One or more of the following scopes are required.",
                                       "context": ["requiredGranularScopes": .array(scopes.map(JSONValue.string))]]],
                           "links": ["scopes": .string(docsScopes)]])
    }

    /// 429 with HubSpot's rate-limit body; `policy` is SECONDLY, TEN_SECONDLY_ROLLING or DAILY.
    static func rateLimited(policy: String = "SECONDLY", retryAfterSeconds: Int? = nil) -> APIError {
        APIError(status: 429, category: "RATE_LIMITS",
                 message: "You have reached your \(policy.lowercased()) limit.",
                 details: ["policyName": .string(policy)], leading: ["errorType": "RATE_LIMIT"],
                 headers: retryAfterSeconds.map { [HTTPField(name: "Retry-After", value: String($0))] } ?? [])
    }

    /// 404 for a record id that does not exist.
    static func objectNotFound(_ id: String) -> APIError {
        APIError(status: 404, category: "OBJECT_NOT_FOUND",
                 message: "Object not found.  objectId are usually numeric.",
                 details: ["context": ["id": [.string(id)]]])
    }

    /// 400 VALIDATION_ERROR on create when another record already has the unique `property`'s
    /// value (HubSpot answers so e.g. when the email is another contact's secondary email). The
    /// exact wording is not documented; this one names the record in the message and in
    /// `errors[0].context.id`.
    static func duplicateValue(_ property: String, existingID: Int64) -> APIError {
        let message = "Contact \(existingID) already has that value."
        var error = PropertyProblem.error([PropertyProblem(name: property, error: "CONFLICTING_UNIQUE_VALUE",
                                                           message: message)])
        error.details["errors"] = [["message": .string(message), "code": "CONFLICTING_UNIQUE_VALUE",
                                    "context": ["propertyName": [.string(property)],
                                                "id": [.string(String(existingID))]]]]
        return error
    }

    /// 409 on create when the email belongs to `existingID`.
    static func conflict(existingID: Int64) -> APIError {
        APIError(status: 409, category: "CONFLICT", message: "Contact already exists. Existing ID: \(existingID)")
    }
}

/// JSON answers with HubSpot's headers.
enum JSONResponse {
    static func make(_ status: Int, _ body: JSONValue, correlationID: String = CorrelationID.make()) -> ServerResponse {
        ServerResponse(status: status,
                       headers: [HTTPField(name: "Content-Type", value: "application/json;charset=utf-8"),
                                 HTTPField(name: "X-HubSpot-Correlation-Id", value: correlationID)],
                       body: body.encoded())
    }
}
