/// How WinPE lays out the disk and applies the image for a Windows profile (FORMATS.md §5).
public struct WindowsDeployment: Codable, Sendable, Equatable {
    public enum Tool: String, Codable, CaseIterable, Sendable {
        case dism, imagex
    }

    public enum Layout: String, Codable, CaseIterable, Sendable {
        case mbr, gpt
    }

    public let tool: Tool
    /// The disk diskpart wipes, as `list disk` numbers it.
    public let diskNumber: Int
    public let layout: Layout
    /// Size of the system partition in MB (System Reserved on MBR, the ESP on GPT).
    public let systemSizeMB: Int
    /// A recovery partition at the end of the disk (Windows RE).
    public let recovery: Bool

    public init(tool: Tool, diskNumber: Int = 0, layout: Layout, systemSizeMB: Int? = nil, recovery: Bool = false) {
        self.tool = tool
        self.diskNumber = diskNumber
        self.layout = layout
        self.systemSizeMB = systemSizeMB ?? (layout == .gpt ? 260 : 350)
        self.recovery = recovery
    }

    /// The defaults for an OS kind and firmware: DISM and the firmware's partition style; Windows
    /// 2000/XP/2003 images go on with imagex.
    public static func defaults(os: OSKind, firmware: Firmware) -> WindowsDeployment {
        WindowsDeployment(tool: os == .windowsLegacy ? .imagex : .dism, layout: firmware == .uefi ? .gpt : .mbr)
    }
}
