import Base
import HTTPClient
import JSON

/// Turns an HTTP answer from OpenPhone into JSON or a typed ``OpenPhoneError``. OpenPhone's
/// errors are JSON with `message`, `code` and `status` (sometimes a `title`); every field is
/// optional here, so an HTML error page from a proxy still maps by its status.
enum OpenPhoneResponse {
    /// Longest piece of OpenPhone's own wording kept in a message.
    static let longestDetail = 300
    /// Longest `Retry-After` taken: OpenPhone's limit is per second, so anything longer is a
    /// misreading rather than a reason to stop sending for days.
    static let longestRetryAfter: Duration = .seconds(3600)

    /// - Parameter hasEffect: the request changes something at OpenPhone (a send), so an answer
    ///   that does not say it was refused leaves that change in doubt
    ///   (``OpenPhoneError/mayHaveBeenSent``).
    static func json(from response: HTTPClientResponse, hasEffect: Bool) throws(OpenPhoneError) -> JSONValue {
        guard (200..<300).contains(response.status) else { throw error(from: response, hasEffect: hasEffect) }
        do {
            return try JSONValue(parsing: response.body)
        } catch {
            // A success was answered: whatever was asked has been done.
            throw .invalidResponse("the body is not JSON (\(error.reason) at byte \(error.offset))",
                                   status: response.status, mayHaveBeenSent: hasEffect)
        }
    }

    static func error(from response: HTTPClientResponse, hasEffect: Bool) -> OpenPhoneError {
        let body = try? JSONValue(parsing: response.body)
        let detail = detail(in: body)
        let code = body?["code"].flatMap(text)
        switch response.status {
        case 401:
            return .unauthorized(detail: detail, openPhoneCode: code)
        case 402, 403:
            return .notAllowed(status: response.status, detail: detail, openPhoneCode: code)
        case 404:
            return .notFound(detail: detail, openPhoneCode: code)
        case 429:
            return .rateLimited(retryAfter: retryAfter(response), openPhoneCode: code)
        case 400...499:
            return .invalidRequest(status: response.status, detail: detail, openPhoneCode: code)
        case 503:
            // The service says it is not taking requests: nothing was done.
            return .unavailable(status: 503, reason: "OpenPhone is unavailable (503)", mayHaveBeenSent: false)
        case 500...599:
            // An internal error or a gateway timeout may come after the work was done.
            return .unavailable(status: response.status, reason: "OpenPhone failed (\(response.status))",
                                mayHaveBeenSent: hasEffect)
        default:
            return .invalidResponse("unexpected status \(response.status)", status: response.status,
                                    mayHaveBeenSent: hasEffect)
        }
    }

    /// OpenPhone's `message` (else its `title`), trimmed to ``longestDetail``; nil when absent.
    static func detail(in body: JSONValue?) -> String? {
        guard let text = (body?["message"]?.stringValue ?? body?["title"]?.stringValue)?.trimmingPrintable(),
              !text.isEmpty
        else { return nil }
        return text.count > longestDetail ? String(text.prefix(longestDetail)) + "…" : text
    }

    /// A code as OpenPhone sends it: a string, or a number.
    private static func text(_ value: JSONValue) -> String? {
        value.stringValue ?? value.intValue.map { String($0) }
    }

    /// `Retry-After` in seconds when present and sane; otherwise a second (OpenPhone's window).
    /// The HTTP-date form is not read: OpenPhone sends seconds.
    static func retryAfter(_ response: HTTPClientResponse) -> Duration {
        guard let header = response.header("retry-after"), let seconds = Double(header), seconds >= 0,
              seconds.isFinite
        else { return .seconds(1) }
        return min(.seconds(seconds), longestRetryAfter)
    }
}

extension String {
    /// Control characters (newlines included) as blanks, trimmed: one log-safe line.
    func trimmingPrintable() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
            .trimmingWhitespace()
    }
}
