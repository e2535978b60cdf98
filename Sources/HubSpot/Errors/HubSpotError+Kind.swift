extension HubSpotError {
    /// Why HubSpot could not answer, or refused. A struct of static kinds rather than an enum, so
    /// a kind added later never breaks a caller's `switch` (callers outside this module end theirs
    /// with `default:`); compare with `==` or match in a `switch` as with enum cases:
    /// ```swift
    /// switch error.kind {
    /// case .notFound: return nil
    /// case .rateLimited: wait(error.retryAfter)
    /// default: throw error
    /// }
    /// ```
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        /// The closed list inside this module, so ``HubSpotError/code`` is checked to cover every
        /// kind; outside it, only the static values are visible.
        enum Base: String, Hashable, Sendable {
            case unauthorized, missingScopes, rateLimited, unavailable, timeout, invalidResponse
            case notFound, invalidRequest, alreadyExists
        }

        let base: Base

        private init(_ base: Base) { self.base = base }

        /// 401: the token is wrong, expired or revoked.
        public static let unauthorized = Kind(.unauthorized)
        /// 403: the private app lacks a scope; ``HubSpotError/scopes`` names them.
        public static let missingScopes = Kind(.missingScopes)
        /// 429, or our own limiter: wait ``HubSpotError/retryAfter`` seconds.
        public static let rateLimited = Kind(.rateLimited)
        /// 5xx, connection refused, TLS failure, or no token configured.
        public static let unavailable = Kind(.unavailable)
        /// No answer within the time budget.
        public static let timeout = Kind(.timeout)
        /// An answer we could not understand: not JSON, an unexpected shape, or a status HubSpot
        /// does not document (a redirect, say). Never a refusal of the request: see
        /// ``invalidRequest``.
        public static let invalidResponse = Kind(.invalidResponse)
        /// 404: the object asked for by id or key does not exist. The client's methods that read
        /// one object answer nil for it instead of throwing.
        public static let notFound = Kind(.notFound)
        /// HubSpot refused the request as wrong: a 400 (`VALIDATION_ERROR`: an invalid email, an
        /// unknown property, an operator such as `IN` refused on a property) or another 4xx it
        /// has no kind of its own for. Asking again unchanged gets the same answer; a caller with
        /// a simpler request to fall back on (fewer filters, `EQ` for `IN`) can try that.
        public static let invalidRequest = Kind(.invalidRequest)
        /// A create refused because another record already holds a unique value (the email):
        /// 409 CONFLICT, or 400 VALIDATION_ERROR naming the record (e.g. when the email is another
        /// contact's secondary email). ``HubSpotError/existingID`` names it when HubSpot said which.
        public static let alreadyExists = Kind(.alreadyExists)

        /// The kind's name (`rateLimited`), as logs show it; ``HubSpotError/code`` is what
        /// clients see.
        public var description: String { base.rawValue }
    }
}
