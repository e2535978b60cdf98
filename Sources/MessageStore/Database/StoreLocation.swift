import Base
import Glibc

/// Where the message store keeps its data.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    /// A SQLite file (`MESSAGES_DB`): every process of one host.
    case file(String)
    /// A PostgreSQL database (`MESSAGES_DATABASE_URL`, a libpq URL such as
    /// `postgres://inbox:…@10.0.0.5/inbox`): every host of a cluster. The URL holds the password,
    /// so it is a ``Secret``.
    case postgres(Secret)

    /// Where the environment puts the store: `MESSAGES_DATABASE_URL` (a `postgres://` or
    /// `postgresql://` URL) when set, else `MESSAGES_DB`; nil when neither is.
    public init?(environment: Environment) throws(ConfigurationError) {
        if let url = environment["MESSAGES_DATABASE_URL"] {
            // Never the value in the message: it may hold the password.
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://"),
                  (try? PostgresConnection.password(in: url)) != nil else {
                throw ConfigurationError("MESSAGES_DATABASE_URL must be a postgres:// or postgresql:// URL libpq can read "
                                         + "(percent-encode @, /, : and % in the password)")
            }
            self = .postgres(Secret(url))
        } else if let path = environment["MESSAGES_DB"] {
            self = .file(path)
        } else {
            return nil
        }
    }

    /// Whether there is anything to read: a PostgreSQL database is asked; a file must exist
    /// (health never creates one).
    public var mayHoldData: Bool {
        switch self {
        case .file(let path): access(path, F_OK) == 0
        case .postgres: true
        }
    }

    /// The file's path, or "PostgreSQL" (never the URL).
    public var description: String {
        switch self {
        case .file(let path): path
        case .postgres: "PostgreSQL"
        }
    }
}
