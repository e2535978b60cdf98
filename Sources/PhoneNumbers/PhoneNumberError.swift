import CPhoneNumber

/// Why text is not a valid phone number.
///
/// ``code`` is stable for machines (API error bodies); ``message`` is for
/// people. Neither includes the input; ``message(quoting:)`` does, safely.
public enum PhoneNumberError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The input is empty or only whitespace.
  case empty
  /// The input holds no phone number (letters, punctuation, junk).
  case notAPhoneNumber
  /// Fewer digits than any valid number, or a local number missing its
  /// area code (such as a 7-digit US number).
  case tooShort
  /// More digits than any valid number.
  case tooLong
  /// The calling code after `+` (or `00`/`011`) does not exist, or a number
  /// without one was given where no default region applies.
  case invalidCountryCode
  /// The digits have a plausible length but are not a number in use, such
  /// as US area code 555. `region` is where the number was read:
  /// the default region, or the calling code's main region (`+1` → `"US"`).
  case invalidNumber(region: String?)

  /// A stable snake_case identifier, for example `"too_short"`.
  public var code: String {
    switch self {
    case .empty: "empty"
    case .notAPhoneNumber: "not_a_phone_number"
    case .tooShort: "too_short"
    case .tooLong: "too_long"
    case .invalidCountryCode: "invalid_country_code"
    case .invalidNumber: "invalid_number"
    }
  }

  /// One sentence saying what is wrong, for example
  /// `"The phone number is too short."`.
  public var message: String {
    switch self {
    case .empty: "The phone number is empty."
    case .notAPhoneNumber: "The text is not a phone number."
    case .tooShort: "The phone number is too short."
    case .tooLong: "The phone number is too long."
    case .invalidCountryCode: "The phone number has no valid country calling code."
    case .invalidNumber(let region?): "The phone number is not a valid number for \(region)."
    case .invalidNumber(nil): "The phone number is not a valid number."
    }
  }

  /// ``message``.
  public var description: String { message }
}

extension PhoneNumberError {
  /// Maps a failed `cpn_parse` status; `region` is the result's region.
  init(status: cpn_status, region: String) {
    switch status {
    case CPN_EMPTY: self = .empty
    case CPN_NOT_A_NUMBER: self = .notAPhoneNumber
    case CPN_INVALID_COUNTRY_CODE: self = .invalidCountryCode
    case CPN_TOO_SHORT_AFTER_IDD, CPN_TOO_SHORT_NSN: self = .tooShort
    case CPN_TOO_LONG: self = .tooLong
    case CPN_INVALID_NUMBER: self = .invalidNumber(region: region.isEmpty ? nil : region)
    default:
      // CPN_INVALID_REGION and CPN_INVALID_ARGUMENT cannot happen from
      // Swift; CPN_INTERNAL_ERROR means libphonenumber threw. Either way no
      // number could be read, and a server must answer rather than crash.
      assert(status == CPN_INTERNAL_ERROR, "cpn_parse misuse: \(status.rawValue)")
      self = .notAPhoneNumber
    }
  }
}
