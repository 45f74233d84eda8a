/// What a profile installs, which decides the boot entry and the answer file kind.
public enum OSKind: String, Codable, CaseIterable, Sendable {
    /// Vista and later, answered by unattend.xml.
    case windows
    /// 2000, XP and 2003, answered by Sysprep.inf.
    case windowsLegacy = "windows-legacy"
    case kickstart
    case esxi
    case xen
    /// Never installs; always boots from the local disk.
    case local

    public var isWindows: Bool { self == .windows || self == .windowsLegacy }

    public var hostNameRule: HostNameRule { isWindows ? .netbios : .dns }
}

/// What the operator asks of a host (PXE Manager's Default / Local Boot / Disable, plus capture).
public enum HostMode: String, Codable, CaseIterable, Sendable {
    /// Install on the next network boot.
    case install
    /// Boot from the local disk when the host network-boots.
    case localboot
    /// No per-MAC entry: the host gets the site default.
    case disabled
    /// Boot WinPE to capture the host's system partition as a reference image (Windows only).
    case capture
}

/// Where a host is in its install, as reported by its boot and its installer.
public enum HostState: String, CaseIterable, Sendable {
    /// Not armed and nothing under way: a local-boot or disabled host.
    case idle
    /// Installs on its next network boot.
    case armed
    case booting, installing, installed, ready, failed
}

public enum Firmware: String, Codable, CaseIterable, Sendable {
    case bios, uefi
}

public enum Architecture: String, Codable, CaseIterable, Sendable {
    case x86, amd64, arm64
}

/// Enterprise Linux release family, which decides the kickstart boot arguments.
public enum KickstartRelease: String, Codable, CaseIterable, Sendable {
    case el5, el6, el7, el8, el9

    /// EL 7 and later take `inst.ks=`; EL 5 and 6 only know `ks=`.
    public var kickstartArgument: String {
        switch self {
        case .el5, .el6: "ks"
        case .el7, .el8, .el9: "inst.ks"
        }
    }
}
