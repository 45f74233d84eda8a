import ArgumentParser
import Fleet
import OperatingSystem
import Orchestration

struct WinPEBuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Make WinPE's network boot files on Linux: boot.wim with this site's startnet.cmd and drivers, the wimboot folder, the memdisk ISO.",
        discussion: """
            MEDIA is the WinPE media you have: the ADK's <arch>/media folder after copype, or the files \
            of a Windows ISO (sources/boot.wim, Boot/BCD, Boot/boot.sdi, bootmgr, Boot/etfsboot.com, \
            EFI/Microsoft/Boot/efisys.bin). Nothing in MEDIA is changed. OUT gets wimboot/ (point a \
            profile's winpe dir at it) and winpe.iso (for memdisk; BIOS, and UEFI when the media has \
            efisys.bin). startnet.cmd is written into the WIM and read back before it is kept; each \
            --drivers folder goes into the image under X:\\zerotouch\\drivers and startnet.cmd loads \
            its .inf files with drvload before mapping the share. Needs wimlib-imagex (wimtools) and \
            xorriso. Run again with the same inputs and nothing is rebuilt.
            """)

    @OptionGroup var fleet: FleetOptions
    @Option(help: "The WinPE media folder (read only).")
    var media: String
    @Option(help: "Where to write wimboot/ and winpe.iso.")
    var out: String
    @Option(help: "The image in boot.wim to change (default: the last one: 1 in the ADK's, 2 in Windows Setup's).")
    var index: Int?
    @Option(help: "A folder of WinPE drivers (.inf with their .sys and .cat): NIC and storage drivers WinPE lacks. Repeat for more.")
    var drivers: [String] = []
    @Option(help: "The architecture the media must be: amd64, x86 or arm64.")
    var arch: String = "amd64"
    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        guard let architecture = Architecture(rawValue: arch) else {
            throw ValidationError("--arch: '\(arch)' is not amd64, x86 or arm64")
        }
        let build = WinPEBuild(session: try fleet.session())
        let request = WinPEBuild.Request(media: media, output: out, index: index, drivers: drivers, architecture: architecture)
        let result = try Failure.report {
            try build.run(request) { step in StandardError.write("winpe build: \(step)…\n") }
        }
        for notice in result.notices { StandardError.write("note: \(notice)\n") }
        if json { return try JSONOutput.print(result) }
        print(result.rebuilt ? "built \(result.output): image \(result.index) (\(result.image)) of \(result.bootWIM)" : "\(result.output) is up to date")
        print("  wimboot folder: \(result.output)/wimboot")
        if let iso = result.iso { print("  memdisk ISO:    \(iso)") }
    }
}
