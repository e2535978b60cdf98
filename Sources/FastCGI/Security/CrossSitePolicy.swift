import Base

/// Whether a route's state-changing requests must prove they come from our own pages.
///
/// nginx authenticates operators and admins with HTTP Basic, and browsers attach cached Basic
/// credentials to any request to our origin — including a `<form enctype="text/plain">` posted
/// from another site. Such a form cannot set `Content-Type: application/json` without a CORS
/// preflight (which nothing here answers), and modern browsers mark it with `Origin` and
/// `Sec-Fetch-Site`; ``refuseCrossSite`` checks all three.
///
/// ```swift
/// router.post("/api/contacts/cache/clear") { … }                                 // refuseCrossSite
/// router.post("/api/webhooks/openphone", crossSite: .authenticatedByBody) { … }  // signed by OpenPhone
/// ```
public enum CrossSitePolicy: Sendable {
    /// Unsafe methods need `Content-Type: application/json`, and are refused when the browser
    /// says the request is cross-site or names a foreign `Origin`. The default.
    case refuseCrossSite
    /// The request proves itself (a signature over the body): browser credentials play no part,
    /// so neither the content type nor the origin is checked. Server-to-server webhooks.
    case authenticatedByBody
}

extension CrossSitePolicy {
    /// The error for `request` under this policy, or nil when it may proceed. Safe methods
    /// (GET, HEAD, OPTIONS) always proceed: they change nothing.
    func violation(by request: Request) -> HTTPError? {
        guard self == .refuseCrossSite, request.method.isUnsafe else { return nil }
        if let site = request.headers["sec-fetch-site"], site.lowercased() == "cross-site" {
            return .crossSiteRefused(because: "the browser marked it cross-site (Sec-Fetch-Site)")
        }
        if let origin = request.headers["origin"], !Self.isSameOrigin(origin, host: request.headers["host"]) {
            return .crossSiteRefused(because: "its Origin is not this server")
        }
        guard Self.isJSON(request.contentType) else {
            return HTTPError(.unsupportedMediaType, code: "json_required",
                             message: "This endpoint changes state and accepts only Content-Type: application/json.")
        }
        return nil
    }

    /// `application/json`, any case, with or without parameters (`; charset=utf-8`).
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let mediaType = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return String(mediaType).trimmingWhitespace().lowercased() == "application/json"
    }

    /// `Origin: https://host[:port]` names the server the request was sent to (`Host`). A browser
    /// sends `Origin: null` from sandboxed or opaque contexts: never ours.
    static func isSameOrigin(_ origin: String, host: String?) -> Bool {
        guard let host, !host.isEmpty else { return false }
        let lowered = origin.lowercased()
        for scheme in ["https://", "http://"] where lowered.hasPrefix(scheme) {
            return lowered.dropFirst(scheme.count) == host.lowercased()
        }
        return false
    }
}

extension HTTPMethod {
    /// Methods that may change state (RFC 9110 §9.2.1: not safe).
    var isUnsafe: Bool { self != .get && self != .head && self != .options }
}

extension HTTPError {
    static func crossSiteRefused(because reason: String) -> HTTPError {
        HTTPError(.forbidden, code: "cross_site_request",
                  message: "This request was refused because \(reason); state-changing requests must come from this server's own pages or an API client.")
    }
}
