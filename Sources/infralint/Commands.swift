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
    /// Loads a design, or prints why it cannot be loaded and exits with status 2.
    static func loadDesign(_ path: String) throws -> Design {
        switch DesignLoader.load(path) {
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
