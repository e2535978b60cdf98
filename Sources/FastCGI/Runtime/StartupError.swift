import Base

/// A reason the responder cannot start, printed as one clear line before a non-zero exit.
public struct StartupError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
