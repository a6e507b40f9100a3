import Foundation
import InfraCore

/// Turns the paths on a command line into design sources: files as named,
/// folders searched recursively for `*.infra` (sorted, hidden folders and build
/// folders skipped), `-` for standard input.
public enum Inputs {
    /// One source to read, or why it cannot be.
    public enum Item: Sendable {
        case file(String)
        case standardInput
        case failed(InputError)
    }

    /// The display path used for standard input.
    public static let standardInputPath = "<stdin>"

    /// Expands the paths, in the order given; each file once, under its display path.
    public static func expand(_ paths: [String]) -> [Item] {
        var items: [Item] = []
        var seen = Set<String>()
        for item in expandAll(paths) {
            if case .file(let path) = item {
                let shown = displayPath(path)
                guard seen.insert(shown).inserted else { continue }
                items.append(.file(shown))
            } else {
                items.append(item)
            }
        }
        return items
    }

    /// How every output names a file: relative to the working directory when under
    /// it (`designs/a.infra`, never `./designs/a.infra`), else absolute, `.` and `..`
    /// resolved; GitHub attaches annotations only to paths written so.
    public static func displayPath(_ path: String, from directory: String = FileManager.default.currentDirectoryPath) -> String {
        FilePaths.relative(path, under: directory, from: directory) ?? FilePaths.absolute(path, from: directory)
    }

    private static func expandAll(_ paths: [String]) -> [Item] {
        var items: [Item] = []
        for path in paths {
            if path == "-" {
                items.append(.standardInput)
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                items.append(.failed(.notFound(path)))
                continue
            }
            guard isDirectory.boolValue else {
                items.append(.file(path))
                continue
            }
            let found = designFiles(under: path)
            if found.isEmpty {
                items.append(.failed(.noDesignFiles(path)))
            } else {
                items.append(contentsOf: found.map(Item.file))
            }
        }
        return items
    }

    /// Every `*.infra` file under a folder, sorted.
    public static func designFiles(under folder: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var found: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") || name == "node_modules" {
                enumerator.skipDescendants()
                continue
            }
            if relative.hasSuffix(".infra") {
                let path = folder.hasSuffix("/") ? folder + relative : folder + "/" + relative
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    found.append(path)
                }
            }
        }
        return found.sorted()
    }

    /// Reads one item into a source file.
    /// `standardInputName`: the name standard input is given (`--stdin-filename`).
    public static func read(_ item: Item, standardInput: () throws(InputError) -> [UInt8],
                            standardInputName: String = standardInputPath) -> Result<SourceFile, InputError> {
        switch item {
        case .failed(let error):
            return .failure(error)
        case .file(let path):
            do {
                return .success(try SourceLoader.load(path: path))
            } catch {
                return .failure(error)
            }
        case .standardInput:
            do {
                return .success(try SourceLoader.decode(path: standardInputName, bytes: standardInput()))
            } catch {
                return .failure(error)
            }
        }
    }

    /// Standard input, read in bounded chunks: the same limit as a file's, and a
    /// binary or endless stream stops with its error.
    public static func readStandardInput() throws(InputError) -> [UInt8] {
        try SourceLoader.read(descriptor: STDIN_FILENO, path: standardInputPath)
    }
}

extension InputError {
    /// The error as a finding with code `PARSE`, so every output format shows it.
    public var finding: Finding {
        let position = Position(line: line ?? 1, column: column ?? 1)
        return .parseError(
            description.hasPrefix(path + ":") ? String(description.drop { $0 != " " }.dropFirst()) : description,
            at: Location(file: path, start: position, end: position))
    }
}
