import FastCGI
import Glibc
import JSON

/// Who looked at which contact data, when, with what result — one JSON line per access, appended
/// to `AUDIT_LOG`. Personal data is limited to what identifies the access (the normalized number
/// looked up, or only the length of a search query); never a secret.
///
/// Each line is one `write(2)` on an `O_APPEND` descriptor, so lines from every worker of every
/// responder interleave whole.
public final class AuditLog: Sendable {
    private let fd: Int32

    /// Opens (creating, mode 0640) the audit file; nil path → stderr, as a last resort that still
    /// keeps the record.
    public init(path: String?) throws(ConfigurationError) {
        guard let path else {
            fd = 2
            return
        }
        let opened = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard opened >= 0 else {
            throw ConfigurationError("cannot open AUDIT_LOG \(path): \(String(cString: strerror(errno)))")
        }
        fd = opened
    }

    public struct Entry: Sendable {
        public var endpoint: String
        public var user: String?
        public var requestID: String?
        /// What was looked up, already reduced to what the audit may hold.
        public var subject: JSONObject
        /// `found`, `not_found`, `results`, `bad_request`, or a HubSpot error code.
        public var result: String
        public var latencyMilliseconds: Double

        public init(endpoint: String, user: String?, requestID: String?, subject: JSONObject, result: String,
                    latencyMilliseconds: Double) {
            self.endpoint = endpoint
            self.user = user
            self.requestID = requestID
            self.subject = subject
            self.result = result
            self.latencyMilliseconds = latencyMilliseconds
        }
    }

    public func record(_ entry: Entry) {
        var line: JSONObject = [
            "time": .string(Timestamp.now().iso8601),
            "endpoint": .string(entry.endpoint),
            "user": entry.user.map { .string($0) } ?? .null,
        ]
        if let requestID = entry.requestID { line["requestId"] = .string(requestID) }
        for (key, value) in entry.subject { line[key] = value }
        line["result"] = .string(entry.result)
        line["latencyMs"] = .double((entry.latencyMilliseconds * 100).rounded() / 100)
        var bytes = JSONValue.object(line).encoded()
        bytes.append(10)
        _ = bytes.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count) }
    }
}
