import ArgumentParser

struct ShareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "share",
        abstract: "The Windows share: check it, and read what WinPE left there.",
        subcommands: [ShareCheckCommand.self, ShareList.self, ShareRead.self])
}
