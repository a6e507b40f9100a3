import InfraCore

/// `fmt`: the canonical text of a file, or the parse errors that stop it.
public enum FormatRun {
    public enum Outcome: Sendable {
        case success(String)
        case failure([Finding])
    }

    public static func format(_ source: SourceFile) -> Outcome {
        let (tree, errors) = Parser.parse(source)
        guard errors.isEmpty else { return .failure(errors) }
        return .success(Formatter.format(tree))
    }
}
