import Foundation

/// A user's copy of a templates/ folder: the files that replace built-in ones.
public enum TemplateFolder {
    /// Why a user's template cannot be read.
    public struct ReadError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Checks that a folder named with `--templates` exists.
    public static func requireFolder(_ directory: String) throws(ReadError) {
        guard isFolder(directory) else { throw ReadError(description: "\(directory): no such folder of templates") }
    }

    public static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The files in `folder` whose names end in `.ext`, by name without it, with
    /// their paths; none when the folder does not exist.
    public static func files(in folder: String, ending ext: String) throws(ReadError) -> [String: (text: String, path: String)] {
        let suffix = ".\(ext)"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(suffix) }
        var files: [String: (text: String, path: String)] = [:]
        for file in names.sorted() {
            let path = (folder as NSString).appendingPathComponent(file)
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw ReadError(description: "\(path): cannot be read as UTF-8 text")
            }
            files[String(file.dropLast(suffix.count))] = (text, path)
        }
        return files
    }
}
