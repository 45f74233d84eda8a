import ArgumentParser

struct WinPECommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "winpe",
        abstract: "What goes into the WinPE image.",
        subcommands: [WinPEBuildCommand.self, WinPEStartnet.self])
}
