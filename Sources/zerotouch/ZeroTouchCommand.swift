import ArgumentParser

@main
struct ZeroTouchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zerotouch",
        abstract: "Zero-touch network installs for mixed Windows and Linux fleets.",
        discussion: """
            Describe the site, profiles and hosts in zerotouch.yaml, then 'zerotouch apply' writes what \
            each host needs where it looks: pxelinux entries (TFTP root), kickstarts (HTTP root), answer \
            files and WinPE scripts (the share) and DHCP reservations. Hosts can also be registered and \
            re-moded from the command line; such changes are published at once.
            """,
        subcommands: [Apply.self, Plan.self, HostCommand.self, ImportCommand.self, Render.self, Explain.self, DHCP.self, Lint.self, WinPECommand.self, ImageCommand.self, ShareCommand.self, Serve.self, Status.self])
}
