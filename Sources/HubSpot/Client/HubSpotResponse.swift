import HTTPClient
import JSON

/// Turns an HTTP answer from HubSpot into JSON or a typed ``HubSpotError``, following HubSpot's
/// documented error shapes (every field optional). A 4xx is a refusal of the request (a kind of
/// its own where callers act on it, else ``HubSpotError/Kind/invalidRequest``); only an answer
/// that cannot be read is ``HubSpotError/Kind/invalidResponse``.
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
        if let duplicate = DuplicateRefusal.error(status: response.status, body: body) { return duplicate }
        switch response.status {
        case 401:
            return .unauthorized
        case 403:
            return .missingScopes(scopes(in: body))
        case 404:
            return .notFound
        case 429:
            return .rateLimited(retryAfter: retryAfter(response, body: body),
                                policy: body?["policyName"]?.stringValue)
        case 400...499:
            return .invalidRequest(status: response.status, category: body?["category"]?.stringValue)
        case 500...599:
            return .unavailable(status: response.status)
        default:
            return HubSpotError(kind: .invalidResponse,
                                message: "HubSpot's answer could not be understood: unexpected status \(response.status)",
                                status: response.status)
        }
    }

    /// The digits after "Existing ID:" in a message (HubSpot's wording for a duplicate).
    static func existingID(in message: String) -> String? {
        let marker = Array("Existing ID:".utf8), bytes = Array(message.utf8)
        guard bytes.count >= marker.count,
              let start = (0...(bytes.count - marker.count)).first(where: { Array(bytes[$0..<$0 + marker.count]) == marker })
        else { return nil }
        let digits = bytes[(start + marker.count)...].drop { $0 == 32 }.prefix { (48...57).contains($0) }
        return digits.isEmpty ? nil : String(decoding: digits, as: UTF8.self)
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
