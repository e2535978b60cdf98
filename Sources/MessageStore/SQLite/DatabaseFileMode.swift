import Glibc

/// The store's files hold customers' messages, so they are private to the service's user and
/// group (0640), whoever starts the process and whatever its umask.
///
/// SQLite creates a new database file 0644 (less the umask) and gives its `-wal` and `-shm` the
/// database file's mode. So the database file is created here first, 0640 (the umask may only
/// tighten it further), and SQLite then opens that file and copies its mode to the other two.
/// A file left looser by an older version is tightened when this user owns it.
enum DatabaseFileMode {
    /// Owner read-write, group read, nothing for others.
    static let mode: mode_t = 0o640
    /// What SQLite adds beside the database file.
    static let companions = ["-wal", "-shm"]

    /// Creates the file at `path` with ``mode`` if it does not exist, and tightens it and its
    /// companions where they exist with bits beyond ``mode``.
    /// - Throws: ``MessageStoreError/Kind/cannotOpen`` when the file cannot be created (no such
    ///   directory, no permission), with the system's reason.
    static func prepare(_ path: String) throws(MessageStoreError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        if descriptor >= 0 {
            close(descriptor)
        } else if errno != EEXIST {
            throw MessageStoreError(kind: .cannotOpen, message: "create \(path): \(String(cString: strerror(errno)))")
        }
        for file in [path] + companions.map({ path + $0 }) { tighten(file) }
    }

    /// Removes the bits beyond ``mode`` from a regular file this user owns; anything else (a
    /// file that is missing, someone else's, already tight) is left alone.
    private static func tighten(_ file: String) {
        var status = stat()
        guard stat(file, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_uid == geteuid() else { return }
        let current = status.st_mode & 0o7777
        guard current & ~mode != 0 else { return }
        // Best effort: a failure here leaves the file as it was, and SQLite still opens it.
        _ = chmod(file, current & mode)
    }
}
