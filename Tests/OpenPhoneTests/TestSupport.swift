@_exported import TestSupport
@testable import OpenPhone

/// A header lookup over literal pairs, as the responder builds one from FastCGI parameters.
func headers(_ pairs: [String: String]) -> (String) -> String? { { pairs[$0] } }
