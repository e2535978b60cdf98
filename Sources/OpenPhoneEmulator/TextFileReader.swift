import Base
import EmulatorSupport
import Glibc

/// Reads a small text file (a lines file) whole, through Base's ``FileDescriptor``.
public enum TextFileReader {
    /// Anything larger is not a list of lines.
    static let maximumBytes = 1 << 20

    public static func read(_ path: String) throws(OptionsError) -> String {
        let descriptor: FileDescriptor
        do { descriptor = try FileDescriptor.open(path, O_RDONLY | O_CLOEXEC) } catch {
            throw OptionsError(message: "cannot open \(path): \(error)")
        }
        defer { try? descriptor.close() }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count: Int
            do { count = try chunk.withUnsafeMutableBytes { buffer throws(SystemError) in try descriptor.read(into: buffer) } } catch {
                throw OptionsError(message: "cannot read \(path): \(error)")
            }
            if count == 0 { break }
            bytes += chunk[..<count]
            guard bytes.count <= maximumBytes else { throw OptionsError(message: "\(path) is larger than 1 MiB") }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
