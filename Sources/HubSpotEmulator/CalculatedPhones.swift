import PhoneNumbers

/// Fills in the phone properties HubSpot calculates from `phone` and `mobilephone` (values
/// already set are kept: in seed data they are what HubSpot computed).
///
/// With ``PhoneRegionSource/account`` only the searchable national numbers are computed, read
/// in the account's region. With ``PhoneRegionSource/contact`` a number typed without a country
/// code is read in the contact's own country (`hs_country_region_code`, else the account's), and
/// `hs_calculated_phone_number` / `hs_calculated_mobile_number` (E.164) and
/// `hs_calculated_phone_number_country_code` are filled in too, as HubSpot does. Like
/// ``SearchableNumber``, a number only possible under our older metadata counts: HubSpot's
/// current metadata knows it.
///
/// ```swift
/// // phone "07400 127051", hs_country_region_code "GB", account region US:
/// CalculatedPhones(accountRegion: .us, source: .contact).fill(&contact)
/// contact["hs_calculated_phone_number"]              // "+447400127051"
/// contact["hs_searchable_calculated_phone_number"]   // "7400127051"
/// ```
struct CalculatedPhones: Sendable {
    var accountRegion: PhoneRegion
    var source: PhoneRegionSource = .account

    private static let targets = [
        (source: "phone", searchable: "hs_searchable_calculated_phone_number", e164: "hs_calculated_phone_number"),
        (source: "mobilephone", searchable: "hs_searchable_calculated_mobile_number", e164: "hs_calculated_mobile_number"),
    ]

    /// The region a number of `object` typed without a country code is read in.
    func region(of object: CRMObject) -> PhoneRegion {
        guard source == .contact, let code = object["hs_country_region_code"], let region = PhoneRegion(code) else {
            return accountRegion
        }
        return region
    }

    func fill(_ object: inout CRMObject) {
        let region = region(of: object)
        for target in Self.targets {
            guard let value = object[target.source] else { continue }
            if object[target.searchable] == nil, let digits = SearchableNumber.compute(value, region: region) {
                object.properties[target.searchable] = digits
            }
            guard source == .contact,
                  let number = try? PhoneNumber(parsing: value, defaultRegion: region, accepting: .possible) else {
                continue
            }
            if object[target.e164] == nil { object.properties[target.e164] = number.e164 }
            if target.source == "phone", object["hs_calculated_phone_number_country_code"] == nil,
               PhoneRegion(number.region) != nil {
                object.properties["hs_calculated_phone_number_country_code"] = number.region
            }
        }
    }
}
