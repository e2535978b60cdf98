/// Who sent a message: the customer (`incoming`) or us (`outgoing`), as OpenPhone says it.
public enum MessageDirection: String, Sendable, Hashable, CaseIterable {
    case incoming
    case outgoing
}
