@_exported import TestSupport
@testable import HubSpotWebhooks

/// A case-insensitive header lookup over literal pairs, as the responder builds one from FastCGI
/// parameters.
func headers(_ pairs: [String: String]) -> (String) -> String? {
    var lowered: [String: String] = [:]
    for (name, value) in pairs { lowered[name.lowercased()] = value }
    return { lowered[$0.lowercased()] }
}
