import InfraCore

/// Reads the one design a command like `render`, `explain` or `what-if` works on.
public enum DesignLoader {
    /// Why the design could not be loaded.
    public enum Failure: Error, Sendable {
        /// The file could not be read.
        case input(InputError)
        /// The file has parse errors; they come with the source, for excerpts.
        case invalid([Finding], SourceFile)
    }

    /// Reads and builds a file (or standard input for `-`, under `standardInputName`).
    public static func load(_ path: String, standardInputName: String = Inputs.standardInputPath,
                            standardInput: () throws(InputError) -> [UInt8] = Inputs.readStandardInput) -> Result<Design, Failure> {
        let item: Inputs.Item = path == "-" ? .standardInput : .file(path)
        switch Inputs.read(item, standardInput: standardInput, standardInputName: standardInputName) {
        case .failure(let error):
            return .failure(.input(error))
        case .success(let source):
            let parsed = Frontend.read(source)
            guard parsed.errors.isEmpty else { return .failure(.invalid(parsed.errors, source)) }
            return .success(parsed.design)
        }
    }
}
