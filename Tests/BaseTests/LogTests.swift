import Testing
@testable import Base

@Suite("Structured log lines")
struct LogTests {
    func line(_ fields: [(key: String, value: String)]) -> String {
        String(decoding: LogLine.render(level: .info, event: "test", component: "unit", pid: 7, fields: fields,
                                        now: Timestamp(milliseconds: 0)), as: UTF8.self)
    }

    @Test func rendersKeyValueLine() {
        #expect(line([("path", "/a b"), ("status", "200")]) ==
            "ts=1970-01-01T00:00:00.000Z level=info event=test component=unit pid=7 path=\"/a b\" status=200\n")
    }

    @Test(arguments: ["token", "hubspot_access_token", "webhook_secret", "Authorization", "password", "signature"])
    func secretsAreRedacted(key: String) {
        let rendered = line([(key, "pat-na1-very-secret")])
        #expect(!rendered.contains("very-secret"))
        #expect(rendered.contains("\(key)=[redacted]"))
    }

    @Test func valuesCannotForgeLines() {
        let rendered = line([("q", "x\nts=0 level=error event=forged")])
        #expect(rendered.split(separator: "\n").count == 1)
        #expect(rendered.contains("\\n"))
    }
}
