extension OpenPhoneError {
    /// Why an OpenPhone call failed. A struct of static kinds rather than an enum, so a kind added
    /// later never breaks a caller's `switch` (callers outside this module end theirs with
    /// `default:`):
    /// ```swift
    /// switch error.kind {
    /// case .invalidRequest: return .badRequest(error.message)
    /// case .rateLimited, .unavailable: return .retryLater(error.retryAfter)
    /// default: throw error
    /// }
    /// ```
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        /// The closed list inside this module, so ``OpenPhoneError/code`` covers every kind.
        enum Base: String, Hashable, Sendable {
            case invalidRequest, unauthorized, notAllowed, notFound, rateLimited, unavailable, timeout
            case notConfigured, invalidResponse
        }

        let base: Base

        private init(_ base: Base) { self.base = base }

        /// 400 (or a 4xx without a kind of its own): an invalid number, empty or too long content.
        /// ``OpenPhoneError/message`` carries OpenPhone's explanation, ``OpenPhoneError/openPhoneCode`` its code.
        public static let invalidRequest = Kind(.invalidRequest)
        /// 401: the API key is wrong or revoked.
        public static let unauthorized = Kind(.unauthorized)
        /// 402 (no credits left, ``OpenPhoneError/isOutOfCredits``) or 403 (not allowed for this key).
        public static let notAllowed = Kind(.notAllowed)
        /// 404: the line, message or conversation asked for does not exist.
        public static let notFound = Kind(.notFound)
        /// 429, OpenPhone's hold-off still running, or the stack's own budget used up: wait
        /// ``OpenPhoneError/retryAfter``.
        public static let rateLimited = Kind(.rateLimited)
        /// 5xx, connection refused, TLS failure, or the exchange broke off.
        public static let unavailable = Kind(.unavailable)
        /// No answer within the time budget.
        public static let timeout = Kind(.timeout)
        /// No API key (or no line to send from) is configured.
        public static let notConfigured = Kind(.notConfigured)
        /// An answer we could not read: not JSON, an unexpected shape or status.
        public static let invalidResponse = Kind(.invalidResponse)

        public var description: String { base.rawValue }
    }
}
