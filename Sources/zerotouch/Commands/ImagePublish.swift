import ArgumentParser
import Foundation
import Orchestration

struct ImagePublish: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Upload a WIM into images/ on the share, verified and resumable.",
        discussion: """
            The file travels under a hidden partial name (images/.NAME.zt-partial), is read back from the share \
            and compared by size and SHA-256, and only then takes its final name, so WinPE never finds half an \
            image. When a run is interrupted, run the same command again: it checks the part already on the share \
            against the file and sends only the rest. A file already there with the same content is not sent again. \
            Profiles name the image as images/NAME (image: {wim: images/NAME, index: N}).
            """)

    @OptionGroup var fleet: FleetOptions
    @Argument(help: "The WIM (or ESD) file to upload.")
    var file: String
    @Option(help: "Its name on the share, under images/ (default: the file's own name).")
    var name: String?
    @Flag(help: "Print the result as JSON (no progress).")
    var json = false

    func run() throws {
        let share = ShareCommands(session: try fleet.session())
        let meter = ProgressMeter(enabled: !json)
        let outcome = try Failure.report { try share.publishImage(file, name: name, progress: meter.show) }
        meter.finish()
        if json { return try JSONOutput.print(outcome) }
        if outcome.alreadyThere {
            print("\(outcome.location) is already there with the same content (SHA-256 \(outcome.sha256)); nothing was sent")
            return
        }
        let sent = outcome.bytes - outcome.resumedFrom
        let rate = outcome.uploadSeconds > 0 ? Double(sent) / outcome.uploadSeconds : 0
        let resumed = outcome.resumedFrom > 0 ? ", resumed at \(ProgressMeter.size(outcome.resumedFrom))" : ""
        print("published \(outcome.location): \(ProgressMeter.size(outcome.bytes))\(resumed), \(ProgressMeter.size(Int(rate)))/s, verified (SHA-256 \(outcome.sha256))")
    }
}
