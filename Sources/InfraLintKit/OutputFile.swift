import Foundation

/// The version `--version` prints.
public enum InfraLintVersion {
    public static let current = "0.1.0"
}

/// Writes output files whole or not at all: into a temporary file beside the
/// target, then renamed over it, so an interrupted run never leaves half a file.
public enum OutputFile {
    public struct WriteError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw WriteError(description: "the folder \(folder.path) does not exist")
        }
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw WriteError(description: (error as NSError).localizedDescription)
        }
    }
}
