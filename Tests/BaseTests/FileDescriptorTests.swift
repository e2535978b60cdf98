import Glibc
import Testing
import Base

@Suite("File descriptors")
struct FileDescriptorTests {
    static func temporaryFile() -> String {
        var template = Array("/tmp/fd-test-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) } + "/file"
    }

    @Test func closeOnExecCanBeSetAndCleared() throws {
        let fd = try FileDescriptor.open(Self.temporaryFile(), O_RDWR | O_CREAT, permissions: 0o600)
        defer { try? fd.close() }
        #expect(try fd.closesOnExec() == false)
        try fd.setCloseOnExec(true)
        #expect(try fd.closesOnExec())
        try fd.setCloseOnExec(false)
        #expect(try fd.closesOnExec() == false)
    }

    @Test func openWithCloseOnExecFlagSetsIt() throws {
        let fd = try FileDescriptor.open(Self.temporaryFile(), O_RDWR | O_CREAT | O_CLOEXEC, permissions: 0o600)
        defer { try? fd.close() }
        #expect(try fd.closesOnExec())
    }

    @Test func closingAnInvalidDescriptorReportsEBADF() {
        do {
            try FileDescriptor(rawValue: -1).close()
            Issue.record("closing fd -1 succeeded")
        } catch {
            #expect(error.errno == EBADF)
            #expect(error.call == "close")
        }
    }

    @Test func openingAMissingFileNamesTheFile() {
        let path = Self.temporaryFile()
        do {
            _ = try FileDescriptor.open(path, O_RDONLY)
            Issue.record("opened a file that does not exist")
        } catch {
            #expect(error.errno == ENOENT)
            #expect(error.description.contains(path))
        }
    }

    @Test func whatIsWrittenReadsBack() throws {
        let path = Self.temporaryFile()
        let writer = try FileDescriptor.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions: 0o600)
        let bytes: [UInt8] = Array("hello descriptor".utf8)
        let written = try bytes.withUnsafeBytes { buffer throws(SystemError) in try writer.write(buffer) }
        try writer.close()
        #expect(written == bytes.count)

        let reader = try FileDescriptor.open(path, O_RDONLY | O_CLOEXEC)
        defer { try? reader.close() }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = try buffer.withUnsafeMutableBytes { raw throws(SystemError) in try reader.read(into: raw) }
        #expect(Array(buffer.prefix(count)) == bytes)
        #expect(try buffer.withUnsafeMutableBytes { raw throws(SystemError) in try reader.read(into: raw) } == 0)
    }
}
