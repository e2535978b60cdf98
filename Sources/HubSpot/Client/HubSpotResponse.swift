import HTTPClient
import JSON

/// Turns an HTTP answer from HubSpot into JSON or a typed ``HubSpotError``, following HubSpot's
/// documented error shapes (every field optional).
enum HubSpotResponse {
    static func json(from response: HTTPClientResponse) throws(HubSpotError) -> JSONValue {
        guard (200..<300).contains(response.status) else {
            throw error(from: response)
        }
        do {
            return try JSONValue(parsing: response.body)
        } catch {
            throw .invalidResponse("the body is not JSON (\(error.reason) at byte \(error.offset))")
        }
    }

    static func error(from response: HTTPClientResponse) -> HubSpotError {
        let body = try? JSONValue(parsing: response.body)
        switch response.status {
        case 401:
            return .unauthorized
        case 403:
            return .missingScopes(scopes(in: body))
        case 429:
            return .rateLimited(retryAfter: retryAfter(response, body: body),
                                policy: body?["policyName"]?.stringValue)
        case 500...599:
            return .unavailable(status: response.status)
        default:
            let category = body?["category"]?.stringValue.map { " \($0)" } ?? ""
            return .invalidResponse("unexpected status \(response.status)\(category)")
        }
    }

    /// HubSpot lists missing scopes under `errors[].context.requiredGranularScopes` (newer) or
    /// `requiredScopes`; older answers only say so in the message.
    static func scopes(in body: JSONValue?) -> [String] {
        var found: [String] = []
        for error in body?["errors"]?.arrayValue ?? [] {
            for key in ["requiredGranularScopes", "requiredScopes"] {
                for scope in error["context"]?[key]?.arrayValue ?? [] {
                    if let name = scope.stringValue, !found.contains(name) { found.append(name) }
                }
            }
        }
        return found
    }

    /// `Retry-After` when present; otherwise HubSpot's policy: a second for the secondly limit,
    /// ten for the rolling ten-second limit, an hour for the daily limit (it resets at midnight
    /// in the account's time zone, which we do not know).
    static func retryAfter(_ response: HTTPClientResponse, body: JSONValue?) -> Double {
        if let header = response.header("retry-after"), let seconds = Double(header), seconds >= 0 {
            return min(seconds, 3600)
        }
        switch body?["policyName"]?.stringValue {
        case "TEN_SECONDLY_ROLLING": return 10
        case "DAILY": return 3600
        default: return 1
        }
    }
}
