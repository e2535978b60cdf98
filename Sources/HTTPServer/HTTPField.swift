/// One header line as received or to be sent; names keep their spelling, lookups ignore case.
///
/// ```swift
/// let field = HTTPField(name: "Content-Type", value: "application/json")
/// ```
public struct HTTPField: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

extension Array where Element == HTTPField {
    /// The first value for `name` (ASCII case-insensitive), or nil.
    ///
    /// ```swift
    /// request.headers["authorization"]   // "Bearer …"
    /// ```
    public subscript(name: String) -> String? {
        first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Every value for `name`, in order.
    public func values(for name: String) -> [String] {
        let lower = name.lowercased()
        return filter { $0.name.lowercased() == lower }.map(\.value)
    }
}
