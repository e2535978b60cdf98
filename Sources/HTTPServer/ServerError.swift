import Glibc

/// A failed system call while setting up the server, e.g. `bind: Address already in use`.
public struct ServerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The C call that failed (`socket`, `bind`, `listen`, …) or `address` for a bad address.
    public var operation: String
    /// `errno` after the call, 0 when not a system error.
    public var code: Int32

    public init(operation: String, code: Int32) {
        self.operation = operation
        self.code = code
    }

    public var description: String {
        guard code != 0 else { return "\(operation): invalid" }
        return "\(operation): \(String(cString: strerror(code)))"
    }
}
