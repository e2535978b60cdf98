import CPhoneNumber

/// A region libphonenumber has metadata for, used to read numbers written
/// without a `+` and calling code.
///
/// ```swift
/// let region = PhoneRegion("ca")   // Optional(PhoneRegion("CA"))
/// PhoneRegion("XX")                // nil
/// ```
public struct PhoneRegion: Sendable, Hashable, CustomStringConvertible {
  /// The uppercase ISO 3166-1 alpha-2 code, for example `"US"`.
  public let code: String

  /// Accepts a region code in any letter case; `nil` unless it is two
  /// ASCII letters that libphonenumber supports (`cpn_is_supported_region`).
  /// The non-geographic `"001"` is not a region numbers can be read in.
  public init?(_ code: String) {
    guard code.utf8.count == 2,
      code.utf8.allSatisfy({ ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") })
    else { return nil }
    let upper = code.uppercased()
    guard upper.withCString({ cpn_is_supported_region($0) }) == 1 else { return nil }
    self.code = upper
  }

  private init(known code: String) {
    self.code = code
  }

  /// The United States.
  public static let us = PhoneRegion(known: "US")

  /// The region code, ``code``.
  public var description: String { code }
}
