import JSON
import PhoneNumbers

/// Runs a validated search over records and renders HubSpot's answer
/// (`CollectionResponseWithTotalSimplePublicObject`).
///
/// ```swift
/// let page = Search.run(request, over: contacts, catalog: .contacts, region: .us, now: now)
/// // {"total":3,"results":[…],"paging":{"next":{"after":"10"}}}   (paging only when more remain)
/// ```
///
/// Without `sorts` records come in id order (HubSpot does not document its default order; with a
/// `query` it ranks by relevance, which the emulator does not model).
enum Search {
    static func run(_ request: SearchRequest, over objects: [CRMObject], catalog: PropertyCatalog,
                    region: PhoneRegion, now: Int64, calculatedPhoneIN: CalculatedPhoneIN = .works) -> JSONValue {
        let matcher = FilterMatcher(catalog: catalog, region: region, calculatedPhoneIN: calculatedPhoneIN)
        let words = FilterMatcher.prepare(query: request.query ?? "")
        var matched = objects.filter { object in
            object.searchableFrom <= now
                && matcher.matches(object, groups: request.filterGroups)
                && matcher.matches(object, query: words)
        }
        sort(&matched, by: request.sorts, matcher: matcher)
        let start = min(request.after, matched.count)
        let end = min(start + request.limit, matched.count)
        var response: JSONObject = [
            "total": .int(Int64(matched.count)),
            "results": .array(matched[start..<end].map { $0.json(selecting: request.properties, catalog: catalog) }),
        ]
        if end < matched.count, request.limit > 0 {
            response["paging"] = ["next": ["after": .string(String(end))]]
        }
        return .object(response)
    }

    /// Sort keys in order, unset values last in either direction, then id ascending.
    static func sort(_ objects: inout [CRMObject], by rules: [SortRule], matcher: FilterMatcher) {
        objects.sort { a, b in
            for rule in rules {
                let type = matcher.catalog.type(of: rule.propertyName) ?? .string
                switch (a[rule.propertyName], b[rule.propertyName]) {
                case (nil, nil): continue
                case (nil, _): return false
                case (_, nil): return true
                case (let x?, let y?):
                    let order = matcher.compare(x, y, type) ?? 0
                    if order != 0 { return rule.descending ? order > 0 : order < 0 }
                }
            }
            return a.id < b.id
        }
    }
}
