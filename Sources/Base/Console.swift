import Glibc

/// Lines for a person at a terminal, on stderr: usage errors and fatal reasons of the
/// command-line tools (one `write(2)`, no stdio buffering, safe from any thread).
public enum Console {
    public static func error(_ text: String) {
        let line = Array((text + "\n").utf8)
        _ = line.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count) }
    }
}
