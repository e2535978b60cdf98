import Base

/// Remembers what recent texts parsed to, so a number seen again costs a dictionary probe
/// instead of a libphonenumber parse (tens of microseconds with Debian's ICU-regex build).
///
/// ```swift
/// let number = try PhoneNumberMemo.shared.parse("(902) 555-1234", defaultRegion: .us)
/// ```
///
/// Parsing is a pure function of the text, the region and the check accepted (the metadata is
/// compiled into the library), so a remembered answer, success or error, never goes stale.
/// Bounded: texts longer than ``maximumTextLength`` are not remembered, and at most `capacity`
/// others are (a ``StripedMemo``, striped by thread: a hot number is parsed once per stripe).
public final class PhoneNumberMemo: Sendable {
    /// One per process, used by every endpoint.
    public static let shared = PhoneNumberMemo(capacity: 16_384)

    /// Longer texts are parsed every time (a phone number as typed is never this long).
    public static let maximumTextLength = 64

    private struct Key: Hashable, Sendable {
        let text: String
        let region: String
        let accepting: NumberCheck
    }

    private let remembered: StripedMemo<Key, Result<PhoneNumber, PhoneNumberError>>

    /// - Parameter capacity: how many texts to remember at most.
    public init(capacity: Int) {
        remembered = StripedMemo(capacity: capacity)
    }

    /// ``PhoneNumber/init(parsing:defaultRegion:accepting:)``, remembered.
    public func parse(_ text: String, defaultRegion: PhoneRegion,
                      accepting: NumberCheck = .valid) throws(PhoneNumberError) -> PhoneNumber {
        guard text.utf8.count <= Self.maximumTextLength else {
            return try PhoneNumber(parsing: text, defaultRegion: defaultRegion, accepting: accepting)
        }
        let key = Key(text: text, region: defaultRegion.code, accepting: accepting)
        if let known = remembered.value(for: key) { return try known.get() }
        let result: Result<PhoneNumber, PhoneNumberError>
        do {
            result = .success(try PhoneNumber(parsing: text, defaultRegion: defaultRegion, accepting: accepting))
        } catch {
            result = .failure(error)
        }
        remembered.remember(result, for: key)
        return try result.get()
    }
}
