import HubSpot
import PhoneNumbers
import SharedCache

/// Realistic contact answers, deterministic per number, encoded exactly as the contact cache
/// stores them (``CacheRecord/cacheBytes``), under the keys it stores them under.
///
/// Contact `n` has the number `+1902` and seven digits (`7_000_000 + n`), a mobile for three in
/// five, names and companies of varied length (the longest about 3 times the shortest), an
/// email made of them, a company id and a HubSpot URL: what the lookup endpoint caches.
enum Records {
    static let firstNames = ["Ada", "Margaret", "Jean-Baptiste", "Siobhan", "Christopher", "Mohammed", "Li",
                             "Alexandra", "Oluwaseun", "Bartholomew"]
    static let lastNames = ["Lovelace", "Henderson", "MacGillivray", "O'Sullivan", "Nguyen", "Richardson-Smith",
                            "Kowalczyk", "Papadopoulos", "Wu", "Fitzgerald-Montgomery"]
    static let companies = ["Analytical Engines Ltd", "Northshore Dental Clinic", "Bay Golf",
                            "Halifax Regional Municipality Public Works", "MacGillivray & Sons Plumbing and Heating Inc.",
                            "Acme", "Dartmouth Family Physiotherapy and Sports Injury Clinic", "Blue Nose Marine Supply"]

    /// The number of contact `number` as HubSpot stores it (E.164).
    static func e164(_ number: Int) -> String { "+1902\(7_000_000 + number)" }

    static func contact(_ number: Int) -> Contact {
        let first = firstNames[number % firstNames.count]
        let last = lastNames[(number / firstNames.count) % lastNames.count]
        let company = companies[(number / 100) % companies.count]
        let domain = company.lowercased().filter { $0.isLetter }.prefix(24)
        var properties = [
            "firstname": first, "lastname": last, "phone": e164(number), "company": company,
            "email": "\(first).\(last)\(number % 100)@\(domain).com".lowercased(),
            "associatedcompanyid": String(18_234_000_000 + number / 100),
        ]
        if number % 5 < 3 { properties["mobilephone"] = "+1782\(7_000_000 + number)" }
        return Contact(object: HubSpotObject(id: String(51_234_000_000 + number), properties: properties),
                       region: .us, companyName: nil, portalID: "21234567")
    }

    /// The lookup endpoint's record for contact `number`'s phone.
    static func lookupAnswer(_ number: Int) -> [UInt8] { LookupAnswer(contact(number)).cacheBytes }

    static func lookupKey(_ number: Int) -> CacheKey { .phone(e164(number)) }

    /// Page `page` of a 50-contact search (``SearchEndpoint/maxLimit``), with a next cursor.
    static func searchPage(_ page: Int) -> [UInt8] {
        SearchAnswer(contacts: (0..<50).map { contact(page * 50 + $0) }, next: String(page * 50 + 50)).cacheBytes
    }

    /// The search endpoint's key shape: words, limit, cursor.
    static func searchKey(_ page: Int) -> CacheKey { .search("customer \(page % 1000) \(page / 1000)|50|\(page * 50)") }
}

/// Smallest, mean and largest of a set of sizes.
struct SizeSummary: CustomStringConvertible {
    var count = 0, total = 0, smallest = Int.max, largest = 0

    mutating func add(_ size: Int) {
        count += 1
        total += size
        smallest = min(smallest, size)
        largest = max(largest, size)
    }

    var description: String { "\(smallest)…\(largest) B (mean \(count == 0 ? 0 : total / count) B)" }
}
