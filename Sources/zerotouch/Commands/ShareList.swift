import ArgumentParser
import Orchestration

struct ShareList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List a folder on the share, such as a host's status or logs folder.",
        discussion: "Example: zerotouch share ls 08-00-27-b2-40-3e/status (autorun.bat's markers: started, partitioned, applied, done, failed).")

    @OptionGroup var fleet: FleetOptions
    @Argument(help: "The folder, relative to the share's root (default: the root).")
    var folder = ""
    @Flag(help: "Print a JSON array of names.")
    var json = false

    func run() throws {
        let share = ShareCommands(session: try fleet.session())
        guard let names = try Failure.report({ try share.list(folder) }) else {
            Failure.printError("error: there is no folder '\(folder)' on the share")
            throw ExitCode(1)
        }
        if json { return try JSONOutput.print(names.sorted()) }
        for name in names.sorted() { print(name) }
    }
}
