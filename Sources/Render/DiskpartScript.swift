public import Fleet

/// `diskpart.txt` for `diskpart /s` (FORMATS.md §5): the profile's disk wiped and laid out for its
/// firmware. Letters S: (system), W: (Windows) and R: (recovery) never collide with WinPE's X: or
/// the share, which startnet.cmd maps as Z:.
public enum DiskpartScript {
    public static let recoverySizeMB = 1000

    public static func render(_ deployment: WindowsDeployment, legacy: Bool) -> String {
        var lines = ["rem ZeroTouch: wipes disk \(deployment.diskNumber) and lays it out (\(deployment.layout.rawValue)).",
                     "select disk \(deployment.diskNumber)", "clean"]
        switch (deployment.layout, legacy) {
        case (.mbr, true):
            // Windows 2000/XP/2003 boot from one active partition.
            lines += ["create partition primary", "format quick fs=ntfs label=\"Windows\"", "assign letter=\"W\"", "active"]
        case (.mbr, false):
            lines += ["create partition primary size=\(deployment.systemSizeMB)", "format quick fs=ntfs label=\"System\"",
                      "assign letter=\"S\"", "active"]
            lines += windows(deployment)
            if deployment.recovery {
                lines += ["create partition primary", "format quick fs=ntfs label=\"Recovery\"", "assign letter=\"R\"", "set id=27"]
            }
        case (.gpt, _):
            lines += ["convert gpt", "create partition efi size=\(deployment.systemSizeMB)", "format quick fs=fat32 label=\"System\"",
                      "assign letter=\"S\"", "create partition msr size=16"]
            lines += windows(deployment)
            if deployment.recovery {
                lines += ["create partition primary", "format quick fs=ntfs label=\"Recovery\"", "assign letter=\"R\"",
                          "set id=\"de94bba4-06d1-4d40-a16a-bfd50179d6ac\"", "gpt attributes=0x8000000000000001"]
            }
        }
        return (lines + ["list volume", "exit"]).joined(separator: "\r\n") + "\r\n"
    }

    static func windows(_ deployment: WindowsDeployment) -> [String] {
        ["create partition primary"] + (deployment.recovery ? ["shrink minimum=\(recoverySizeMB)"] : [])
            + ["format quick fs=ntfs label=\"Windows\"", "assign letter=\"W\""]
    }
}
