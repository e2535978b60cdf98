import Base
import FastCGI
import HubSpot
import JSON

extension HubSpotError {
    /// The answer an endpoint gives when HubSpot could not answer: 503 with the reason, never a
    /// "not found". Rate limits carry `Retry-After`.
    public var httpError: HTTPError {
        var headers = HTTPHeaders()
        var details: JSONObject = [:]
        if let retryAfter {
            let seconds = max(1, Int(retryAfter.rounded(.up)))
            headers.add("Retry-After", String(seconds))
            details["retryAfterSeconds"] = .int(Int64(seconds))
        }
        if !scopes.isEmpty { details["scopes"] = .array(scopes.map { .string($0) }) }
        return HTTPError(.serviceUnavailable, code: code, message: message + ".", headers: headers, details: details)
    }
}
