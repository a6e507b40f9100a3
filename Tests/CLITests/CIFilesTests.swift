import Foundation
import InfraTestSupport
import Testing
import Yams

@Suite("The files CI users copy: action.yml and .pre-commit-hooks.yaml")
struct CIFilesTests {
    @Test("the action's lint step runs infralint with its inputs, writes SARIF and records the status")
    func actionLintStep() throws {
        let action = try #require(try Yams.load(yaml: try Fixtures.text("action.yml")) as? [String: Any])
        let steps = try #require((action["runs"] as? [String: Any])?["steps"] as? [[String: Any]])
        let lint = try #require(steps.first { $0["id"] as? String == "lint" })
        let script = try #require(lint["run"] as? String)
        #expect((lint["env"] as? [String: String])?["INFRALINT_PATHS"] == "${{ inputs.paths }}")
        #expect(!script.contains("${{"), "inputs reach the script through the environment only")
        // Run the step as GitHub would, with the action checked out in a folder
        // whose .build/release holds the infralint under test.
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let release = folder.appendingPathComponent("action/.build/release")
        try FileManager.default.createDirectory(at: release, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: release.appendingPathComponent("infralint"), withDestinationURL: CLI.executable)
        let output = folder.appendingPathComponent("github_output")
        try Data().write(to: output)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-e", "-c", script]
        process.currentDirectoryURL = Fixtures.root
        var environment = ProcessInfo.processInfo.environment
        environment["GITHUB_ACTION_PATH"] = folder.appendingPathComponent("action").path
        environment["RUNNER_TEMP"] = folder.path
        environment["GITHUB_OUTPUT"] = output.path
        environment["INFRALINT_PATHS"] = "examples/distributed examples/production"
        environment["INFRALINT_FORMAT"] = "github"
        environment["INFRALINT_FAIL_ON"] = "error"
        environment["INFRALINT_CONFIG"] = ""
        environment["INFRALINT_BASELINE"] = ""
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let log = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "the step records the status instead of failing")
        #expect(log.contains("::error file=examples/distributed/distributed.infra,line=11,"))
        let outputs = try String(contentsOf: output, encoding: .utf8)
        #expect(outputs.contains("status=1"))
        #expect(outputs.contains("sarif-file=\(folder.path)/infralint.sarif"))
        #expect(try String(contentsOfFile: folder.appendingPathComponent("infralint.sarif").path, encoding: .utf8).contains("\"ruleId\" : \"AV001\""))
    }

    @Test("the pre-commit hooks run lint and fmt --check on .infra files")
    func preCommitHooks() throws {
        let hooks = try #require(try Yams.load(yaml: try Fixtures.text(".pre-commit-hooks.yaml")) as? [[String: Any]])
        #expect(hooks.map { $0["id"] as? String } == ["infralint", "infralint-fmt"])
        #expect(hooks.map { $0["entry"] as? String } == ["infralint lint", "infralint fmt --check"])
        #expect(hooks.allSatisfy { $0["files"] as? String == "\\.infra$" && $0["language"] as? String == "swift" })
    }
}
