/// Why HubSpot could not answer. Never "not found": a contact HubSpot does not have is a
/// successful answer (`nil`), and none of these is ever cached as one.
///
/// A struct with a `Kind` rather than an enum, so new reasons can be added without breaking
/// callers that switch over the ones they care about.
/// ```swift
/// catch let error as HubSpotError where error.kind == .rateLimited { … error.retryAfter … }
/// ```
public struct HubSpotError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// 401: the token is wrong, expired or revoked.
        case unauthorized
        /// 403: the private app lacks a scope; ``HubSpotError/scopes`` names them.
        case missingScopes
        /// 429, or our own limiter: wait ``HubSpotError/retryAfter`` seconds.
        case rateLimited
        /// 5xx, connection refused, TLS failure, or no token configured.
        case unavailable
        /// No answer within the time budget.
        case timeout
        /// An answer we could not understand (bad JSON, unexpected shape or status).
        case invalidResponse
        /// A create refused because another record already holds a unique value (the email):
        /// 409 CONFLICT, or 400 VALIDATION_ERROR naming the record (e.g. when the email is another
        /// contact's secondary email). ``HubSpotError/existingID`` names it when HubSpot said which.
        case alreadyExists
    }

    public let kind: Kind
    /// A sentence for people. Built from fixed text, statuses and HubSpot's category/scope names:
    /// never from request headers, so the token cannot appear here.
    public let message: String
    public let scopes: [String]
    public let retryAfter: Double?
    public let status: Int?
    /// On ``Kind/alreadyExists``: the id of the record HubSpot already has, when it said which.
    public let existingID: String?

    init(kind: Kind, message: String, scopes: [String] = [], retryAfter: Double? = nil, status: Int? = nil,
         existingID: String? = nil) {
        self.kind = kind
        self.message = message
        self.scopes = scopes
        self.retryAfter = retryAfter
        self.status = status
        self.existingID = existingID
    }

    public var description: String { "\(kind.rawValue): \(message)" }

    /// The stack's own limits refused (no rate token within the wait allowed, or the fill stripe
    /// busy): HubSpot itself was not asked, so this says nothing about HubSpot or the number. A
    /// 429 from HubSpot carries its status.
    public var isLocalRateLimit: Bool { kind == .rateLimited && status == nil }

    public static let unauthorized = HubSpotError(
        kind: .unauthorized,
        message: "HubSpot rejected the access token (401); check HUBSPOT_ACCESS_TOKEN", status: 401)

    public static func missingScopes(_ scopes: [String]) -> HubSpotError {
        let list = scopes.isEmpty ? "a required scope" : scopes.joined(separator: ", ")
        return HubSpotError(kind: .missingScopes, message: "the HubSpot private app is missing the scope \(list) (403)",
                            scopes: scopes, status: 403)
    }

    public static func rateLimited(retryAfter: Double, policy: String? = nil) -> HubSpotError {
        let rounded = Double(Int(retryAfter * 10)) / 10
        let limit = policy.map { " (\($0))" } ?? ""
        return HubSpotError(kind: .rateLimited,
                            message: "HubSpot's rate limit was reached\(limit); retry in \(rounded) s",
                            retryAfter: retryAfter, status: 429)
    }

    public static func unavailable(status: Int?, reason: String? = nil) -> HubSpotError {
        let text = reason ?? status.map { "HubSpot answered \($0)" } ?? "HubSpot is unreachable"
        return HubSpotError(kind: .unavailable, message: text, status: status)
    }

    public static let notConfigured = HubSpotError(
        kind: .unavailable, message: "no HubSpot access token is configured (HUBSPOT_ACCESS_TOKEN)")

    public static func timeout(seconds: Double) -> HubSpotError {
        HubSpotError(kind: .timeout, message: "HubSpot did not answer within \(Int(seconds * 1000)) ms")
    }

    /// HubSpot refused a create (`status` 409 or 400) because a record already holds the value;
    /// `existingID` when it said which record. When it reaches a client (the record could not be
    /// found yet: HubSpot's search index lags a few seconds), a retry soon finds it.
    public static func alreadyExists(existingID: String?, status: Int) -> HubSpotError {
        let which = existingID.map { " (id \($0))" } ?? ""
        return HubSpotError(kind: .alreadyExists, message: "HubSpot already has this contact\(which) (\(status))",
                            retryAfter: 2, status: status, existingID: existingID)
    }

    public static func invalidResponse(_ reason: String) -> HubSpotError {
        HubSpotError(kind: .invalidResponse, message: "HubSpot's answer could not be understood: \(reason)")
    }

    public static func == (a: HubSpotError, b: HubSpotError) -> Bool {
        a.kind == b.kind && a.scopes == b.scopes && a.status == b.status && a.message == b.message
            && a.existingID == b.existingID
    }
}
