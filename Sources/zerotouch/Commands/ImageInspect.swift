import ArgumentParser
import Orchestration
import Render

struct ImageInspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List the images in a WIM: index, name, description, architecture, edition, size.",
        discussion: "Reads only the WIM's header and its image list, so it is quick on multi-GB files. Needs no fleet file.")

    @Argument(help: "The WIM file.")
    var file: String
    @Flag(help: "Print the images as JSON.")
    var json = false

    struct ImageView: Encodable {
        let index: Int
        let name: String
        let description: String?
        let architecture: String?
        let edition: String?
        let bytes: Int?
    }

    func run() throws {
        let info = try Failure.report { try WinPECommands.inspectImage(file) }
        let views = info.images.map {
            ImageView(index: $0.index, name: $0.name, description: $0.description,
                      architecture: $0.architecture?.rawValue ?? $0.architectureCode.map { "code \($0)" }, edition: $0.edition, bytes: $0.totalBytes)
        }
        if json { return try JSONOutput.print(views) }
        TextTable.print([["INDEX", "NAME", "ARCH", "EDITION", "BYTES", "DESCRIPTION"]] + views.map {
            [String($0.index), $0.name, $0.architecture ?? "-", $0.edition ?? "-", $0.bytes.map(String.init) ?? "-", $0.description ?? ""]
        })
    }
}
