import Glibc
import JSON
import PhoneNumbers

/// Why seed data was refused, e.g. `contacts[3]: id "abc" is not a number`.
public struct SeedError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The records the emulator starts from (and returns to on reset), normalized the way HubSpot
/// would hold them.
///
/// Input is what the API returns: an array of `{"id":"…","properties":{…},"createdAt":…,…}`
/// objects (a whole list/search response with `results` works too). Properties may be `null`
/// (unset). Missing `hs_object_id`, `createdate` and `lastmodifieddate` (`hs_lastmodifieddate`
/// for companies) are filled in from the id and the top-level `createdAt`/`updatedAt`, else from
/// `now`; missing calculated phone properties are computed from `phone` / `mobilephone` by
/// ``CalculatedPhones`` (seeded values are kept: they are what HubSpot computed).
///
/// ```swift
/// let seed = try SeedData(contacts: Array(#"[{"id":"1","properties":{"phone":"(902) 555-1234"}}]"#.utf8),
///                         region: .us, now: 0)
/// seed.contacts[0]["hs_searchable_calculated_phone_number"]   // "9025551234"
/// ```
public struct SeedData: Sendable {
    public var contacts: [CRMObject] = []
    public var companies: [CRMObject] = []
    var contactCatalog = PropertyCatalog.contacts
    var companyCatalog = PropertyCatalog.companies

    public init() {}

    /// `phoneRegion` says where the calculated phone properties read numbers typed without a
    /// country code (see ``PhoneRegionSource``).
    public init(contacts: [UInt8]? = nil, companies: [UInt8]? = nil, region: PhoneRegion,
                phoneRegion: PhoneRegionSource = .account, now: Int64) throws(SeedError)
    {
        if let contacts {
            let phones = CalculatedPhones(accountRegion: region, source: phoneRegion)
            self.contacts = try Self.records(contacts, kind: "contacts", catalog: &contactCatalog, now: now) {
                phones.fill(&$0)
            }
        }
        if let companies {
            self.companies = try Self.records(companies, kind: "companies", catalog: &companyCatalog, now: now) { _ in }
        }
    }

    /// Reads seed files (either may be nil).
    public init(contactsFile: String?, companiesFile: String?, region: PhoneRegion,
                phoneRegion: PhoneRegionSource = .account, now: Int64) throws(SeedError) {
        try self.init(contacts: contactsFile.map { (path) throws(SeedError) in try Self.read(path) },
                      companies: companiesFile.map { (path) throws(SeedError) in try Self.read(path) },
                      region: region, phoneRegion: phoneRegion, now: now)
    }

    // MARK: - Parsing

    private static func records(_ bytes: [UInt8], kind: String, catalog: inout PropertyCatalog, now: Int64,
                                finish: (inout CRMObject) -> Void) throws(SeedError) -> [CRMObject] {
        let json: JSONValue
        do { json = try JSONValue(parsing: bytes) } catch { throw SeedError("\(kind): \(error)") }
        guard let items = json.arrayValue ?? json["results"]?.arrayValue else {
            throw SeedError("\(kind): expected an array of HubSpot objects")
        }
        let modified = kind == "companies" ? "hs_lastmodifieddate" : "lastmodifieddate"
        var objects: [CRMObject] = []
        var seen: Set<Int64> = []
        for (index, item) in items.enumerated() {
            var object = try record(item, where: "\(kind)[\(index)]", modifiedProperty: modified, now: now)
            guard seen.insert(object.id).inserted else { throw SeedError("\(kind)[\(index)]: duplicate id \(object.id)") }
            finish(&object)
            for name in object.properties.keys { catalog.learn(name) }
            objects.append(object)
        }
        return objects.sorted { $0.id < $1.id }
    }

    private static func record(_ item: JSONValue, where place: String, modifiedProperty: String, now: Int64)
        throws(SeedError) -> CRMObject
    {
        guard case .object = item else { throw SeedError("\(place): expected an object") }
        var properties: [String: String] = [:]
        if let given = item["properties"], !given.isNull {
            guard let object = given.objectValue else { throw SeedError("\(place): properties must be an object") }
            for (name, value) in object {
                if value.isNull { continue }
                guard let text = SearchRequest.scalarText(value) else {
                    throw SeedError("\(place): property \(name) must be a string")
                }
                if !text.isEmpty { properties[name] = text }
            }
        }
        let idText = item["id"].flatMap(SearchRequest.scalarText) ?? properties["hs_object_id"]
        guard let idText, let id = Int64(idText), id > 0 else {
            throw SeedError("\(place): id \(idText.map { "\"\($0)\"" } ?? "missing") is not a positive number")
        }
        properties["hs_object_id"] = String(id)
        let created = try timestamp(properties["createdate"] ?? item["createdAt"]?.stringValue, place, "createdate")
            ?? now
        let updated = try timestamp(properties[modifiedProperty] ?? item["updatedAt"]?.stringValue, place,
                                    modifiedProperty) ?? created
        properties["createdate"] = ISO8601.format(milliseconds: created)
        properties[modifiedProperty] = ISO8601.format(milliseconds: updated)
        return CRMObject(id: id, properties: properties, createdAt: created, updatedAt: updated)
    }

    private static func timestamp(_ text: String?, _ place: String, _ name: String) throws(SeedError) -> Int64? {
        guard let text else { return nil }
        guard let ms = ISO8601.milliseconds(from: text) else { throw SeedError("\(place): \(name) \"\(text)\" is not a date") }
        return ms
    }

    /// The whole file (open/read, no Foundation).
    static func read(_ path: String) throws(SeedError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SeedError("\(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw SeedError("\(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
        }
    }
}
