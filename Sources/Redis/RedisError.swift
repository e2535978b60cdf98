/// Why a Redis command did not give an answer. Messages come from hiredis and the server,
/// never from the URL, so they carry no password.
public struct RedisError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// No connection: refused, timed out, reset, or not tried again yet after a failure.
        /// The caller falls back to what it can do alone.
        case unreachable
        /// The server refused the login (a wrong password or user): like ``unreachable`` for the
        /// caller, and an operator's mistake to fix.
        case loginRefused
        /// The server answered a command with an error (an unknown command, a script error).
        case refused
        /// The server answered something the caller cannot read.
        case unexpectedReply
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
