import ArgumentParser
import InfraEditor

struct LspCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lsp",
        abstract: "Serve editors: the Language Server Protocol over standard input and output.",
        discussion: """
            Diagnostics as you type (the findings of 'lint', with the nearest .infralint.yml), hover, \
            go to definition, find references, rename, completion, document symbols, formatting ('fmt') \
            and code actions from the fixes. An editor starts it; see the README for VS Code, Neovim and Helix.
            """
    )

    @Flag(help: "Accepted for editors that pass it; standard input and output are the only transport.")
    var stdio = false

    func run() throws {
        let status = LanguageServer.run()
        if status != 0 { throw ExitCode(status) }
    }
}
