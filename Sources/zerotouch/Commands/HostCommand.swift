import ArgumentParser

struct HostCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "host",
        abstract: "Register, list, inspect, re-mode and remove hosts.",
        discussion: """
            Hosts declared in the fleet file belong to the file: 'apply' adds, changes and removes them. \
            Hosts added here belong to the inventory and 'apply' leaves them alone. 'host mode' works on \
            both; for a file host it holds until the file's own mode for that host changes. Every change \
            here is published at once: the host's files follow its record.
            """,
        subcommands: [HostAdd.self, HostList.self, HostShow.self, HostModeCommand.self, HostRemove.self, HostToken.self, HostArm.self])
}
