import PhoneNumbers

/// The filter groups that find a phone number in one HubSpot search.
///
/// HubSpot stores `phone`/`mobilephone` exactly as typed (`(902) 555-1234`), so an exact match on
/// them rarely works; its calculated `hs_searchable_calculated_*` properties hold the national
/// significant number (`9025551234`), which does. Both are searched, OR-ed: the national number
/// on the two searchable properties, the exact E.164 text on the two raw ones (accounts with phone
/// validation store E.164). The national number drops the country code, so the candidates are
/// re-verified afterwards (``CandidateSelection``).
public enum PhoneSearch {
    public static func groups(for number: PhoneNumber) -> [[SearchRequest.Filter]] {
        [
            [.equals("hs_searchable_calculated_phone_number", number.nationalNumber)],
            [.equals("hs_searchable_calculated_mobile_number", number.nationalNumber)],
            [.equals("phone", number.e164)],
            [.equals("mobilephone", number.e164)],
        ]
    }

    /// The same four groups for several numbers at once, each an `IN` over the numbers' values:
    /// still one search request, and 4 filters however many numbers (HubSpot allows 5 groups and
    /// 18 filters, so one group per number would stop at 5 numbers — with only one of the four
    /// properties each). Values are deduplicated: two countries' numbers can share national digits.
    /// `IN` values on string properties must be lowercase; digits and `+` are.
    public static func groups(forBatch numbers: [PhoneNumber]) -> [[SearchRequest.Filter]] {
        let national = unique(numbers.map(\.nationalNumber))
        let e164 = unique(numbers.map(\.e164))
        return [
            [.isIn("hs_searchable_calculated_phone_number", national)],
            [.isIn("hs_searchable_calculated_mobile_number", national)],
            [.isIn("phone", e164)],
            [.isIn("mobilephone", e164)],
        ]
    }

    /// Several numbers without `IN`: one `EQ` group per number and searchable property, OR-ed —
    /// ``BatchLookup/Mode/equalsGroups`` numbers per search within HubSpot's 5 groups. The raw
    /// `phone`/`mobilephone` E.164 groups are left out: HubSpot's calculated properties hold
    /// every number it could read, E.164 or not, and the single lookup still asks all four.
    public static func groups(forEquals numbers: [PhoneNumber]) -> [[SearchRequest.Filter]] {
        unique(numbers.map(\.nationalNumber)).flatMap { national in
            [[SearchRequest.Filter.equals("hs_searchable_calculated_phone_number", national)],
             [.equals("hs_searchable_calculated_mobile_number", national)]]
        }
    }

    private static func unique(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }
    }

    /// Groups for a partial number (3–6 digits, or digits that are no valid number): any contact
    /// whose searchable number contains them as a run, via `CONTAINS_TOKEN` wildcards.
    public static func groups(forDigits digits: String) -> [[SearchRequest.Filter]] {
        [
            [.containsToken("hs_searchable_calculated_phone_number", "*\(digits)*")],
            [.containsToken("hs_searchable_calculated_mobile_number", "*\(digits)*")],
        ]
    }
}

extension SearchRequest.Filter {
    /// `IN`: the property equals one of `values`.
    static func isIn(_ property: String, _ values: [String]) -> Self {
        Self(propertyName: property, operator: "IN", values: values)
    }

    /// `HAS_PROPERTY`: the property has a value.
    static func hasProperty(_ property: String) -> Self {
        Self(propertyName: property, operator: "HAS_PROPERTY")
    }
}
