import PhoneNumbers

/// Decides whether one record satisfies a filter, a filter group or a full-text query, the way
/// HubSpot's search index does as far as its documentation and observed behaviour go.
///
/// - Strings compare case-insensitively; enumerations case-sensitively (HubSpot's documented
///   exception).
/// - `IN`/`NOT_IN` on a string property compare the lowercased stored value with each given value
///   *as sent*: HubSpot documents that these values must be lowercase, so `"Ada@X.com"` in an
///   `IN` list matches nothing (no error), like an index that only holds lowercased terms.
/// - `NEQ`, `NOT_IN` and `NOT_CONTAINS_TOKEN` also match records where the property is unset
///   (a negated term query); comparisons (`LT` … `BETWEEN`) never match an unset property.
/// - Numbers compare numerically; datetimes as epoch milliseconds, from ISO 8601 or epoch-ms text.
struct FilterMatcher {
    let catalog: PropertyCatalog
    let region: PhoneRegion
    /// `.empty` makes `IN` on the calculated phone properties match nothing (`.refused` is
    /// answered before any matching).
    var calculatedPhoneIN: CalculatedPhoneIN = .works

    /// Properties `query` searches (HubSpot's default searchable contact properties).
    static let queryProperties = ["firstname", "lastname", "email", "phone", "hs_additional_emails", "fax",
                                  "mobilephone", "company"]
    /// Properties whose tokens include their digits and searchable national number.
    static let phoneProperties: Set<String> = ["phone", "mobilephone", "fax"]

    /// OR of groups, AND within a group; no groups matches everything.
    func matches(_ object: CRMObject, groups: [[Filter]]) -> Bool {
        groups.isEmpty || groups.contains { group in group.allSatisfy { matches(object, $0) } }
    }

    func matches(_ object: CRMObject, _ filter: Filter) -> Bool {
        if filter.propertyName.hasPrefix(Self.associationPrefix) {
            return matchesAssociation(object, filter)
        }
        let type = catalog.type(of: filter.propertyName) ?? .string
        let stored = object[filter.propertyName]
        switch filter.op {
        case .hasProperty: return stored != nil
        case .notHasProperty: return stored == nil
        case .neq: return stored.map { !equal($0, (filter.value ?? ""), type) } ?? true
        case .notIn: return stored.map { value in !(filter.values ?? []).contains { listed(value, $0, type) } } ?? true
        case .notContainsToken:
            return stored == nil || !containsToken(object, filter.propertyName, pattern: (filter.value ?? ""))
        default: break
        }
        guard let stored else { return false }
        switch filter.op {
        case .eq: return equal(stored, (filter.value ?? ""), type)
        case .lt: return compare(stored, (filter.value ?? ""), type).map { $0 < 0 } ?? false
        case .lte: return compare(stored, (filter.value ?? ""), type).map { $0 <= 0 } ?? false
        case .gt: return compare(stored, (filter.value ?? ""), type).map { $0 > 0 } ?? false
        case .gte: return compare(stored, (filter.value ?? ""), type).map { $0 >= 0 } ?? false
        case .between:
            guard let low = compare(stored, (filter.value ?? ""), type), let high = compare(stored, (filter.highValue ?? ""), type)
            else { return false }
            return low >= 0 && high <= 0
        case .in:
            if calculatedPhoneIN == .empty, CalculatedPhoneIN.properties.contains(filter.propertyName) { return false }
            return (filter.values ?? []).contains { listed(stored, $0, type) }
        case .containsToken: return containsToken(object, filter.propertyName, pattern: (filter.value ?? ""))
        default: return false
        }
    }

    /// Search's pseudo-properties over associations: `associations.contact`.
    static let associationPrefix = "associations."

    /// A filter on `associations.<type>`: the record is associated with a matching id (for the
    /// negated operators: with none).
    private func matchesAssociation(_ object: CRMObject, _ filter: Filter) -> Bool {
        let ids = object.associations[String(filter.propertyName.dropFirst(Self.associationPrefix.count))] ?? []
        let texts = ids.map { String($0) }
        func listed(_ value: String?) -> Bool {
            guard let value, let wanted = Int64(value) else { return false }
            return ids.contains(wanted)
        }
        switch filter.op {
        case .hasProperty: return !ids.isEmpty
        case .notHasProperty: return ids.isEmpty
        case .eq: return listed(filter.value)
        case .neq: return !listed(filter.value)
        case .in: return (filter.values ?? []).contains(where: listed)
        case .notIn: return !(filter.values ?? []).contains(where: listed)
        default:
            return texts.contains { compare($0, filter.value ?? "", .number).map { order in
                switch filter.op {
                case .lt: order < 0
                case .lte: order <= 0
                case .gt: order > 0
                case .gte: order >= 0
                default: false
                }
            } ?? false }
        }
    }

    /// One word of a `query`, prepared once per search.
    struct QueryWord {
        /// The lowercased word and, when it has several, its letter/digit pieces.
        var text: String
        var pieces: [String]
        /// The word's digits when it looks like (part of) a phone number.
        var digits: String?

        init(_ word: String) {
            text = word
            let split = word.split { !($0.isLetter || $0.isNumber || $0 == "*") }.map(String.init)
            pieces = split.count > 1 ? split : []
            digits = Tokens.looksLikePhoneDigits(word) ? Tokens.digits(of: word) : nil
        }
    }

    static func prepare(query: String) -> [QueryWord] {
        query.lowercased().split(whereSeparator: \.isWhitespace).map { QueryWord(String($0)) }
    }

    /// Every query word must prefix-match (or, with `*`, wildcard-match) a token of some default
    /// searchable property; `john.smith` also matches when each of its pieces does. A word made of
    /// digits and phone punctuation is compared by its digits against phone properties.
    func matches(_ object: CRMObject, query words: [QueryWord]) -> Bool {
        words.allSatisfy { word in
            Self.queryProperties.contains { property in
                guard object[property] != nil else { return false }
                let tokens = self.tokens(object, property)
                if Self.phoneProperties.contains(property), let digits = word.digits {
                    return Self.wordMatches(digits, tokens)
                }
                return Self.wordMatches(word.text, tokens)
                    || (!word.pieces.isEmpty && word.pieces.allSatisfy { Self.wordMatches($0, tokens) })
            }
        }
    }

    func matches(_ object: CRMObject, query: String) -> Bool {
        matches(object, query: Self.prepare(query: query))
    }

    private static func wordMatches(_ word: String, _ tokens: [String]) -> Bool {
        word.contains("*") ? tokens.contains { Tokens.glob(word, matches: $0) } : tokens.contains { $0.hasPrefix(word) }
    }

    /// `CONTAINS_TOKEN`: a one-word pattern must wildcard-match a whole token; a pattern of
    /// several words must match consecutive words of the value.
    private func containsToken(_ object: CRMObject, _ property: String, pattern: String) -> Bool {
        let words = pattern.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
        guard let value = object[property], !words.isEmpty else { return false }
        if words.count == 1 {
            return tokens(object, property).contains { Tokens.glob(words[0], matches: $0) }
        }
        let valueWords = value.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
        guard valueWords.count >= words.count else { return false }
        return (0...(valueWords.count - words.count)).contains { start in
            words.indices.allSatisfy { Tokens.glob(words[$0], matches: valueWords[start + $0]) }
        }
    }

    func tokens(_ object: CRMObject, _ property: String) -> [String] {
        if let cached = object.searchTokens?[property] { return cached }
        guard var value = object[property] else { return [] }
        // HubSpot keeps secondary emails as one semicolon-separated text; each is its own term.
        if property == "hs_additional_emails" { value = value.replacing(";", with: " ") }
        var tokens = Tokens.words(of: value)
        if Self.phoneProperties.contains(property) {
            // Each word's digits ("555-1234" -> "5551234"), all the digits, the national number.
            for word in value.split(whereSeparator: \.isWhitespace) {
                let digits = Tokens.digits(of: String(word))
                if !digits.isEmpty, !tokens.contains(digits) { tokens.append(digits) }
            }
            let digits = Tokens.digits(of: value)
            if !digits.isEmpty, !tokens.contains(digits) { tokens.append(digits) }
            // The stored searchable number where HubSpot keeps one (no libphonenumber per search).
            let national = switch property {
            case "phone": object["hs_searchable_calculated_phone_number"]
            case "mobilephone": object["hs_searchable_calculated_mobile_number"]
            default: SearchableNumber.compute(value, region: region)
            }
            if let national, !tokens.contains(national) { tokens.append(national) }
        }
        return tokens
    }

    /// The record with its full-text tokens computed once.
    func indexed(_ object: CRMObject) -> CRMObject {
        var object = object
        object.searchTokens = nil
        var tokens: [String: [String]] = [:]
        for property in Self.queryProperties where object[property] != nil {
            tokens[property] = self.tokens(object, property)
        }
        object.searchTokens = tokens
        return object
    }

    // MARK: - Typed comparison

    private func equal(_ stored: String, _ value: String, _ type: PropertyType) -> Bool {
        switch type {
        case .string: stored.lowercased() == value.lowercased()
        case .enumeration: stored == value
        case .number, .datetime: compare(stored, value, type) == 0
        }
    }

    /// `IN` membership: string values are used as sent against the lowercased stored value.
    private func listed(_ stored: String, _ value: String, _ type: PropertyType) -> Bool {
        type == .string ? stored.lowercased() == value : equal(stored, value, type)
    }

    /// -1, 0, 1; nil when the stored value cannot be read as the property's type.
    func compare(_ stored: String, _ value: String, _ type: PropertyType) -> Int? {
        switch type {
        case .number:
            guard let a = Double(stored), let b = Double(value) else { return nil }
            return a < b ? -1 : (a > b ? 1 : 0)
        case .datetime:
            guard let a = ISO8601.milliseconds(from: stored), let b = ISO8601.milliseconds(from: value) else { return nil }
            return a < b ? -1 : (a > b ? 1 : 0)
        case .string:
            let a = stored.lowercased(), b = value.lowercased()
            return a < b ? -1 : (a > b ? 1 : 0)
        case .enumeration:
            return stored < value ? -1 : (stored > value ? 1 : 0)
        }
    }
}
