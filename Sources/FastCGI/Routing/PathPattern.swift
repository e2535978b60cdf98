import Base

/// A route path such as `/api/contacts/lookup/{phone}`: literal segments and `{name}` captures.
public struct PathPattern: Sendable, Hashable, CustomStringConvertible {
    enum Segment: Sendable, Hashable {
        case literal(String)
        case capture(String)
    }

    let segments: [Segment]
    public let description: String

    public init(_ pattern: String) {
        description = pattern
        segments = pattern.split(separator: "/").map { piece in
            if piece.hasPrefix("{") && piece.hasSuffix("}") {
                return .capture(String(piece.dropFirst().dropLast()))
            }
            return .literal(String(piece))
        }
        let names = segments.compactMap { segment -> String? in
            if case .capture(let name) = segment { return name } else { return nil }
        }
        precondition(Set(names).count == names.count, "route \(pattern) captures a name twice")
    }

    /// The captured values when `pathSegments` match, nil otherwise.
    func match(_ pathSegments: [String]) -> Captures? {
        guard pathSegments.count == segments.count else { return nil }
        var captures = Captures()
        for (segment, value) in zip(segments, pathSegments) {
            switch segment {
            case .literal(let literal): if literal != value { return nil }
            case .capture(let name): captures.pairs.append((name, value))
            }
        }
        return captures
    }
}

/// The values a route pattern's `{name}` segments captured, in pattern order. A route has a
/// capture or two: a list searched by name costs less per request than a dictionary.
public struct Captures: Sendable {
    var pairs: [(name: String, value: String)] = []

    /// The value captured by `{name}`; nil when the pattern has no such capture.
    public subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }
}
