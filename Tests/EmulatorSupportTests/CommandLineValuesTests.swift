import Base
import EmulatorSupport
import Testing

@Suite("Flags with environment twins")
struct CommandLineValuesTests {
    enum Flag: String, CaseIterable, Sendable {
        case listen, rate
        case webhookURL = "webhook-url"
    }

    func values(_ arguments: [String], _ environment: [String: String] = [:]) throws(OptionsError)
        -> CommandLineValues<Flag>
    {
        try CommandLineValues(arguments: arguments, environment: Environment(environment), environmentPrefix: "TEST_EMULATOR_")
    }

    @Test("`--flag value` and `--flag=value`; a value may start with dashes or hold `=`")
    func bothSpellings() throws {
        let parsed = try values(["--listen", "127.0.0.1:1", "--rate=5", "--webhook-url=http://h/?a=b"])
        #expect(parsed[.listen] == "127.0.0.1:1")
        #expect(parsed[.rate] == "5")
        #expect(parsed[.webhookURL] == "http://h/?a=b")
        #expect(try values(["--rate", "--5"])[.rate] == "--5")
        #expect(try values(["--rate="])[.rate] == "")
        #expect(!parsed.showHelp)
    }

    @Test("Each flag's twin is the prefix and the flag in capitals; flags win; blank means unset")
    func environmentTwins() throws {
        #expect(CommandLineValues<Flag>.environmentName(of: .webhookURL, prefix: "TEST_EMULATOR_") == "TEST_EMULATOR_WEBHOOK_URL")
        let environment = ["TEST_EMULATOR_LISTEN": "127.0.0.1:2", "TEST_EMULATOR_RATE": "9",
                           "TEST_EMULATOR_WEBHOOK_URL": "  ", "LISTEN": "elsewhere"]
        let parsed = try values(["--rate", "3"], environment)
        #expect(parsed[.listen] == "127.0.0.1:2")
        #expect(parsed[.rate] == "3")
        #expect(parsed[.webhookURL] == nil)
        #expect(try values([])[.listen] == nil)
    }

    @Test("The last of a repeated flag wins")
    func repeated() throws {
        #expect(try values(["--rate", "1", "--rate=2"])[.rate] == "2")
    }

    @Test("`--help` and `-h` ask for the usage and do not stop the other flags being read")
    func help() throws {
        for flag in ["--help", "-h"] {
            let parsed = try values([flag, "--rate", "4"])
            #expect(parsed.showHelp)
            #expect(parsed[.rate] == "4")
        }
    }

    @Test("Refusals name the problem", arguments: [
        (["stray"], "unexpected argument stray"), (["-r", "1"], "unexpected argument -r"),
        (["--bogus", "1"], "unknown option --bogus"), (["--bogus=1"], "unknown option --bogus"),
        (["--rate"], "--rate needs a value"),
    ])
    func refusals(arguments: [String], message: String) {
        #expect(throws: OptionsError(message: message)) { try values(arguments) }
    }
}

@Suite("Listen addresses")
struct ListenAddressTests {
    @Test("ADDRESS:PORT; an empty address or localhost is loopback")
    func tcp() throws {
        #expect(try ListenAddress(parsing: "10.0.0.2:8089", example: "x") == .tcp(host: "10.0.0.2", port: 8089))
        #expect(try ListenAddress(parsing: ":0", example: "x") == .anyLoopbackPort)
        #expect(try ListenAddress(parsing: "localhost:80", example: "x") == .tcp(host: "127.0.0.1", port: 80))
        let address = ListenAddress.tcp(host: "127.0.0.1", port: 0)
        #expect(address.described(boundPort: 41234) == "127.0.0.1:41234")
        #expect(address.url(boundPort: 41234) == "http://127.0.0.1:41234")
    }

    @Test("unix:PATH only where allowed")
    func unix() throws {
        let address = try ListenAddress(parsing: "unix:/tmp/e.sock", example: "x", allowingUnix: true)
        #expect(address == .unix(path: "/tmp/e.sock"))
        #expect(address.url(boundPort: 0) == "unix:/tmp/e.sock")
        #expect(address.serverConfiguration.unixSocketPath == "/tmp/e.sock")
        #expect(throws: OptionsError.self) { try ListenAddress(parsing: "unix:/tmp/e.sock", example: "x") }
        #expect(throws: OptionsError(message: "--listen unix: needs a path")) {
            try ListenAddress(parsing: "unix:", example: "x", allowingUnix: true)
        }
    }

    @Test("Refusals show the example", arguments: ["8089", "127.0.0.1", "127.0.0.1:70000", "127.0.0.1:x", ""])
    func refusals(text: String) {
        #expect(throws: OptionsError(message: "--listen wants ADDRESS:PORT (e.g. 127.0.0.1:8089)")) {
            try ListenAddress(parsing: text, example: "127.0.0.1:8089")
        }
    }
}
