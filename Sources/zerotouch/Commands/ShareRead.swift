import ArgumentParser
import Foundation
import Orchestration

struct ShareRead: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cat",
        abstract: "Print a file on the share, such as a status marker or a log autorun.bat wrote.",
        discussion: "Example: zerotouch share cat 08-00-27-b2-40-3e/logs/dism.log")

    @OptionGroup var fleet: FleetOptions
    @Argument(help: "The file, relative to the share's root.")
    var path: String

    func run() throws {
        let share = ShareCommands(session: try fleet.session())
        let bytes = try Failure.report { try share.read(path) }
        FileHandle.standardOutput.write(Data(bytes))
    }
}
