import Glibc
import Synchronization

/// A PostgreSQL server of the tests' own (Debian's `postgresql`, which `nginx/stack test`
/// installs): a new cluster in a temporary directory, listening on a Unix socket only, without
/// durability (fsync off: a test's data need not survive a crash). PostgreSQL refuses to run as
/// root, so under root it runs as the `postgres` account the package creates.
///
/// ```swift
/// let url = PostgresServer.shared.newDatabase()   // postgresql:///t_…?host=…&user=postgres
/// ```
///
/// ``shared`` is started on first use and removed when the test process exits; a test that stops
/// a server (an outage) makes one of its own, and removes it.
public final class PostgresServer: @unchecked Sendable {
    public let directory = TemporaryDirectory(prefix: "postgres")
    private let binaries: String
    private var server: ChildProcess?
    private let databases = Mutex(0)

    /// One server for the whole test process.
    public static let shared: PostgresServer = {
        let server = PostgresServer()
        PostgresServer.running.withLock { $0 = server }
        atexit { PostgresServer.running.withLock { $0?.remove(); $0 = nil } }
        return server
    }()

    private static let running = Mutex<PostgresServer?>(nil)

    private let user: String?

    public init() {
        binaries = Self.findBinaries()
        user = getuid() == 0 ? "postgres" : nil
        // Its mode set here, not left to mkdtemp: another test may be holding a narrower umask
        // for a moment (a socket's 0177 leaves a directory nobody but root can enter).
        chmod(directory.path, 0o700)
        if let user { run(["/bin/chown", "-R", user, directory.path]) }
        run(asServer(user, [binaries + "/initdb", "-D", directory.file("data"), "-U", "postgres", "--auth=trust",
                            "-E", "UTF8", "--locale=C", "--no-sync"]))
        start()
    }

    /// Starts the server (again, on the same data and socket) and waits until it takes logins.
    public func start() {
        guard server == nil else { return }
        server = ChildProcess.spawn(executable: "/usr/bin/setpriv",
                                    arguments: setprivArguments(user) + [
                                        binaries + "/postgres", "-D", directory.file("data"), "-k", directory.path,
                                        "-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off",
                                        "-c", "full_page_writes=off", "-c", "max_connections=300"],
                                    log: directory.file("postgres.log"))
        let deadline = monotonicSeconds() + 30
        while access(directory.file(".s.PGSQL.5432"), F_OK) != 0 {
            precondition(monotonicSeconds() < deadline, "postgres did not start: \(readTextFile(directory.file("postgres.log")))")
            usleep(20_000)
        }
        // The socket appears a moment before the server accepts logins.
        while !psql("SELECT 1") {
            precondition(monotonicSeconds() < deadline, "postgres takes no logins: \(readTextFile(directory.file("postgres.log")))")
            usleep(20_000)
        }
    }

    /// A new, empty database; its libpq URL (Unix socket, user postgres).
    public func newDatabase() -> String {
        let name = databases.withLock { count in
            count += 1
            return "t_\(getpid())_\(count)"
        }
        precondition(psql("CREATE DATABASE \(name)"), "CREATE DATABASE failed: \(readTextFile(directory.file("psql.log")))")
        return url(name)
    }

    public func url(_ database: String) -> String {
        "postgresql:///\(database)?host=\(directory.path)&user=postgres"
    }

    /// Stops the server (a fast shutdown: every session is cut), keeping its data.
    public func stop() {
        guard let server else { return }
        server.kill(SIGINT)
        server.wait()
        self.server = nil
    }

    /// Stops the server and removes its files.
    public func remove() {
        stop()
        // The cluster is a tree of directories (TemporaryDirectory removes flat ones).
        ChildProcess.spawn(executable: "/bin/rm", arguments: ["-rf", directory.path]).wait()
    }

    @discardableResult
    private func psql(_ sql: String) -> Bool {
        let child = ChildProcess.spawn(executable: "/usr/bin/psql",
                                       arguments: ["-h", directory.path, "-U", "postgres", "-d", "postgres", "-q",
                                                   "-v", "ON_ERROR_STOP=1", "-c", sql],
                                       log: directory.file("psql.log"))
        let status = child.wait()
        return status == 0
    }

    private func run(_ command: [String]) {
        let child = ChildProcess.spawn(executable: command[0], arguments: Array(command.dropFirst()),
                                       log: directory.file("setup.log"))
        precondition(child.wait() == 0, "\(command.joined(separator: " ")) failed: \(readTextFile(directory.file("setup.log")))")
    }

    private func asServer(_ user: String?, _ command: [String]) -> [String] {
        ["/usr/bin/setpriv"] + setprivArguments(user) + command
    }

    private func setprivArguments(_ user: String?) -> [String] {
        guard let user else { return [] }
        return ["--reuid=\(user)", "--regid=\(user)", "--init-groups"]
    }

    private static func findBinaries() -> String {
        for version in ["17", "16", "15", "14", "13"] {
            let directory = "/usr/lib/postgresql/\(version)/bin"
            if access(directory + "/postgres", X_OK) == 0 { return directory }
        }
        preconditionFailure("PostgreSQL is missing: install postgresql (nginx/stack test does)")
    }
}
