import Base
import SharedCache

/// A change one host made to the contact cache that every other host applies to its own cache
/// file, as it goes over the cluster's Redis stream (`kind`, `value` fields).
enum ClusterChange: Equatable {
    /// The cache was cleared: drop everything.
    case clear
    /// This answer was replaced in Redis: drop your copy, the next lookup reads the new one.
    case key(CacheKey)
    /// HubSpot changed these contacts: drop these numbers' answers and every number your own
    /// index says named one of the contacts, except `keeping`'s (rewritten with the change).
    case forget(numbers: [String], contacts: [String], keeping: [String])

    var kind: String {
        switch self {
        case .clear: "clear"
        case .key: "key"
        case .forget: "forget"
        }
    }

    /// Numbers and contact ids never hold "," or "|".
    var value: String {
        switch self {
        case .clear: ""
        case .key(let key): SharedAnswers.hex(key)
        case .forget(let numbers, let contacts, let keeping):
            [numbers, contacts, keeping].map { $0.joined(separator: ",") }.joined(separator: "|")
        }
    }

    init?(kind: String, value: String) {
        switch kind {
        case "clear": self = .clear
        case "key":
            guard let bytes = Hex.decode(value) else { return nil }
            self = .key(CacheKey(bytes: bytes))
        case "forget":
            let parts = value.split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.split(separator: ",").map(String.init) }
            guard parts.count == 3 else { return nil }
            self = .forget(numbers: parts[0], contacts: parts[1], keeping: parts[2])
        default: return nil
        }
    }
}
