/// A value bound to a statement parameter. Every value reaches SQL this way, never by
/// splicing it into the SQL text.
enum SQLValue: Sendable, Equatable {
    case integer(Int64)
    case text(String)
    /// Bytes kept as they are (a raw webhook body, which need not be UTF-8).
    case blob([UInt8])
    case null

    /// `.text(value)`, or `.null` for nil.
    static func text(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
    /// `.integer(value)`, or `.null` for nil.
    static func integer(_ value: Int64?) -> SQLValue { value.map { .integer($0) } ?? .null }
    static func integer(_ value: Int) -> SQLValue { .integer(Int64(value)) }
}
