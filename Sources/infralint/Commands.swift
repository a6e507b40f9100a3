import ArgumentParser
import Foundation
import InfraCore
import InfraLintKit
import InfraRender

/// `--config FILE`, for the commands that lint.
struct ConfigurationOption: ParsableArguments {
    @Option(help: ArgumentHelp("Read this configuration instead of the nearest .infralint.yml.", valueName: "file"))
    var config: String?

    /// Lint options from `--config FILE` or the nearest .infralint.yml; a broken one exits 2.
    func resolve() throws -> (LintOptions, Configuration) {
        do {
            let configuration = try Configuration.resolve(explicit: config)
            var options = LintOptions()
            configuration.apply(to: &options)
            return (options, configuration)
        } catch {
            Terminal.printError(error.description)
            throw ExitCode(2)
        }
    }
}

/// What the commands that work on one design share.
enum Commands {
    /// Reads one input, or prints why it cannot be read (nil: the command exits 2 at the end).
    static func read(_ item: Inputs.Item) -> SourceFile? {
        switch Inputs.read(item, standardInput: Inputs.readStandardInput) {
        case .failure(let error):
            Terminal.printError(error.description)
            return nil
        case .success(let file):
            return file
        }
    }

    /// Loads a design, or prints why it cannot be loaded and exits with status 2.
    static func loadDesign(_ path: String, standardInputName: String? = nil) throws -> Design {
        switch DesignLoader.load(path, standardInputName: standardInputName ?? Inputs.standardInputPath) {
        case .success(let design):
            return design
        case .failure(.input(let error)):
            Terminal.printError(error.description)
            throw ExitCode(2)
        case .failure(.invalid(let errors, let source)):
            let renderer = TextRenderer(color: Terminal.useColor(for: .standardError))
            for error in errors { Terminal.printStandardError(renderer.render(error, source: source)) }
            throw ExitCode(2)
        }
    }
}
