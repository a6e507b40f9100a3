import Foundation
import InfraTestSupport
import Testing

/// `infralint serve`: the Playwright suite under Tests/Serve loads the page in the
/// system's chromium (scripts/ensure-dependencies installs both) against the built
/// executable; here, what the command says before it serves.
@Suite("The live page, in a real browser")
struct ServeTests {
    @Test("the page loads, follows the file, keeps the last good diagram over errors, draws what-if, escapes names")
    func playwright() throws {
        let result = try CLI.process(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", "-c", "Tests/Serve/pytest.ini", "Tests/Serve"],
            environment: ["INFRALINT": CLI.executable.path])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("5 passed"), "\(result.stdout)")
    }

    @Test("a missing file, a folder or a bad port is an error before anything listens")
    func badArguments() throws {
        let missing = try CLI.run(["serve", "nowhere.infra"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("nowhere.infra: no such file"))
        #expect(try CLI.run(["serve", "examples"]).status == 2)
        let port = try CLI.run(["serve", "examples/distributed/distributed.infra", "--port", "70000"])
        #expect(port.status == 2)
        #expect(port.stderr.contains("--port takes 0 to 65535"))
        let host = try CLI.run(["serve", "examples/distributed/distributed.infra", "--host", "no.such.host.invalid"])
        #expect(host.status == 2)
        #expect(host.stderr.contains("cannot listen on no.such.host.invalid"))
    }
}
