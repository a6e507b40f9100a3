import Foundation
import InfraCore

/// Paths and helpers shared by the test targets.
public enum Fixtures {
    /// A lone primary (no cluster, one instance) whose failure the clients' writes
    /// survive through storage: `uploads` writes to `images`. AV002 and explain both
    /// have to say that nothing promotes the replica.
    public static let writesThroughStorage = """
        client users
        app-server api { instances: 2 }
        app-server uploads { instances: 2 }
        storage images { instances: 2 }
        database main { role: primary }
        database copy { role: replica, replicates: main }
        users -> api, uploads : https
        api -> main : postgres
        api -> copy : postgres
        uploads -> images : https
        """

    /// A payment provider's webhook drawn back into the site: app needs stripe and
    /// stripe needs app, a cycle that serves nothing (DES006, what-if).
    public static let webhookCycle = """
        client buyers
        web-server app { instances: 2 }
        service stripe { instances: 2 }
        buyers -> app : https
        app -> stripe : https
        stripe -> app : https
        """

    /// The package's root folder.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A path relative to the package root.
    public static func path(_ relative: String) -> String {
        root.appendingPathComponent(relative).path
    }

    /// The text of a file relative to the package root.
    public static func text(_ relative: String) throws -> String {
        try String(contentsOfFile: path(relative), encoding: .utf8)
    }

    /// The classic examples and the larger ones, as paths relative to the root.
    public static var examples: [String] {
        let folder = path("examples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.sorted().compactMap { name in
            let relative = "examples/\(name)/\(name).infra"
            return FileManager.default.fileExists(atPath: path(relative)) ? relative : nil
        }
    }

    /// The designs copied from the specification's LANGUAGE.md.
    public static var specDesigns: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path("Tests/Fixtures/spec"))) ?? []
        return names.filter { $0.hasSuffix(".infra") }.sorted().map { "Tests/Fixtures/spec/\($0)" }
    }

    /// Parses and builds text as a file named `test.infra`.
    public static func read(_ text: String, path: String = "test.infra") -> ParsedDesign {
        Frontend.read(SourceFile(path: path, text: text))
    }

    /// Reads a design that must have no errors.
    public static func design(_ text: String) throws -> Design {
        let parsed = read(text)
        guard parsed.errors.isEmpty else {
            throw FixtureError(message: "unexpected errors: " + parsed.errors.map(\.message).joined(separator: "; "))
        }
        return parsed.design
    }

    public struct FixtureError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }
}

/// Compares text with a golden file; with INFRALINT_ACCEPT=1 in the environment,
/// rewrites the golden instead. A mismatch leaves the output beside the golden as
/// `NAME.got` so it can be diffed.
public enum Golden {
    public static var accepting: Bool { ProcessInfo.processInfo.environment["INFRALINT_ACCEPT"] == "1" }

    /// Nil when they match, else a message naming both files.
    public static func check(_ actual: String, against relative: String) -> String? {
        let path = Fixtures.path(relative)
        let got = path + ".got"
        if accepting {
            try? FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try? actual.write(toFile: path, atomically: true, encoding: .utf8)
            try? FileManager.default.removeItem(atPath: got)
            return nil
        }
        let expected = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        if expected == actual {
            try? FileManager.default.removeItem(atPath: got)
            return nil
        }
        try? actual.write(toFile: got, atomically: true, encoding: .utf8)
        return "\(relative) differs from the output; see \(relative).got, or rerun with INFRALINT_ACCEPT=1 to accept it"
    }
}

extension Fixtures {
    /// A file of the package read from disk but named by its relative path, as a
    /// user running infralint from the package root would see it.
    public static func source(_ relative: String) throws -> SourceFile {
        let file = try SourceLoader.load(path: path(relative))
        return SourceFile(path: relative, text: file.text)
    }
}
