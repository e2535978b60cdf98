import PhoneNumbers

/// HubSpot's `hs_searchable_calculated_phone_number` / `_mobile_number`: the digits of a stored
/// phone number without its country code, i.e. libphonenumber's national significant number
/// read with the account's default region.
///
/// ```swift
/// SearchableNumber.compute("(902) 555-1234", region: .us)     // "9025551234"
/// SearchableNumber.compute("+33 6 55 55 55 55", region: .us)  // "655555555"
/// SearchableNumber.compute("020 7946 0018", region: .us)      // "02079460018" (unparseable: digits)
/// SearchableNumber.compute("n/a", region: .us)                // nil
/// ```
///
/// HubSpot reads numbers with current numbering metadata, ours is older (Debian's
/// libphonenumber): a number that is only *possible* here (right length, a range opened since,
/// such as Nigeria's 2023–24 plan) is read as HubSpot would read it, not as digits.
///
/// Text libphonenumber cannot read even as a possible number falls back to its digits, in order
/// (any Unicode decimal digit counts; an extension's digits are part of the text and so included).
/// What HubSpot stores for such numbers is not documented; digits-only is the observed shape.
public enum SearchableNumber {
    public static func compute(_ text: String, region: PhoneRegion) -> String? {
        if let number = try? PhoneNumber(parsing: text, defaultRegion: region, accepting: .possible) {
            return number.nationalNumber
        }
        let digits = String(text.compactMap { character -> Character? in
            guard character.isNumber, let value = character.wholeNumberValue, (0...9).contains(value) else {
                return nil
            }
            return Character(String(value))
        })
        return digits.isEmpty ? nil : digits
    }
}
