/// An injected fault that applies to one endpoint (or every one) for a number of calls, or
/// until it is cleared.
///
/// ```swift
/// var held: StatusFault? = StatusFault(status: 500, remaining: 2, endpoint: .search)
/// held.take(for: .search)   // the fault; one call left
/// ```
public protocol CountedFault {
    associatedtype Endpoint: Equatable
    /// The endpoint it applies to; nil for all.
    var endpoint: Endpoint? { get }
    /// Calls still to fail; nil means until cleared.
    var remaining: Int? { get set }
}

extension Optional where Wrapped: CountedFault {
    /// Takes one use of the fault held if it applies to `endpoint`; the last use clears it.
    public mutating func take(for endpoint: Wrapped.Endpoint) -> Wrapped? {
        guard var fault = self, fault.endpoint == nil || fault.endpoint == endpoint else { return nil }
        if let remaining = fault.remaining {
            fault.remaining = remaining - 1
            self = remaining > 1 ? fault : nil
        }
        return fault
    }
}
