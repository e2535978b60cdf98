import JSON

// Filter groups: parsing, HubSpot's limits, and the values each operator and property type needs.
extension SearchRequest {
    static func parseGroup(_ group: JSONValue) throws(APIError) -> [Filter] {
        guard let filters = group["filters"]?.arrayValue else {
            throw APIError.invalidJSON("each filter group must be an object with a filters array")
        }
        return try filters.map { (filter) throws(APIError) in try parseFilter(filter) }
    }

    static func parseFilter(_ filter: JSONValue) throws(APIError) -> Filter {
        guard case .object = filter, let name = filter["propertyName"]?.stringValue else {
            throw APIError.invalidJSON("each filter needs a propertyName string")
        }
        guard let opName = filter["operator"]?.stringValue else {
            throw APIError.invalidJSON("filter on \(name) needs an operator")
        }
        guard let op = FilterOperator(rawValue: opName) else {
            let accepted = FilterOperator.allCases.map(\.rawValue).sorted().joined(separator: ", ")
            throw APIError.invalidJSON("Cannot deserialize value of type `FilterOperator` from String "
                + "\"\(opName)\": not one of the values accepted for Enum class: [\(accepted)]")
        }
        var values: [String]?
        if let list = filter["values"], !list.isNull {
            guard let array = list.arrayValue else { throw APIError.invalidJSON("values must be an array") }
            values = try array.map { (item) throws(APIError) in
                guard let text = scalarText(item) else { throw APIError.invalidJSON("values must hold strings") }
                return text
            }
        }
        let value = try optionalScalar(filter["value"], "value")
        let high = try optionalScalar(filter["highValue"], "highValue")
        return Filter(name, op, value: value, highValue: high, values: values)
    }

    /// The 400 an account that does not take `IN` on the calculated phone properties (type
    /// `phone_number`) answers; see ``CalculatedPhoneIN``.
    func refuseINOnCalculatedPhones() throws(APIError) {
        for filter in filterGroups.joined()
        where filter.op == .in && CalculatedPhoneIN.properties.contains(filter.propertyName) {
            throw APIError.validation("Operator IN is not supported for property \(filter.propertyName) of type "
                + "phone_number.", in: "filterGroups", code: "INVALID_FILTER_OPERATOR")
        }
    }

    static func checkLimits(_ groups: [[Filter]]) throws(APIError) {
        guard groups.count <= maxGroups else {
            throw APIError.validation("Too many filter groups: \(groups.count). A search can have at most "
                + "\(maxGroups) filterGroups.", in: "filterGroups")
        }
        for (index, group) in groups.enumerated() {
            guard !group.isEmpty else {
                throw APIError.validation("filterGroups[\(index)] has no filters; each group needs at least one.",
                                          in: "filterGroups")
            }
            guard group.count <= maxFiltersPerGroup else {
                throw APIError.validation("Too many filters in filterGroups[\(index)]: \(group.count). A filter "
                    + "group can have at most \(maxFiltersPerGroup) filters.", in: "filterGroups")
            }
        }
        let total = groups.reduce(0) { $0 + $1.count }
        guard total <= maxFilters else {
            throw APIError.validation("Too many filters: \(total). A search can have at most \(maxFilters) "
                + "filters across all filterGroups.", in: "filterGroups")
        }
    }

    /// Values each operator needs, and values that must parse for the property's type.
    static func check(_ filter: Filter, catalog: PropertyCatalog) throws(APIError) {
        let name = filter.propertyName
        guard let type = catalog.type(of: name) else {
            throw APIError.validation("Property \"\(name)\" does not exist", in: "propertyName")
        }
        var operands: [String] = []
        switch filter.op {
        case .hasProperty, .notHasProperty:
            break
        case .in, .notIn:
            guard let values = filter.values, !values.isEmpty else {
                throw APIError.validation("\(filter.op.rawValue) on \(name) needs a non-empty values array", in: "values")
            }
            operands = values
        case .between:
            guard let low = filter.value, let high = filter.highValue else {
                throw APIError.validation("BETWEEN on \(name) needs value and highValue", in: "highValue")
            }
            operands = [low, high]
        default:
            guard let value = filter.value else {
                throw APIError.validation("\(filter.op.rawValue) on \(name) needs a value", in: "value")
            }
            operands = [value]
        }
        if filter.op == .containsToken || filter.op == .notContainsToken { return }
        for operand in operands {
            switch type {
            case .number where Double(operand) == nil:
                throw APIError.validation("\"\(operand)\" is not a valid number for property \(name)", in: "value")
            case .datetime where ISO8601.milliseconds(from: operand) == nil:
                throw APIError.validation("\"\(operand)\" is not a valid date for property \(name): use epoch "
                    + "milliseconds or ISO 8601", in: "value")
            default:
                continue
            }
        }
    }
}
