import ArgumentParser
import Foundation
import Orchestration

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Register hosts from existing configuration files.",
        subcommands: [ImportHostOS.self, ImportDhcpd.self])
}
