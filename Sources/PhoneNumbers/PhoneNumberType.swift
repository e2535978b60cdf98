import CPhoneNumber

/// The kind of line a number belongs to, per libphonenumber's metadata
/// (`PhoneNumberUtil::PhoneNumberType`).
///
/// Some countries, such as the US and Canada, do not distinguish mobile
/// from fixed-line numbers: theirs are ``fixedLineOrMobile``.
public enum PhoneNumberType: String, Sendable, Hashable, CaseIterable {
  case fixedLine = "fixed_line"
  case mobile
  case fixedLineOrMobile = "fixed_line_or_mobile"
  case tollFree = "toll_free"
  case premiumRate = "premium_rate"
  case sharedCost = "shared_cost"
  case voip
  case personalNumber = "personal_number"
  case pager
  /// "Universal access number": one number routed to a company's offices.
  case uan
  case voicemail
  case unknown

  init(_ type: cpn_number_type) {
    switch type {
    case CPN_TYPE_FIXED_LINE: self = .fixedLine
    case CPN_TYPE_MOBILE: self = .mobile
    case CPN_TYPE_FIXED_LINE_OR_MOBILE: self = .fixedLineOrMobile
    case CPN_TYPE_TOLL_FREE: self = .tollFree
    case CPN_TYPE_PREMIUM_RATE: self = .premiumRate
    case CPN_TYPE_SHARED_COST: self = .sharedCost
    case CPN_TYPE_VOIP: self = .voip
    case CPN_TYPE_PERSONAL_NUMBER: self = .personalNumber
    case CPN_TYPE_PAGER: self = .pager
    case CPN_TYPE_UAN: self = .uan
    case CPN_TYPE_VOICEMAIL: self = .voicemail
    default: self = .unknown
    }
  }
}
