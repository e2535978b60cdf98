import PhoneNumbers

/// Reading a contact's stored phone numbers the way HubSpot reads them.
///
/// Staff type what the customer says (`07400 127051`), so `phone`/`mobilephone` often carry no
/// country code. HubSpot reads such a number in the contact's own country — its
/// `hs_country_region_code`, else its `country` — and keeps the result in
/// `hs_calculated_phone_number` / `hs_calculated_mobile_number` (E.164). Reading the text in our
/// `DEFAULT_REGION` instead would turn a British mobile into an invalid American number, and the
/// contact would never match.
///
/// A number only *possible* under our (older) libphonenumber metadata is still read
/// (``NumberCheck/possible``): HubSpot computes its calculated properties with current metadata,
/// so a number from a newer range (Nigeria's 2023–24 plan) is a real number there. Matching stays
/// exact on E.164, so reading more numbers never matches across countries.
///
/// ```swift
/// object.e164(of: .phone, defaultRegion: .us)   // "+447400127051" for a GB contact's "07400 127051"
/// ```
extension HubSpotObject {
    /// The two phone properties of a contact, each with HubSpot's calculated E.164 twin.
    public enum PhoneProperty: String, CaseIterable, Sendable {
        case phone
        case mobilephone

        /// HubSpot's E.164 form of this property, when it could compute one.
        var calculated: String {
            switch self {
            case .phone: "hs_calculated_phone_number"
            case .mobilephone: "hs_calculated_mobile_number"
            }
        }
    }

    /// The properties a lookup asks for so that numbers can be read in the contact's country.
    public static let phoneReadingProperties = PhoneProperty.allCases.map(\.calculated)
        + ["hs_country_region_code", "country"]

    /// The number in `property` as E.164: HubSpot's calculated form when present and at least
    /// possible, else the stored text read in the contact's country (``phoneRegion(default:)``).
    /// Nil when neither is a number.
    public func e164(of property: PhoneProperty, defaultRegion: PhoneRegion) -> String? {
        if let calculated = self[property.calculated],
           let number = try? PhoneNumberMemo.shared.parse(calculated, defaultRegion: defaultRegion,
                                                          accepting: .possible) {
            return number.e164
        }
        guard let stored = self[property.rawValue] else { return nil }
        return (try? PhoneNumberMemo.shared.parse(stored, defaultRegion: phoneRegion(default: defaultRegion),
                                                  accepting: .possible))?.e164
    }

    /// Where a number written without a country code belongs: `hs_country_region_code`, else the
    /// `country` text (a region code or an English country name), else `default`.
    public func phoneRegion(default defaultRegion: PhoneRegion) -> PhoneRegion {
        if let code = self["hs_country_region_code"], let region = PhoneRegion(code.trimmingWhitespace()) {
            return region
        }
        if let country = self["country"], let region = CountryNames.region(for: country) {
            return region
        }
        return defaultRegion
    }
}
