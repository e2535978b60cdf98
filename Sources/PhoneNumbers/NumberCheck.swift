import CPhoneNumber

/// Which check a parsed number passed, and, as a parse option, the weakest check a caller
/// accepts.
///
/// libphonenumber's metadata is compiled into the installed library and frozen at its release,
/// while countries keep opening new ranges (Nigeria's 2023–24 plan, new North American area
/// codes). A number from such a range has the right length for its calling code but digits the
/// metadata does not know: it is *possible*, not *valid*.
///
/// ```swift
/// let number = try PhoneNumber(parsing: "+234 2033 12 7560", defaultRegion: .us, accepting: .possible)
/// number.check   // .possible with metadata older than the plan, .valid with newer
/// try PhoneNumber(parsing: "+234 2033 12 7560", defaultRegion: .us)   // throws .invalidNumber
/// ```
public enum NumberCheck: String, Sendable, Hashable, CaseIterable {
  /// The digits are in a range the installed metadata knows (`IsValidNumber`).
  case valid
  /// Only the length is right for the calling code (`IsPossibleNumber`): worth trying, e.g. as
  /// a HubSpot lookup, but not proof the number exists.
  case possible

  var cValue: cpn_number_check {
    switch self {
    case .valid: CPN_CHECK_VALID
    case .possible: CPN_CHECK_POSSIBLE
    }
  }

  init(_ check: cpn_number_check) {
    self = check == CPN_CHECK_POSSIBLE ? .possible : .valid
  }
}
