import Foundation

/// Paths as the reports show them: relative to a folder when under it.
public enum FilePaths {
    /// A path made absolute against `directory` and standardised (`..` and `.` resolved).
    public static func absolute(_ path: String, from directory: String = FileManager.default.currentDirectoryPath) -> String {
        URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: directory, isDirectory: true)).standardizedFileURL.path
    }

    /// `path` relative to the folder `base` when it lies under it, else nil.
    /// Relative paths are read from `directory`.
    public static func relative(_ path: String, under base: String,
                                from directory: String = FileManager.default.currentDirectoryPath) -> String? {
        let full = absolute(path, from: directory)
        let folder = absolute(base, from: directory)
        return full.hasPrefix(folder + "/") ? String(full.dropFirst(folder.count + 1)) : nil
    }
}
