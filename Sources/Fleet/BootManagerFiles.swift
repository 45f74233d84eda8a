/// The files Windows' boot manager needs on the TFTP server, as `zerotouch winpe build` lays them out.
public struct BootManagerFiles: Codable, Sendable, Equatable {
    /// The folder holding `bootmgfw.efi`, `Boot/boot.sdi` and `sources/boot.wim`.
    public let directory: BootPath

    public init(directory: BootPath) {
        self.directory = directory
    }

    /// The boot manager, as GRUB chainloads it.
    public var bootManager: BootPath { file("bootmgfw.efi") }

    /// Every file the boot manager reads from the folder (its BCD store is ZeroTouch's, elsewhere).
    public var files: [BootPath] { ["bootmgfw.efi", "Boot/boot.sdi", "sources/boot.wim"].map(file) }

    func file(_ relative: String) -> BootPath {
        // The directory was checked and the suffixes are fixed, so the joined path is valid.
        try! BootPath(directory.value + "/" + relative)
    }
}
