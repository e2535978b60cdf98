import PhoneNumbers

/// HubSpot's `country` contact property is free text. Turns the common ways of writing a country
/// into its region: a two-letter code (`GB`), or an English name (`United Kingdom`, `UK`,
/// `Deutschland`…) from a short list of the countries an SMS business most often meets. Anything
/// else is nil, and the caller falls back to its default region: a wrong guess would be worse.
enum CountryNames {
    static func region(for text: String) -> PhoneRegion? {
        let key = text.trimmingWhitespace().lowercased()
        if key.utf8.count == 2, let region = PhoneRegion(key) { return region }
        return names[key].flatMap { PhoneRegion($0) }
    }

    private static let names: [String: String] = [
        "united states": "US", "united states of america": "US", "usa": "US", "u.s.a.": "US", "america": "US",
        "canada": "CA", "mexico": "MX", "méxico": "MX",
        "united kingdom": "GB", "uk": "GB", "great britain": "GB", "britain": "GB", "england": "GB",
        "scotland": "GB", "wales": "GB", "northern ireland": "GB",
        "ireland": "IE", "france": "FR", "germany": "DE", "deutschland": "DE", "spain": "ES", "españa": "ES",
        "italy": "IT", "italia": "IT", "portugal": "PT", "netherlands": "NL", "the netherlands": "NL",
        "holland": "NL", "belgium": "BE", "switzerland": "CH", "austria": "AT", "sweden": "SE",
        "norway": "NO", "denmark": "DK", "finland": "FI", "poland": "PL", "greece": "GR",
        "australia": "AU", "new zealand": "NZ", "japan": "JP", "china": "CN", "india": "IN",
        "south korea": "KR", "korea": "KR", "singapore": "SG", "philippines": "PH",
        "brazil": "BR", "brasil": "BR", "argentina": "AR", "chile": "CL", "colombia": "CO", "peru": "PE",
        "south africa": "ZA", "nigeria": "NG", "kenya": "KE", "egypt": "EG", "israel": "IL",
        "united arab emirates": "AE", "uae": "AE", "saudi arabia": "SA", "turkey": "TR", "türkiye": "TR",
    ]
}
