import PhoneNumbers
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// libphonenumber can log (older builds default to a logger writing to
/// stdout); a FastCGI responder must not print per request.
@Suite("No output", .serialized)
struct SilenceTests {
  static let badInput = [
    "abc", "12", "+999 123 4567", "+1 555 555 5555", "0044 20", String(repeating: "9", count: 300),
    "\u{3000}", "tel:", "+", "1-800-FLOWERS-AND-MORE", "XX", "001", "ZZ",
  ]

  @Test("Bad input prints nothing to stdout or stderr", arguments: badInput)
  func silent(text: String) throws {
    // Swift Testing writes progress to stderr from parallel tests, so a
    // window may catch some of it: such windows are passed on to stderr and
    // retried. A library that logs would dirty every window.
    for _ in 0..<100 {
      let output = try captureOutput {
        _ = try? PhoneNumber(parsing: text, defaultRegion: .us)
        _ = try? PhoneNumber(e164: text)
        _ = PhoneRegion(text)
      }
      if output.isEmpty { return }
      _ = output.withCString { write(2, $0, strlen($0)) }
    }
    Issue.record("every capture of \(text.debugDescription) had output")
  }

  @Test("The capture sees what is written to stderr")
  func captureWorks() throws {
    let output = try captureOutput { _ = write(2, "probe\n", 6) }
    #expect(output.contains("probe"))
  }
}

struct CaptureError: Error {}

/// Runs `body` with file descriptors 1 and 2 sent to a temporary file and
/// returns what was written there.
func captureOutput(_ body: () -> Void) throws -> String {
  var template = Array("/tmp/phone-capture-XXXXXX".utf8CString)
  let file = mkstemp(&template)
  guard file >= 0 else { throw CaptureError() }
  defer {
    close(file)
    unlink(template)
  }
  fflush(nil)  // all stdio streams
  let savedOut = dup(1)
  let savedErr = dup(2)
  guard savedOut >= 0, savedErr >= 0 else { throw CaptureError() }
  dup2(file, 1)
  dup2(file, 2)
  body()
  // C++ iostreams sit on stdio, which buffers: flush so the bytes land
  // inside the window.
  fflush(nil)
  dup2(savedOut, 1)
  dup2(savedErr, 2)
  close(savedOut)
  close(savedErr)

  var bytes: [UInt8] = []
  var chunk = [UInt8](repeating: 0, count: 4096)
  lseek(file, 0, SEEK_SET)
  while true {
    let count = read(file, &chunk, chunk.count)
    if count <= 0 { break }
    bytes += chunk[..<count]
  }
  return String(decoding: bytes, as: UTF8.self)
}
