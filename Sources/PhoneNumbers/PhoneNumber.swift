import CPhoneNumber

/// A phone number in canonical form: valid per libphonenumber's metadata, or, where the parse
/// accepted it (``NumberCheck/possible``), at least the right length for its calling code.
///
/// Parse whatever a human typed, then key and compare by ``e164``:
///
/// ```swift
/// let number = try PhoneNumber(parsing: "(902) 555-1234", defaultRegion: .us)
/// number.e164            // "+19025551234"
/// number.nationalNumber  // "9025551234"
/// number.region          // "CA"
/// ```
///
/// Two values are equal when they are the same number with the same
/// extension, however each was written.
public struct PhoneNumber: Sendable, Hashable, CustomStringConvertible {
  /// The number in E.164: `+`, calling code, national number, no extension.
  /// For example `"+19025551234"`.
  public let e164: String

  /// The national significant number, ASCII digits only, without any
  /// national (trunk) prefix such as the UK's leading 0. For example
  /// `"9025551234"`, or `"7400123456"` for `07400 123456` in the UK; this is
  /// what HubSpot's `hs_searchable_calculated_phone_number` holds.
  public let nationalNumber: String

  /// The country calling code, for example `1` or `44`.
  public let countryCode: Int

  /// The ISO 3166-1 alpha-2 region the number belongs to, for example
  /// `"CA"`, or `"001"` for non-geographic numbers such as `+800`. For a
  /// merely possible number (``check``), which the metadata cannot place,
  /// its calling code's main region (`+1` → `"US"`, `+234` → `"NG"`).
  public let region: String

  /// The extension's digits (`"123"` for `… x123`), or `nil` if none.
  public let phoneExtension: String?

  /// The check the number passed: always ``NumberCheck/valid`` unless it was
  /// parsed accepting ``NumberCheck/possible``. A function of the number (and
  /// the installed metadata), so it never makes two equal numbers differ.
  public let check: NumberCheck

  /// What kind of line libphonenumber's metadata says this is. Computed on
  /// each access (as costly as a parse), so parsing does not pay for it.
  public var numberType: PhoneNumberType {
    var type = CPN_TYPE_UNKNOWN
    guard e164.withCString({ cpn_type_of_number($0, &type) }) == CPN_OK else { return .unknown }
    return PhoneNumberType(type)
  }

  /// Parses a number written in any common human format.
  ///
  /// Accepts national and international forms with any punctuation
  /// (`(902) 555-1234`, `+44 20 7946 0018`, `011 44 20 7946 0018`),
  /// extensions (`x123`, `ext. 123`), non-ASCII digits (fullwidth,
  /// Arabic-Indic) and surrounding text such as `tel:`.
  ///
  /// Text starting with `00` that is not a valid number in `defaultRegion`
  /// is read again with `00` as the international prefix, so
  /// `0044 20 7946 0018` parses even with a US default region (where the
  /// international prefix is `011`).
  ///
  /// - Parameters:
  ///   - defaultRegion: How to read numbers written without `+`.
  ///   - accepting: The weakest check a number may pass: ``NumberCheck/valid``
  ///     (the default), or ``NumberCheck/possible`` where a number newer than
  ///     the installed metadata is still worth using (``check`` says which).
  /// - Throws: ``PhoneNumberError`` saying why this is not a number that
  ///   passes `accepting`; a possible number refused by `.valid` is
  ///   ``PhoneNumberError/invalidNumber(region:)``.
  public init(parsing text: String, defaultRegion: PhoneRegion, accepting: NumberCheck = .valid)
    throws(PhoneNumberError)
  {
    self = try Self.parse(text, defaultRegion: defaultRegion.code, accepting: accepting)
  }

  /// Reads a number stored in E.164, such as `"+19025551234"`.
  ///
  /// Strict: the text must be `+` followed by 1 to 15 ASCII digits and
  /// nothing else, and must be a number that passes `accepting`. It is
  /// canonicalised, so a stray trunk prefix (`+4402079460018`) comes back as
  /// `+442079460018`.
  ///
  /// - Throws: ``PhoneNumberError/invalidCountryCode`` without a leading `+`,
  ///   ``PhoneNumberError/notAPhoneNumber`` for any other character, or why
  ///   the number does not pass `accepting`.
  public init(e164: String, accepting: NumberCheck = .valid) throws(PhoneNumberError) {
    try Self.checkE164Syntax(e164)
    self = try Self.parse(e164, defaultRegion: nil, accepting: accepting)
  }

  /// The E.164 form, ``e164``.
  public var description: String { e164 }
}
