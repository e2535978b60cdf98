import Glibc
import Synchronization

/// At most `capacity` connections to one file, each lent to one thread at a time.
///
/// Connections are opened lazily, on a checkout that finds none idle, and kept for reuse (their
/// prepared statements with them). A checkout beyond `capacity` waits on a semaphore until one
/// is returned. SQLite writes are serialized by the file lock anyway, so a few connections serve
/// many threads; readers in WAL mode run in parallel, one per connection.
final class ConnectionPool: Sendable {
    private let idle = Mutex<[any DatabaseConnection]>([])
    /// One permit per connection that may be checked out (idle or not yet opened).
    private let permits: Semaphore
    private let open: @Sendable () throws(MessageStoreError) -> any DatabaseConnection

    init(capacity: Int, open: @escaping @Sendable () throws(MessageStoreError) -> any DatabaseConnection) {
        precondition(capacity > 0, "a pool needs at least one connection")
        permits = Semaphore(capacity)
        self.open = open
    }

    /// Lends a connection to `body` on this thread and takes it back afterwards.
    ///
    /// A connection whose `body` threw is kept (connections stay usable after failed
    /// statements), unless a transaction is somehow still open on it and cannot be rolled back,
    /// or its server went away: then it is closed rather than lent out to fail again.
    func withConnection<T>(_ body: (any DatabaseConnection) throws(MessageStoreError) -> T) throws(MessageStoreError) -> T {
        permits.wait()
        defer { permits.signal() }
        let reused = idle.withLock { $0.popLast() }
        if let reused {
            do {
                return try lend(reused, body)
            } catch where error.kind == .cannotOpen && !reused.isUsable && reused.failedOnFirstStatement {
                // A kept connection to a server that went away since (a restart, a failover):
                // nothing of `body` reached the server, so it runs once more on a new connection.
            }
        }
        // Opening happens outside the lock; if it fails the permit is returned by the defer.
        return try lend(try open(), body)
    }

    private func lend<T>(_ connection: any DatabaseConnection, _ body: (any DatabaseConnection) throws(MessageStoreError) -> T)
        throws(MessageStoreError) -> T
    {
        connection.startedLending()
        defer {
            connection.rollBack()
            if !connection.isInTransaction && connection.isUsable { idle.withLock { $0.append(connection) } }
        }
        return try body(connection)
    }

    /// Adds an already open connection (the one the store migrated with) to the idle set.
    func adopt(_ connection: any DatabaseConnection) {
        idle.withLock { $0.append(connection) }
    }
}

/// A counting semaphore (`sem_t`) for threads; heap-allocated so it never moves.
final class Semaphore: @unchecked Sendable {
    private let raw = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)

    init(_ value: Int) {
        precondition(sem_init(raw, 0, UInt32(value)) == 0, "sem_init: errno \(errno)")
    }

    deinit {
        sem_destroy(raw)
        raw.deallocate()
    }

    func wait() {
        // EINTR: a signal arrived while waiting (the worker runtime handles SIGTERM and others).
        while sem_wait(raw) != 0 && errno == EINTR {}
    }

    func signal() { sem_post(raw) }
}
