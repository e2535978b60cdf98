/// A credential (HubSpot token, webhook secret) that cannot leak by accident: it prints as
/// `[redacted]` in logs, errors and string interpolation; only ``reveal()`` gives the value, and
/// only the code that builds an `Authorization` header or verifies a signature calls it.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    private let value: String

    public init(_ value: String) { self.value = value }

    public func reveal() -> String { value }

    public var description: String { "[redacted]" }
    public var debugDescription: String { "[redacted]" }
    /// Even `dump()` and reflection see nothing inside.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
