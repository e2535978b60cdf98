/// Why HubSpot could not answer, or refused what was asked. A contact HubSpot does not have is
/// a successful answer (`nil`), never an error, and none of these is ever cached as one (the
/// client's readers of one object turn a ``Kind/notFound`` into nil).
///
/// A struct with an evolvable ``Kind`` rather than an enum, so new reasons can be added without
/// breaking callers that switch over the ones they care about. ``status`` is HubSpot's HTTP
/// status, for people reading logs: decide by ``kind``.
/// ```swift
/// catch let error as HubSpotError where error.kind == .rateLimited { … error.retryAfter … }
/// ```
public struct HubSpotError: Error, Sendable, Equatable, CustomStringConvertible {
    public let kind: Kind
    /// A sentence for people. Built from fixed text, statuses and HubSpot's category/scope names:
    /// never from request headers, so the token cannot appear here.
    public let message: String
    public let scopes: [String]
    public let retryAfter: Double?
    public let status: Int?
    /// On ``Kind/alreadyExists``: the id of the record HubSpot already has, when it said which.
    public let existingID: String?
    /// The request never reached HubSpot (refused connection, TLS failure, no token, the stack's
    /// own limit): whatever it asked for certainly did not happen. False when HubSpot may have
    /// acted on it (a timeout, a 5xx) or answered.
    public let neverSent: Bool

    init(kind: Kind, message: String, scopes: [String] = [], retryAfter: Double? = nil, status: Int? = nil,
         existingID: String? = nil, neverSent: Bool = false) {
        self.kind = kind
        self.message = message
        self.scopes = scopes
        self.retryAfter = retryAfter
        self.status = status
        self.existingID = existingID
        self.neverSent = neverSent
    }

    public var description: String { "\(kind): \(message)" }

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
        kind: .unavailable, message: "no HubSpot access token is configured (HUBSPOT_ACCESS_TOKEN)", neverSent: true)

    /// HubSpot could not be reached at all: nothing was sent.
    static func unreachable(_ reason: String) -> HubSpotError {
        HubSpotError(kind: .unavailable, message: reason, neverSent: true)
    }

    public static func timeout(after budget: Duration) -> HubSpotError {
        HubSpotError(kind: .timeout, message: "HubSpot did not answer within \(budget.wholeMillisecondsRoundedUp) ms")
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

    /// HubSpot answered 404: the object asked for does not exist.
    public static let notFound = HubSpotError(kind: .notFound, message: "HubSpot has no such object (404)", status: 404)

    /// HubSpot refused the request as wrong (`status` 400 or another 4xx); `category` is
    /// HubSpot's name for the problem (`VALIDATION_ERROR`) when it gave one.
    public static func invalidRequest(status: Int, category: String? = nil) -> HubSpotError {
        let named = category.map { " \($0)" } ?? ""
        return HubSpotError(kind: .invalidRequest, message: "HubSpot refused the request (\(status)\(named))",
                            status: status)
    }

    public static func == (a: HubSpotError, b: HubSpotError) -> Bool {
        a.kind == b.kind && a.scopes == b.scopes && a.status == b.status && a.message == b.message
            && a.existingID == b.existingID
    }
}
