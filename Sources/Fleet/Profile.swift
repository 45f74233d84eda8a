/// How hosts of one kind install: OS, hardware and the boot chain that starts the installer.
public struct Profile: Codable, Sendable, Equatable {
    public let name: String
    public let os: OSKind
    /// The architecture hosts of this profile run: the one the file gives, else amd64.
    public let arch: Architecture
    /// The architecture the file gives; `nil` lets a Windows profile take its base answer file's.
    public let declaredArch: Architecture?
    public let firmware: Firmware
    /// Whether these hosts' UEFI firmware has Secure Boot on (the default for `firmware: uefi`): then
    /// every step from the loader to the kernel must be signed (shim, GRUB, the distribution's kernel).
    public let secureBoot: Bool
    public let boot: BootMethod
    /// The image a Windows host applies, when the profile names one.
    public let image: WindowsImage?
    /// The base answer file (unattend.xml or Sysprep.inf), absolute; `nil` uses the one ZeroTouch ships.
    public let answerFile: String?
    /// What every host's answer file says; hosts may override each setting.
    public let windows: WindowsSettings
    /// Disk layout and apply tool for Windows profiles.
    public let deployment: WindowsDeployment
    /// Kickstart template, root password and post actions.
    public let install: InstallSettings

    public init(name: String, os: OSKind, arch: Architecture? = nil, firmware: Firmware = .bios, secureBoot: Bool? = nil,
                boot: BootMethod, image: WindowsImage? = nil, answerFile: String? = nil, windows: WindowsSettings = WindowsSettings(),
                deployment: WindowsDeployment? = nil, install: InstallSettings = InstallSettings()) {
        self.name = name
        self.os = os
        self.arch = arch ?? .amd64
        self.declaredArch = arch
        self.firmware = firmware
        self.secureBoot = firmware == .uefi && (secureBoot ?? true)
        self.boot = boot
        self.image = image
        self.answerFile = answerFile
        self.windows = windows
        self.deployment = deployment ?? .defaults(os: os, firmware: firmware)
        self.install = install
    }
}

extension Profile {
    /// What DHCP hands this profile's UEFI machines, given the site's loader (`site.dhcp.boot`):
    /// with Secure Boot on, the signed shim and GRUB whatever the site's loader, since nothing else
    /// starts; with it off, the site's loader, except that wimboot (WinPE), which GRUB cannot start,
    /// gets iPXE, and Windows' boot manager, which GRUB chainloads, gets shim. BIOS machines always
    /// get the site's.
    public func uefiLoader(site loader: DHCPSettings.Loader) -> DHCPSettings.Loader {
        guard firmware == .uefi else { return loader }
        if secureBoot { return .pxelinux }
        if case .bootManager = boot { return .pxelinux }
        if loader == .pxelinux, case .wimboot = boot { return .ipxe }
        return loader
    }
}

/// The chain a host's firmware loads to reach its installer.
public enum BootMethod: Codable, Sendable, Equatable {
    /// WinPE from an ISO through memdisk (BIOS only; the ISO sits in RAM).
    case winpeISO(BootPath)
    /// WinPE loaded file by file by `wimboot` (BIOS and UEFI; iPXE over HTTP, or pxelinux's `linux.c32`).
    case wimboot(WimbootFiles)
    /// WinPE started by Windows' own boot manager (`bootmgfw.efi`, signed by Microsoft: UEFI, Secure
    /// Boot on or off), which shim's GRUB chainloads over TFTP; the boot manager reads the BCD store
    /// ZeroTouch writes for the profile and loads boot.sdi and boot.wim over TFTP.
    case bootManager(BootManagerFiles)
    /// A Linux installer kernel and initrds with a kickstart.
    case kernel(KernelBoot)
    /// `mboot.c32` loading a hypervisor and its modules (Xen, ESXi).
    case multiboot(MultibootChain)
    /// No installer: boot the local disk.
    case local
}

/// The files wimboot loads: WinPE's boot files as they sit in an extracted WinPE ISO.
public struct WimbootFiles: Codable, Sendable, Equatable {
    /// The `wimboot` binary (from ipxe.org; Debian does not package it).
    public let loader: BootPath
    /// The folder holding `bootmgr`, `Boot/BCD`, `Boot/boot.sdi` and `sources/boot.wim`.
    public let directory: BootPath

    public init(loader: BootPath, directory: BootPath) {
        self.loader = loader
        self.directory = directory
    }

    /// Each file wimboot needs, with the name it must see (wimboot finds them by name; BIOS also needs
    /// `bootmgr`, UEFI takes the boot manager from boot.wim).
    public func files(firmware: Firmware) -> [(path: BootPath, name: String)] {
        let all = [("bootmgr", "bootmgr"), ("Boot/BCD", "BCD"), ("Boot/boot.sdi", "boot.sdi"), ("sources/boot.wim", "boot.wim")]
        return all.dropFirst(firmware == .uefi ? 1 : 0).map { relative, name in
            // The directory was checked and the suffixes are fixed, so the joined path is valid.
            (try! BootPath(directory.value + "/" + relative), name)
        }
    }
}

public struct KernelBoot: Codable, Sendable, Equatable {
    public let kernel: BootPath
    public let initrds: [BootPath]
    /// Operator arguments, one line, appended after the kickstart arguments.
    public let arguments: String
    public let release: KickstartRelease

    public init(kernel: BootPath, initrds: [BootPath], arguments: String = "", release: KickstartRelease = .el9) {
        self.kernel = kernel
        self.initrds = initrds
        self.arguments = arguments
        self.release = release
    }
}

public struct MultibootChain: Codable, Sendable, Equatable {
    /// The COM32 loader, `mboot.c32` unless the profile ships its own.
    public let loader: BootPath
    /// Loaded in this order; the first one is the hypervisor or vmkernel.
    public let modules: [MultibootModule]
    /// ESXi reads its kickstart URL from the first module's arguments.
    public let passesKickstart: Bool

    public init(loader: BootPath, modules: [MultibootModule], passesKickstart: Bool) {
        self.loader = loader
        self.modules = modules
        self.passesKickstart = passesKickstart
    }
}

public struct MultibootModule: Codable, Sendable, Equatable {
    public let path: BootPath
    public let arguments: String

    public init(path: BootPath, arguments: String = "") {
        self.path = path
        self.arguments = arguments
    }
}

public struct WindowsImage: Codable, Sendable, Equatable {
    public let wim: BootPath
    public let index: Int

    public init(wim: BootPath, index: Int) {
        self.wim = wim
        self.index = index
    }
}
