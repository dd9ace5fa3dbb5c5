import Foundation
import HazmonConsole
import HazmonCore
import Testing

/// The console in a real headless Chromium, driven by `console_browser.py` (Selenium): log in, see the alarm,
/// acknowledge it, check the page and the backend. Needs Debian's `chromium`, `chromium-driver` and
/// `python3-selenium`; skipped, with the reason shown, when they are absent.
@Suite struct BrowserTests {
    static let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let available = FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver") && python != nil
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    @Test(.enabled(if: available, "chromium, chromium-driver or python3-selenium not installed (apt-get install -y chromium chromium-driver python3-selenium)"))
    func operatorAcknowledgesInTheBrowser() async throws {
        let h = Harness()
        let running = try await h.server.start()
        let out = Self.here.appendingPathComponent("../../test-artifacts/console").standardized.path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python!)
        process.arguments = [
            Self.here.appendingPathComponent("console_browser.py").path, "http://127.0.0.1:\(running.port)",
            "tok-operator", "--alarm-id", "E-DEMO-01/V101.PT/HH", "--out", out,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = try await offPool {
            let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return text
        }
        print(output)
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.contains("ok: console acknowledged E-DEMO-01/V101.PT/HH"))
        #expect(await h.backend.alarm("E-DEMO-01/V101.PT/HH")?.state == .ack)
        #expect(await h.backend.audits.contains { $0.action == "alarm.ack" && $0.actor == "operator.user" && $0.outcome == .success })
        #expect(FileManager.default.fileExists(atPath: out + "/02-console-1366x768.png"))
        await running.stop()
    }
}
