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
        environment["INFRALINT_CATEGORY"] = ""
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
        #expect(outputs.contains("category=infralint-examples-distributed-examples-production\n"), "\(outputs)")
        let sarif = try #require(outputs.split(separator: "\n").first { $0.hasPrefix("sarif-file=") }?.dropFirst("sarif-file=".count))
        #expect(sarif.hasPrefix(folder.path + "/infralint-"))
        #expect(try String(contentsOfFile: String(sarif), encoding: .utf8).contains("\"ruleId\" : \"AV001\""))
    }

    /// Runs the action's lint step with these paths (and GitHub's environment) in `directory`.
    private func lintStep(paths: String, directory: URL) throws -> (status: Int32, outputs: String) {
        let action = try #require(try Yams.load(yaml: try Fixtures.text("action.yml")) as? [String: Any])
        let steps = try #require((action["runs"] as? [String: Any])?["steps"] as? [[String: Any]])
        let script = try #require(steps.first { $0["id"] as? String == "lint" }?["run"] as? String)
        let folder = try CLI.temporaryFolder()
        let release = folder.appendingPathComponent("action/.build/release")
        try FileManager.default.createDirectory(at: release, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: release.appendingPathComponent("infralint"), withDestinationURL: CLI.executable)
        let output = folder.appendingPathComponent("github_output")
        try Data().write(to: output)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-e", "-c", script]
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["GITHUB_ACTION_PATH"] = folder.appendingPathComponent("action").path
        environment["RUNNER_TEMP"] = folder.path
        environment["GITHUB_OUTPUT"] = output.path
        for (key, value) in ["INFRALINT_PATHS": paths, "INFRALINT_FORMAT": "github", "INFRALINT_FAIL_ON": "error",
                             "INFRALINT_CONFIG": "", "INFRALINT_BASELINE": "", "INFRALINT_CATEGORY": ""] {
            environment[key] = value
        }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: output, encoding: .utf8))
    }

    @Test("paths with spaces, one a line; a run that cannot parse uploads nothing")
    func actionPathsAndFailures() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("my designs"), withIntermediateDirectories: true)
        try Fixtures.text("examples/distributed/distributed.infra").write(
            to: folder.appendingPathComponent("my designs/shop.infra"), atomically: true, encoding: .utf8)
        let spaced = try lintStep(paths: "my designs\n", directory: folder)
        #expect(spaced.status == 0)
        #expect(spaced.outputs.contains("status=1"), "\(spaced.outputs)")
        #expect(spaced.outputs.contains("sarif-file="))
        #expect(spaced.outputs.contains("category=infralint-my-designs\n"), "\(spaced.outputs)")
        try "client users\nweb-server {\n".write(to: folder.appendingPathComponent("broken.infra"), atomically: true, encoding: .utf8)
        let broken = try lintStep(paths: "broken.infra", directory: folder)
        #expect(broken.outputs.contains("status=2"))
        #expect(!broken.outputs.contains("sarif-file="), "no upload when lint could not run: \(broken.outputs)")
    }

    /// Runs a validator; nil when it is not installed (scripts/ensure-dependencies installs it).
    private func validate(_ arguments: [String], in directory: URL) throws -> CLI.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return CLI.Result(status: process.terminationStatus, stdout: text, stderr: "")
    }

    @Test("the README's CI snippets and the action pass the real validators: actionlint, check-jsonschema, pre-commit")
    func readmeSnippetsValidate() throws {
        let readme = try Fixtures.text("README.md")
        let blocks = readme.components(separatedBy: "```yaml\n").dropFirst().compactMap { $0.components(separatedBy: "```").first }
        let workflow = try #require(blocks.first { $0.contains("runs-on:") })
        let gitlab = try #require(blocks.first { $0.contains("codequality:") })
        let preCommit = try #require(blocks.first { $0.contains("repos:") })
        #expect(gitlab.contains("when: always"), "GitLab uploads the report of a failed job only with when: always")
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(".github/workflows"), withIntermediateDirectories: true)
        try workflow.write(to: folder.appendingPathComponent(".github/workflows/infralint.yml"), atomically: true, encoding: .utf8)
        try gitlab.write(to: folder.appendingPathComponent(".gitlab-ci.yml"), atomically: true, encoding: .utf8)
        try preCommit.write(to: folder.appendingPathComponent(".pre-commit-config.yaml"), atomically: true, encoding: .utf8)
        let root = Fixtures.root.path
        let checks: [[String]] = [
            ["actionlint", ".github/workflows/infralint.yml"],
            ["check-jsonschema", "--builtin-schema", "vendor.github-workflows", ".github/workflows/infralint.yml"],
            ["check-jsonschema", "--builtin-schema", "vendor.gitlab-ci", ".gitlab-ci.yml"],
            ["check-jsonschema", "--builtin-schema", "vendor.github-actions", "\(root)/action.yml"],
            ["pre-commit", "validate-config", ".pre-commit-config.yaml"],
            ["pre-commit", "validate-manifest", "\(root)/.pre-commit-hooks.yaml"],
        ]
        for arguments in checks {
            let result = try validate(arguments, in: folder)
            #expect(result.status == 0, "\(arguments.joined(separator: " ")): \(result.stdout)")
            #expect(!result.stdout.contains("[WARNING]"), "\(arguments.joined(separator: " ")): \(result.stdout)")
        }
    }

    @Test("the pre-commit hooks run lint and fmt --check on .infra files")
    func preCommitHooks() throws {
        let hooks = try #require(try Yams.load(yaml: try Fixtures.text(".pre-commit-hooks.yaml")) as? [[String: Any]])
        #expect(hooks.map { $0["id"] as? String } == ["infralint", "infralint-fmt"])
        #expect(hooks.map { $0["entry"] as? String } == ["infralint lint", "infralint fmt --check"])
        #expect(hooks.allSatisfy { $0["files"] as? String == "\\.infra$" && $0["language"] as? String == "swift" })
    }
}
