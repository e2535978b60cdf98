/// OpenPhone-style identifiers: a two-letter type prefix (`AC` message, `CN` conversation, `EV`
/// event, `PN` line, `US` user) and random letters and digits.
///
/// ```swift
/// ResourceID.make(.message)   // "ACq3ZtW0bV8sK2mLx7Yc1DfR"
/// ```
///
/// Random rather than counted: a stack keeps the ids it has seen across an emulator restart or
/// reset, and a counter starting again at 1 would make a new message look like a duplicate.
enum ResourceID {
    enum Kind: String {
        case message = "AC"
        case conversation = "CN"
        case event = "EV"
    }

    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    /// 24 characters after the prefix: 142 bits, so two ids never meet.
    static func make(_ kind: Kind) -> String {
        var generator = SystemRandomNumberGenerator()
        return kind.rawValue + String((0..<24).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
