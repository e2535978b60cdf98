/// A customer's text that changes whether we may text them: carriers and OpenPhone treat STOP,
/// STOPALL, UNSUBSCRIBE, CANCEL, END and QUIT as an opt-out, and START, UNSTOP and YES as opting
/// in again. Only a message that is the keyword alone counts ("stop" or " Stop! " do; "don't stop"
/// does not), as carriers match it.
public enum ConsentKeyword: Sendable, Equatable {
    case stop
    case start

    static let stopWords: Set<String> = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"]
    static let startWords: Set<String> = ["START", "UNSTOP", "YES"]

    /// The keyword an incoming message's text is, if any.
    public init?(text: String) {
        var scalars = Substring(text).unicodeScalars[...]
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, Self.ignoredAtEnd(last) { scalars.removeLast() }
        let word = String(String.UnicodeScalarView(scalars)).uppercased()
        if Self.stopWords.contains(word) {
            self = .stop
        } else if Self.startWords.contains(word) {
            self = .start
        } else {
            return nil
        }
    }

    /// Whitespace and punctuation after the word ("Stop.", "STOP!\n").
    private static func ignoredAtEnd(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || ".!?,;:".unicodeScalars.contains(scalar)
    }
}
