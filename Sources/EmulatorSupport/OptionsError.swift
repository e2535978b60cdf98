/// Why an emulator's command line or environment was refused; printed with the usage text.
/// Never holds a credential or a secret.
public struct OptionsError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    public init(message: String) { self.message = message }
}
