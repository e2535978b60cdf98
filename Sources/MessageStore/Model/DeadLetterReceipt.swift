/// What ``MessageStore/keepDeadLetter(_:)`` did: the row that holds the delivery, and whether
/// this was its first arrival (false for an OpenPhone retry of the same event or body).
public struct DeadLetterReceipt: Sendable, Hashable {
    public var id: DeadLetterID
    public var firstDelivery: Bool
}
