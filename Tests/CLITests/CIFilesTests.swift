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
        let step = try lintStep(paths: "examples/distributed examples/production", directory: Fixtures.root)
        defer { try? FileManager.default.removeItem(at: step.folder) }
        let (log, outputs, folder) = (step.log, step.outputs, step.folder)
        #expect(step.status == 0, "the step records the status instead of failing")
        #expect(log.contains("::error file=examples/distributed/distributed.infra,line=11,"))
        #expect(outputs.contains("status=1"))
        #expect(outputs.contains("category=infralint-examples-distributed-examples-production\n"), "\(outputs)")
        let sarif = try #require(outputs.split(separator: "\n").first { $0.hasPrefix("sarif-file=") }?.dropFirst("sarif-file=".count))
        #expect(sarif.hasPrefix(folder.path + "/infralint-"))
        #expect(try String(contentsOfFile: String(sarif), encoding: .utf8).contains("\"ruleId\" : \"AV001\""))
    }

    /// Runs the action's lint step as GitHub would, with these paths, in `directory`: the
    /// action checked out in a fresh folder (returned, for the caller to remove) whose
    /// .build/release holds the infralint under test.
    private func lintStep(paths: String, directory: URL) throws -> (status: Int32, log: String, outputs: String, folder: URL) {
        let action = try #require(try Yams.load(yaml: try Fixtures.text("action.yml")) as? [String: Any])
        let steps = try #require((action["runs"] as? [String: Any])?["steps"] as? [[String: Any]])
        let script = try #require(steps.first { $0["id"] as? String == "lint" }?["run"] as? String)
        let folder = try CLI.temporaryFolder()
        let release = folder.appendingPathComponent("action/.build/release")
        try FileManager.default.createDirectory(at: release, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: release.appendingPathComponent("infralint"), withDestinationURL: CLI.executable)
        let output = folder.appendingPathComponent("github_output")
        try Data().write(to: output)
        let environment = [
            "GITHUB_ACTION_PATH": folder.appendingPathComponent("action").path, "RUNNER_TEMP": folder.path,
            "GITHUB_OUTPUT": output.path, "INFRALINT_PATHS": paths, "INFRALINT_FORMAT": "github",
            "INFRALINT_FAIL_ON": "error", "INFRALINT_CONFIG": "", "INFRALINT_BASELINE": "", "INFRALINT_CATEGORY": "",
        ]
        let result = try CLI.process(URL(fileURLWithPath: "/bin/bash"), ["-e", "-c", script], environment: environment, directory: directory)
        return (result.status, result.stdout, try String(contentsOf: output, encoding: .utf8), folder)
    }

    @Test("paths with spaces, one a line; a run that cannot parse uploads nothing")
    func actionPathsAndFailures() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("my designs"), withIntermediateDirectories: true)
        try Fixtures.text("examples/distributed/distributed.infra").write(
            to: folder.appendingPathComponent("my designs/shop.infra"), atomically: true, encoding: .utf8)
        let spaced = try lintStep(paths: "my designs\n", directory: folder)
        defer { try? FileManager.default.removeItem(at: spaced.folder) }
        #expect(spaced.status == 0)
        #expect(spaced.outputs.contains("status=1"), "\(spaced.outputs)")
        #expect(spaced.outputs.contains("sarif-file="))
        #expect(spaced.outputs.contains("category=infralint-my-designs\n"), "\(spaced.outputs)")
        try "client users\nweb-server {\n".write(to: folder.appendingPathComponent("broken.infra"), atomically: true, encoding: .utf8)
        let broken = try lintStep(paths: "broken.infra", directory: folder)
        defer { try? FileManager.default.removeItem(at: broken.folder) }
        #expect(broken.outputs.contains("status=2"))
        #expect(!broken.outputs.contains("sarif-file="), "no upload when lint could not run: \(broken.outputs)")
    }

    /// Runs a validator (scripts/ensure-dependencies installs them), its two outputs as one.
    private func validate(_ arguments: [String], in directory: URL) throws -> CLI.Result {
        let result = try CLI.process(URL(fileURLWithPath: "/usr/bin/env"), arguments, directory: directory)
        return CLI.Result(status: result.status, stdout: result.stdout + result.stderr, stderr: "")
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

    @Test("the pre-commit hooks run lint and fmt --check on .infra files, through the script that builds infralint alone")
    func preCommitHooks() throws {
        let hooks = try #require(try Yams.load(yaml: try Fixtures.text(".pre-commit-hooks.yaml")) as? [[String: Any]])
        #expect(hooks.map { $0["id"] as? String } == ["infralint", "infralint-fmt"])
        #expect(hooks.map { $0["entry"] as? String } == ["scripts/pre-commit-hook lint", "scripts/pre-commit-hook fmt --check"])
        #expect(hooks.allSatisfy { $0["files"] as? String == "\\.infra$" && $0["language"] as? String == "script" })
        #expect(try Fixtures.text("scripts/pre-commit-hook").contains("scripts/build-release\" infralint"), "the hook builds the executable only")
    }

    /// The action, the hook and the benchmarks build through one script; a `swift`
    /// earlier on PATH records what it is asked and prints the static Foundation's
    /// linker warning.
    @Test("scripts/build-release builds each product in release with the Swift runtime linked in and a fixed load address on Linux, and fails when a build does")
    func buildRelease() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let swift = folder.appendingPathComponent("swift"), log = folder.appendingPathComponent("log")
        try #"""
            #!/bin/sh
            echo "$*" >> "$SWIFT_LOG"
            echo "Foundation.o: warning: the use of \`mktemp' is dangerous, better use \`mkstemp' or \`mkdtemp'"
            echo "Build of product complete"
            exit "${SWIFT_STATUS:-0}"

            """#.write(to: swift, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: swift.path)
        let script = Fixtures.root.appendingPathComponent("scripts/build-release")
        let path = folder.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let built = try CLI.process(script, ["infralint-bench", "infralint"], environment: ["PATH": path, "SWIFT_LOG": log.path])
        #expect(built.status == 0, "\(built.stdout)\(built.stderr)")
        #expect(built.stdout.contains("Build of product complete") && !built.stdout.contains("mktemp"), "\(built.stdout)")
        let root = Fixtures.root.standardizedFileURL.path
        #if os(Linux)
        let linked = " -Xswiftc -enforce-exclusivity=unchecked --static-swift-stdlib -Xswiftc -Xclang-linker -Xswiftc -no-pie"
        #else
        let linked = " -Xswiftc -enforce-exclusivity=unchecked"
        #endif
        #expect(try String(contentsOf: log, encoding: .utf8) == """
            build --package-path \(root) -c release\(linked) --product infralint-bench
            build --package-path \(root) -c release\(linked) --product infralint

            """)
        let failed = try CLI.process(script, [], environment: ["PATH": path, "SWIFT_LOG": log.path, "SWIFT_STATUS": "1"])
        #expect(failed.status != 0, "a failed build is not hidden by the filter")
        let action = try #require(try Yams.load(yaml: try Fixtures.text("action.yml")) as? [String: Any])
        let steps = try #require((action["runs"] as? [String: Any])?["steps"] as? [[String: Any]])
        let build = try #require(steps.first { $0["name"] as? String == "Build infralint" }?["run"] as? String)
        #expect(build.contains("\"$GITHUB_ACTION_PATH/scripts/build-release\" infralint"))
        #expect(try Fixtures.text("scripts/benchmark").contains("./scripts/build-release infralint-bench infralint"))
    }

    /// The real pre-commit runs the hooks from a git repository holding this one's hook
    /// files, with the infralint under test where the script's build would put it.
    @Test("pre-commit try-repo runs both hooks on a user's changed designs")
    func preCommitTryRepo() throws {
        let folder = try CLI.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let hooks = folder.appendingPathComponent("hooks"), user = folder.appendingPathComponent("user")
        let manager = FileManager.default
        try manager.createDirectory(at: hooks.appendingPathComponent("scripts"), withIntermediateDirectories: true)
        try manager.createDirectory(at: hooks.appendingPathComponent(".build/release"), withIntermediateDirectories: true)
        try manager.createDirectory(at: user, withIntermediateDirectories: true)
        try manager.copyItem(at: Fixtures.root.appendingPathComponent(".pre-commit-hooks.yaml"), to: hooks.appendingPathComponent(".pre-commit-hooks.yaml"))
        try manager.copyItem(at: Fixtures.root.appendingPathComponent("scripts/pre-commit-hook"), to: hooks.appendingPathComponent("scripts/pre-commit-hook"))
        try manager.createSymbolicLink(at: hooks.appendingPathComponent(".build/release/infralint"), withDestinationURL: CLI.executable)
        try Fixtures.text("examples/distributed/distributed.infra").write(to: user.appendingPathComponent("shop.infra"), atomically: true, encoding: .utf8)
        let git = ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"]
        for (directory, files) in [(hooks, ["."]), (user, ["shop.infra"])] {
            for arguments in [["git", "init", "-q"], ["git", "add", "-f"] + files, ["git"] + git + ["commit", "-q", "-m", "start"]] {
                let result = try validate(arguments, in: directory)
                #expect(result.status == 0, "\(arguments.joined(separator: " ")): \(result.stdout)")
            }
        }
        let environment = ["PRE_COMMIT_HOME": folder.appendingPathComponent("cache").path]
        let run = try CLI.process(URL(fileURLWithPath: "/usr/bin/env"), ["pre-commit", "try-repo", hooks.path, "--all-files"],
                                  environment: environment, directory: user)
        let log = run.stdout + run.stderr
        #expect(run.status == 1, "the distributed example has errors: \(log)")
        #expect(log.contains("infralint lint") && log.contains("Failed"), "\(log)")
        #expect(log.contains("shop.infra:11:1: error:"), "\(log)")
        #expect(log.contains("infralint fmt") && log.contains("Passed"), "the example is formatted: \(log)")
    }
}
