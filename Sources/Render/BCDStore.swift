public import Fleet

/// The BCD store Windows' boot manager reads when it starts WinPE from the network: the objects and
/// elements `bcdedit` writes for a ramdisk boot (`/create {ramdiskoptions}`, `ramdisksdidevice boot`,
/// `ramdisksdipath`, `/create /application osloader` with `device`/`osdevice ramdisk=[boot]…`,
/// `systemroot`, `detecthal`, `winpe`, and `{bootmgr}` with `displayorder`, `default`, `timeout`),
/// written as a registry hive. `[boot]` is the device the boot manager came from, which over PXE is
/// the TFTP server: every path is from the TFTP root, in Windows' backslash form.
///
/// Element numbers and object types are Microsoft's (`BcdLibraryElementTypes`, `BcdOSLoaderElementTypes`,
/// `BcdBootMgrElementTypes`, `BcdDeviceObjectElementTypes`); the device layout is the one Windows'
/// imaging tools write. An element's registry type follows its format, bits 24–27 of its number:
/// device and integer and boolean are REG_BINARY, string and object REG_SZ, object list REG_MULTI_SZ.
public enum BCDStore {
    public static let bootManager = "{9dea862c-5cdd-4e70-acc1-f32b344d4795}"
    public static let ramdiskOptions = "{ae5534e0-a924-466c-b836-758539a3ee3a}"
    /// The WinPE entry's own identifier: fixed, so the same profile gives the same bytes.
    public static let winPELoader = "{5a657254-6f75-4368-8000-77696e706531}"

    /// What the store points at.
    public struct RamdiskBoot: Sendable, Equatable {
        /// The boot files' folder from the TFTP root (a profile's `winpe.dir`).
        public let directory: BootPath
        public let firmware: Firmware
        /// TFTP block size the boot manager asks for when it reads boot.wim (RFC 2348); 1456 fills a
        /// 1500-byte Ethernet frame.
        public let tftpBlockSize: Int
        /// TFTP window size (RFC 7440), with the variable window that lets the boot manager shrink it
        /// on loss; servers that do not know the option send one block at a time.
        public let tftpWindowSize: Int

        public init(directory: BootPath, firmware: Firmware, tftpBlockSize: Int = 1456, tftpWindowSize: Int = 16) {
            self.directory = directory
            self.firmware = firmware
            self.tftpBlockSize = tftpBlockSize
            self.tftpWindowSize = tftpWindowSize
        }

        /// `\dir\sources\boot.wim`: a TFTP path as the boot manager sends it.
        public func windowsPath(_ relative: String) -> String {
            "\\" + (directory.value + "/" + relative).replacingOccurrences(of: "/", with: "\\")
        }
    }

    /// Where a profile's store lives on the TFTP root; DHCP option 252 names it to the boot manager.
    public static func path(profile: String) -> String {
        "bcd/\(profile).bcd"
    }

    /// `path(profile:)` as the boot manager asks the TFTP server for it.
    public static func dhcpOption(profile: String) -> String {
        "\\" + path(profile: profile).replacingOccurrences(of: "/", with: "\\")
    }

    public static func render(_ boot: RamdiskBoot) -> [UInt8] {
        RegistryHive.bytes(root: tree(boot))
    }

    /// The store as keys and values: `Description`, and under `Objects` one key per object with its
    /// type and its elements.
    public static func tree(_ boot: RamdiskBoot) -> RegistryHive.Key {
        let winload = boot.firmware == .uefi ? "\\windows\\system32\\boot\\winload.efi" : "\\windows\\system32\\winload.exe"
        let ramdisk = ramdiskDevice(path: boot.windowsPath("sources/boot.wim"), options: ramdiskOptions)
        let objects = [
            object(bootManager, type: 0x1010_0002, [
                0x1100_0001: .device(bootDevice),
                0x1200_0004: .string("Windows Boot Manager"),
                0x2300_0003: .object(winPELoader),
                0x2400_0001: .objects([winPELoader]),
                0x2500_0004: .integer(0),
            ]),
            object(ramdiskOptions, type: 0x3000_0000, [
                0x1200_0004: .string("Ramdisk Options"),
                0x3100_0003: .device(bootDevice),
                0x3200_0004: .string(boot.windowsPath("Boot/boot.sdi")),
                0x3500_0007: .integer(UInt64(boot.tftpBlockSize)),
                0x3500_0008: .integer(UInt64(boot.tftpWindowSize)),
                0x3600_000B: .boolean(true),
            ]),
            object(winPELoader, type: 0x1020_0003, [
                0x1100_0001: .device(ramdisk),
                0x1200_0002: .string(winload),
                0x1200_0004: .string("ZeroTouch WinPE"),
                0x2100_0001: .device(ramdisk),
                0x2200_0002: .string("\\windows"),
                0x2600_0010: .boolean(true),
                0x2600_0022: .boolean(true),
            ]),
        ]
        return RegistryHive.Key("NewStoreRoot", subkeys: [
            RegistryHive.Key("Description", values: [.string("KeyName", "BCD00000001")]),
            RegistryHive.Key("Objects", subkeys: objects),
        ])
    }

    public enum Element: Sendable, Equatable {
        case device([UInt8]), string(String), object(String), objects([String]), integer(UInt64), boolean(Bool)

        var value: RegistryHive.Value {
            switch self {
            case .device(let bytes): .binary("Element", bytes)
            case .string(let text), .object(let text): .string("Element", text)
            case .objects(let list): .multiString("Element", list)
            case .integer(let number): .binary("Element", le(number))
            case .boolean(let flag): .binary("Element", [flag ? 1 : 0])
            }
        }
    }

    static func object(_ id: String, type: UInt32, _ elements: [UInt32: Element]) -> RegistryHive.Key {
        RegistryHive.Key(id, subkeys: [
            RegistryHive.Key("Description", values: [.dword("Type", type)]),
            RegistryHive.Key("Elements", subkeys: elements.keys.sorted().map { number in
                RegistryHive.Key(hex8(number), values: [elements[number]!.value])
            }),
        ])
    }

    /// `boot`: the device the boot manager was loaded from. No options object, then a device header
    /// (type 5, flags 0, its size 72 counting itself) and 56 bytes of zeros.
    public static let bootDevice: [UInt8] = [UInt8](repeating: 0, count: 16) + bootDescriptor

    static let bootDescriptor: [UInt8] = le(UInt32(5)) + le(UInt32(0)) + le(UInt32(72)) + le(UInt32(0)) + [UInt8](repeating: 0, count: 56)

    /// `ramdisk=[boot]PATH,{options}`: the options object's GUID, a block-I/O device header (type 0,
    /// flags 1) holding a RAM disk (block-I/O type 3 and 20 bytes of base, size and offset, all zero),
    /// whose source is a file (version 1, its length, type 5) on the boot device, named in UTF-16.
    public static func ramdiskDevice(path: String, options: String) -> [UInt8] {
        let name = RegistryHive.utf16z(path)
        let file = le(UInt32(1)) + le(UInt32(12 + bootDescriptor.count + name.count)) + le(UInt32(5)) + bootDescriptor + name
        let ramdisk = le(UInt64(3)) + le(UInt32(0)) + le(UInt64(0)) + le(UInt32(0)) + file
        return guidBytes(options) + le(UInt32(0)) + le(UInt32(1)) + le(UInt32(16 + ramdisk.count)) + le(UInt32(0)) + ramdisk
    }

    /// A GUID in the order Windows stores it: the first three groups little-endian, the rest as written.
    static func guidBytes(_ guid: String) -> [UInt8] {
        let groups = guid.filter { $0 != "{" && $0 != "}" }.split(separator: "-").map(String.init)
        let bytes = { (text: String) in stride(from: 0, to: text.count, by: 2).map { UInt8(text.dropFirst($0).prefix(2), radix: 16)! } }
        return bytes(groups[0]).reversed() + bytes(groups[1]).reversed() + bytes(groups[2]).reversed() + bytes(groups[3]) + bytes(groups[4])
    }

    static func hex8(_ number: UInt32) -> String {
        let digits = String(number, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
