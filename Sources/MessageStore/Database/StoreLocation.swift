import Base

/// Where the message store keeps its data.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    /// A SQLite file (`MESSAGES_DB`): every process of one host.
    case file(String)
    /// A PostgreSQL database (`MESSAGES_DATABASE_URL`, a libpq URL such as
    /// `postgres://inbox:…@10.0.0.5/inbox`): every host of a cluster. The URL holds the password,
    /// so it is a ``Secret``.
    case postgres(Secret)

    /// The file's path, or "PostgreSQL" (never the URL).
    public var description: String {
        switch self {
        case .file(let path): path
        case .postgres: "PostgreSQL"
        }
    }
}
