import Base
import Glibc
import Synchronization

/// Remembers what recent texts parsed to, so a number seen again costs a dictionary probe
/// instead of a libphonenumber parse (tens of microseconds with Debian's ICU-regex build).
///
/// ```swift
/// let number = try PhoneNumberMemo.shared.parse("(902) 555-1234", defaultRegion: .us)
/// ```
///
/// Parsing is a pure function of the text, the region and the check accepted (the metadata is
/// compiled into the library), so a remembered answer, success or error, never goes stale.
/// Bounded: texts longer than ``maximumTextLength`` are not remembered, and each of the 16 lock
/// stripes forgets everything when it reaches its share of `capacity` (cheap, and a hot number is
/// back after one parse). A thread always uses the same stripe (picked by its thread id, not by the text):
/// a hot number is then parsed once per stripe, but the request threads of a worker rarely meet
/// on one lock — with stripes picked by text, every thread looking up the same number queued on
/// one mutex, and 64 threads on 2 cores turned that into context switches.
public final class PhoneNumberMemo: Sendable {
    /// One per process, used by every endpoint.
    public static let shared = PhoneNumberMemo(capacity: 16_384)

    /// Longer texts are parsed every time (a phone number as typed is never this long).
    public static let maximumTextLength = 64

    private struct Key: Hashable {
        let text: String
        let region: String
        let accepting: NumberCheck
    }

    private final class Stripe: Sendable {
        let entries = Mutex<[Key: Result<PhoneNumber, PhoneNumberError>]>([:])
    }

    private static let stripeCount = 16
    private let stripes: [Stripe]
    private let stripeCapacity: Int

    /// - Parameter capacity: how many texts to remember at most (in all stripes together).
    public init(capacity: Int) {
        stripeCapacity = max(1, capacity / Self.stripeCount)
        stripes = (0..<Self.stripeCount).map { _ in Stripe() }
    }

    /// ``PhoneNumber/init(parsing:defaultRegion:accepting:)``, remembered.
    public func parse(_ text: String, defaultRegion: PhoneRegion,
                      accepting: NumberCheck = .valid) throws(PhoneNumberError) -> PhoneNumber {
        guard text.utf8.count <= Self.maximumTextLength else {
            return try PhoneNumber(parsing: text, defaultRegion: defaultRegion, accepting: accepting)
        }
        let key = Key(text: text, region: defaultRegion.code, accepting: accepting)
        let stripe = stripes[ThreadStripe.current(of: Self.stripeCount)]
        if let known = stripe.entries.withLock({ $0[key] }) { return try known.get() }
        let result: Result<PhoneNumber, PhoneNumberError>
        do {
            result = .success(try PhoneNumber(parsing: text, defaultRegion: defaultRegion, accepting: accepting))
        } catch {
            result = .failure(error)
        }
        stripe.entries.withLock { entries in
            if entries.count >= stripeCapacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = result
        }
        return try result.get()
    }
}
