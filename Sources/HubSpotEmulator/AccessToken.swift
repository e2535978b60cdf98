/// A private-app token the emulated account accepts, with the scopes it was granted.
/// `label` names it in logs and rate-limit bookkeeping, so the token itself is never stored
/// anywhere else or printed.
///
/// ```swift
/// AccessToken(token: "secret", scopes: [Scope.contactsRead], label: "read-only")
/// ```
public struct AccessToken: Sendable, Equatable {
    public var token: String
    public var scopes: Set<String>
    public var label: String

    public init(token: String, scopes: Set<String>, label: String) {
        self.token = token
        self.scopes = scopes
        self.label = label
    }

    /// `emulator-token` (every scope), `emulator-token-read-only` (no contact write) and
    /// `emulator-token-no-scopes` (nothing), each overridable.
    public static func defaults(full: String = "emulator-token", readOnly: String = "emulator-token-read-only",
                                noScopes: String = "emulator-token-no-scopes") -> [AccessToken] {
        [AccessToken(token: full, scopes: [Scope.contactsRead, Scope.contactsWrite, Scope.companiesRead], label: "full"),
         AccessToken(token: readOnly, scopes: [Scope.contactsRead, Scope.companiesRead], label: "read-only"),
         AccessToken(token: noScopes, scopes: [], label: "no-scopes")]
    }
}

/// HubSpot's granular scope names.
public enum Scope {
    public static let contactsRead = "crm.objects.contacts.read"
    public static let contactsWrite = "crm.objects.contacts.write"
    public static let companiesRead = "crm.objects.companies.read"
}

extension Array where Element == AccessToken {
    /// The token named by `Authorization: Bearer <token>`; nil when missing or unknown.
    func authenticate(_ authorization: String?) -> AccessToken? {
        guard let authorization else { return nil }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let presented = [UInt8](parts[1].utf8)
        return first { Self.constantTimeEqual([UInt8]($0.token.utf8), presented) }
    }

    private static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}
