import PhoneNumbers

/// Re-verifies search candidates against the number asked for, and picks one.
///
/// The searchable national number drops the country code, so `+1 202 555 0143` and
/// `+44 20 2555 0143`-like numbers can share digits: each candidate's `phone` and `mobilephone`
/// are read as E.164 the way HubSpot reads them (its calculated E.164 form, else the text in the
/// contact's own country, else the default region: ``HubSpotObject/e164(of:defaultRegion:)``) and
/// must equal the wanted E.164. A number only possible under our older metadata counts on both
/// sides; E.164 equality is what keeps that from ever matching across countries. Among several
/// true matches the most recently modified contact wins (`lastmodifieddate`, then the lowest id),
/// so the answer is deterministic.
public enum CandidateSelection {
    public static func matches(_ candidates: [HubSpotObject], number: PhoneNumber,
                               region: PhoneRegion) -> [HubSpotObject] {
        candidates.filter { candidate in
            HubSpotObject.PhoneProperty.allCases.contains { property in
                candidate.e164(of: property, defaultRegion: region) == number.e164
            }
        }
        .sorted(by: newestFirst)
    }

    public static func best(_ candidates: [HubSpotObject], number: PhoneNumber,
                            region: PhoneRegion) -> HubSpotObject? {
        matches(candidates, number: number, region: region).first
    }

    static func newestFirst(_ a: HubSpotObject, _ b: HubSpotObject) -> Bool {
        if a.lastModified != b.lastModified { return a.lastModified > b.lastModified }
        return numericOrder(a.id, b.id)
    }

    static func numericOrder(_ a: String, _ b: String) -> Bool {
        if a.count != b.count { return a.count < b.count }
        return a < b
    }
}
