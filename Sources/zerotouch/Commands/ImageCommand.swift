import ArgumentParser

struct ImageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Windows images (WIM files).",
        subcommands: [ImageInspect.self, ImagePublish.self])
}
