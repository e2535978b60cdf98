import Base
import Glibc

/// Where a supervisor publishes its ``ResponderStatus``: `<directory>/<responder>.status`, replaced
/// atomically (write a temporary file, then rename) so a reader never sees half a file.
///
/// The directory is `RESPONDER_STATUS_DIR`, else the directory of the socket the supervisor
/// created (in the stack: next to every responder's socket, where health finds them all). A
/// supervisor serving an inherited socket without the variable publishes nothing.
struct ResponderStatusFile {
    static let directoryVariable = "RESPONDER_STATUS_DIR"
    static let suffix = ".status"

    let directory: String
    let path: String

    init(directory: String, responder: String) {
        self.directory = directory
        self.path = directory + "/" + responder + Self.suffix
    }

    /// The directory for a supervisor, or nil when it has none (see the type's summary).
    static func directory(environment: Environment, socketPath: String?) -> String? {
        if let configured = environment[directoryVariable] { return configured }
        guard let socketPath, let slash = socketPath.lastIndex(of: "/") else { return nil }
        let parent = String(socketPath[..<slash])
        return parent.isEmpty ? "/" : parent
    }

    /// Replaces the file with `status`. Failures are logged once per cause, never fatal: health
    /// then lacks this responder's line, serving goes on.
    @discardableResult
    func write(_ status: ResponderStatus) -> Bool {
        // Our own name (pid) created exclusively, never through a link: the directory may be shared.
        let temporary = directory + "/." + (path.split(separator: "/").last.map(String.init) ?? "status")
            + ".\(getpid()).tmp"
        let bytes = status.encoded()
        unlink(temporary)  // a leftover of this pid's predecessor
        let fd: FileDescriptor
        do {
            fd = try .open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, permissions: 0o640)
        } catch {
            Log.warning("status_file_failed", ["path": temporary, "error": error.description])
            return false
        }
        let written = bytes.withUnsafeBytes { try? fd.write($0) }
        try? fd.close()
        guard written == bytes.count, rename(temporary, path) == 0 else {
            Log.warning("status_file_failed", ["path": path, "error": SystemError("write/rename").description])
            unlink(temporary)
            return false
        }
        return true
    }

    func remove() { unlink(path) }
}
