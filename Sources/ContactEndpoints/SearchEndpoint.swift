import Base
import FastCGI
import HubSpot
import JSON
import PhoneNumbers
import SharedCache

/// `GET /api/contacts/search?q=…&limit=…&after=…` → `{"contacts":[…],"next":cursor|null}`.
///
/// `q` is sent to HubSpot as a JSON string value, so quotes, braces and wildcards in it are data.
public struct SearchEndpoint: Sendable {
    public let services: HubSpotServices

    public static let defaultLimit = 10
    /// Pages larger than HubSpot's default are fine, but every page must fit one cache slot, so
    /// the endpoint serves at most 50 contacts per page (HubSpot itself allows 200).
    public static let maxLimit = 50

    public init(services: HubSpotServices) { self.services = services }

    public func register(in router: inout Router) {
        router.get("/api/contacts/search") { routed in try handle(routed) }
    }

    func handle(_ routed: RoutedRequest) throws -> Response {
        let started = MonotonicTime.now()
        let request = routed.request
        let text = request.query["q"] ?? ""
        let subject: JSONObject = ["queryLength": .int(Int64(text.count))]
        let parameters: (query: SearchQuery, limit: Int, after: String?)
        do {
            parameters = try Self.parameters(request.query, region: services.configuration.defaultRegion)
        } catch {
            record(routed, subject: subject, result: "bad_request", since: started)
            throw error
        }
        let settings = services.cache.settings
        let answer: ContactCache.Answer<SearchAnswer>
        do {
            answer = try services.cache.answer(for: Self.cacheKey(parameters), ttl: settings.searchTTL,
                                               notFoundTTL: settings.searchTTL,
                                               // A search may make two HubSpot calls (phone + text).
                                               budget: services.configuration.requestTimeout * 2) { () throws(HubSpotError) in
                try services.directory.search(parameters.query, limit: parameters.limit, after: parameters.after)
            }
        } catch {
            record(routed, subject: subject, result: error.code, since: started)
            throw error.httpError
        }
        var resultSubject = subject
        resultSubject["cache"] = .string(answer.source.rawValue)
        record(routed, subject: resultSubject, result: "results", since: started)
        return Response(headers: .noStore, json: Self.body(answer))
    }

    /// The page as sent: `{"contacts":[…],"next":cursor|null,"cache":"hit|miss|coalesced|stale"}`.
    static func body(_ answer: ContactCache.Answer<SearchAnswer>) -> JSONValue {
        ["contacts": .array(answer.record.contacts.map(\.json)),
         "next": answer.record.next.map { .string($0) } ?? .null,
         "cache": .string(answer.source.rawValue)]
    }

    /// Searches that differ only in case or spacing share an entry.
    static func cacheKey(_ parameters: (query: SearchQuery, limit: Int, after: String?)) -> CacheKey {
        let words = parameters.query.text.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" })
        return .search("\(words.joined(separator: " "))|\(parameters.limit)|\(parameters.after ?? "")")
    }

    static func parameters(_ query: QueryParameters, region: PhoneRegion) throws(HTTPError)
        -> (query: SearchQuery, limit: Int, after: String?)
    {
        let text = (query["q"] ?? "").trimmingWhitespace()
        guard text.count >= SearchQuery.minimumLength else {
            throw HTTPError(.badRequest, code: "invalid_query",
                            message: "q must hold at least \(SearchQuery.minimumLength) characters.")
        }
        guard text.utf8.count <= SearchRequest.maxQueryLength else {
            throw HTTPError(.badRequest, code: "invalid_query",
                            message: "q may hold at most \(SearchRequest.maxQueryLength) bytes (HubSpot's limit).")
        }
        let limit = try query.limit(default: defaultLimit, max: maxLimit)
        let after = query["after"]
        if let after, after.isEmpty || after.count > 6 || !after.allSatisfy(\.isASCIIDigit) {
            throw HTTPError(.badRequest, code: "invalid_cursor", message: "after must be the `next` cursor of a previous page.")
        }
        return (SearchQuery(text, region: region), limit, after)
    }

    private func record(_ routed: RoutedRequest, subject: JSONObject, result: String, since started: MonotonicTime) {
        services.audit.record(.init(endpoint: "search", user: routed.request.remoteUser,
                                    requestID: routed.request.requestID, subject: subject, result: result,
                                    latencyMilliseconds: MonotonicTime.now().seconds(since: started) * 1000))
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
