/// Why an OpenPhone call failed: OpenPhone refused it, could not be reached, or answered
/// something unreadable. A struct with an evolvable ``Kind`` (new reasons can be added without
/// breaking callers); ``code`` is the stable name clients and logs see.
///
/// ```swift
/// do { sent = try client.sendMessage(content: text, from: line, to: "+15555550123") }
/// catch where error.kind == .rateLimited { retry(after: error.retryAfter) }
/// catch where error.mayHaveBeenSent { markUncertain(error) }   // never re-send blindly
/// catch { markFailed(error.message) }
/// ```
/// Nothing here ever holds the API key: the client writes the messages from fixed text,
/// statuses and OpenPhone's own words, and cuts the key out of anything it did not write.
public struct OpenPhoneError: Error, Sendable, Equatable, CustomStringConvertible {
    public let kind: Kind
    /// A sentence for people, safe to log and to show.
    public let message: String
    /// OpenPhone's HTTP status; nil when there was no answer or the stack refused by itself.
    public let status: Int?
    /// OpenPhone's own error code (`"0200400"`) when its answer had one.
    public let openPhoneCode: String?
    /// On ``Kind/rateLimited``: how long to wait before asking again.
    public let retryAfter: Duration?
    /// The request may have reached OpenPhone and been acted on: a timeout or a connection lost
    /// after the request went out, a 5xx other than 503, or a success whose answer could not be
    /// read. For a send this means the text may have gone out: the caller must not send it again
    /// without a person deciding (or a later webhook telling). False when OpenPhone certainly did
    /// nothing: it refused (4xx, 503), it was never reached, or the stack refused by itself.
    public let mayHaveBeenSent: Bool

    init(kind: Kind, message: String, status: Int? = nil, openPhoneCode: String? = nil, retryAfter: Duration? = nil,
         mayHaveBeenSent: Bool = false) {
        self.kind = kind
        self.message = message
        self.status = status
        self.openPhoneCode = openPhoneCode
        self.retryAfter = retryAfter
        self.mayHaveBeenSent = mayHaveBeenSent
    }

    public var description: String { "\(code): \(message)" }

    /// The stack's own limiter refused (no rate token within the wait allowed): OpenPhone was
    /// not asked. A 429 from OpenPhone, or its hold-off, carries status 429.
    public var isLocalRateLimit: Bool { kind == .rateLimited && status == nil }

    /// On ``Kind/notAllowed``: OpenPhone answered 402, the workspace has no credits left (403 is
    /// "not allowed": the key's workspace may not use that line or feature).
    public var isOutOfCredits: Bool { kind == .notAllowed && status == 402 }

    /// OpenPhone refused the request as wrong (400, or a 4xx without a kind of its own): an
    /// invalid number, empty or too long content. Sending it again unchanged gets the same answer.
    static func invalidRequest(status: Int, detail: String?, openPhoneCode: String?) -> OpenPhoneError {
        OpenPhoneError(kind: .invalidRequest, message: "OpenPhone refused the request (\(status))" + suffix(detail),
                       status: status, openPhoneCode: openPhoneCode)
    }

    static func unauthorized(detail: String?, openPhoneCode: String?) -> OpenPhoneError {
        OpenPhoneError(kind: .unauthorized,
                       message: "OpenPhone rejected the API key (401); check OPENPHONE_API_KEY" + suffix(detail),
                       status: 401, openPhoneCode: openPhoneCode)
    }

    static func notAllowed(status: Int, detail: String?, openPhoneCode: String?) -> OpenPhoneError {
        let reason = status == 402 ? "the workspace has no credits left (402)" : "the API key may not do this (\(status))"
        return OpenPhoneError(kind: .notAllowed, message: "OpenPhone refused: \(reason)" + suffix(detail),
                              status: status, openPhoneCode: openPhoneCode)
    }

    static func notFound(detail: String?, openPhoneCode: String?) -> OpenPhoneError {
        OpenPhoneError(kind: .notFound, message: "OpenPhone has no such object (404)" + suffix(detail), status: 404,
                       openPhoneCode: openPhoneCode)
    }

    /// OpenPhone's 429 (status 429), or its hold-off still running in this stack.
    static func rateLimited(retryAfter: Duration, openPhoneCode: String? = nil) -> OpenPhoneError {
        let milliseconds = retryAfter.wholeMillisecondsRoundedUp
        return OpenPhoneError(kind: .rateLimited,
                              message: "OpenPhone's rate limit was reached; retry in \(Double(milliseconds) / 1000) s",
                              status: 429, openPhoneCode: openPhoneCode, retryAfter: retryAfter)
    }

    /// The stack's own budget (`OPENPHONE_RATE`) had no token in time; OpenPhone was not asked.
    /// Public for gates of other kinds (``OpenPhoneGate/admit(maxWait:)`` throws it).
    public static func budgetUsedUp(rate: Double) -> OpenPhoneError {
        OpenPhoneError(kind: .rateLimited, message: "the stack's OpenPhone budget (\(rate)/s) is used up; retry shortly",
                       retryAfter: .seconds(1))
    }

    static func unavailable(status: Int?, reason: String, mayHaveBeenSent: Bool) -> OpenPhoneError {
        OpenPhoneError(kind: .unavailable, message: reason, status: status, mayHaveBeenSent: mayHaveBeenSent)
    }

    static func timeout(_ budget: Duration, mayHaveBeenSent: Bool) -> OpenPhoneError {
        let waited = mayHaveBeenSent ? "did not answer" : "could not be asked"
        return OpenPhoneError(kind: .timeout,
                              message: "OpenPhone \(waited) within \(budget.wholeMillisecondsRoundedUp) ms",
                              mayHaveBeenSent: mayHaveBeenSent)
    }

    static func notConfigured(_ reason: String) -> OpenPhoneError {
        OpenPhoneError(kind: .notConfigured, message: reason)
    }

    static func invalidResponse(_ reason: String, status: Int?, mayHaveBeenSent: Bool) -> OpenPhoneError {
        OpenPhoneError(kind: .invalidResponse, message: "OpenPhone's answer could not be understood: \(reason)",
                       status: status, mayHaveBeenSent: mayHaveBeenSent)
    }

    private static func suffix(_ detail: String?) -> String { detail.map { ": " + $0 } ?? "" }
}
