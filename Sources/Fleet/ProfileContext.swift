import Yams

/// Reads the boot-chain keys of one profile, by OS kind.
struct ProfileContext {
    let entries: [String: Node]
    let field: String
    let node: Node
    let reader: YAMLReader

    func path(_ key: String, required hint: String?) -> BootPath? {
        let text = hint.map { reader.required(entries, key, field: field, at: node, hint: $0) }
            ?? reader.scalar(entries[key], field: "\(field).\(key)")
        guard let text else { return nil }
        return reader.parse(text, node: entries[key]!, field: "\(field).\(key)", BootPath.init)
    }

    func paths(_ key: String) -> [BootPath]? {
        var result: [BootPath] = []
        for (offset, (text, item)) in reader.list(entries[key], field: "\(field).\(key)").enumerated() {
            let itemField = entries[key].map { if case .sequence = $0 { "\(field).\(key)[\(offset)]" } else { "\(field).\(key)" } } ?? key
            guard let path = reader.parse(text, node: item, field: itemField, BootPath.init) else { return nil }
            result.append(path)
        }
        return result
    }

    /// Kernel and hypervisor arguments go into one pxelinux APPEND line: one line, printable,
    /// and in a multiboot chain no ` --- `, which would start a module of its own.
    func arguments(_ key: String, multiboot: Bool) -> String? {
        guard let text = reader.scalar(entries[key], field: "\(field).\(key)") else { return "" }
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            reader.fail("\(field).\(key)", entries[key], value: text, "contains a newline or control character (kernel arguments are one line)")
            return nil
        }
        if multiboot && text.split(separator: " ").contains("---") {
            reader.fail("\(field).\(key)", entries[key], value: text, "contains '---', which separates multiboot modules; list modules separately")
            return nil
        }
        return text.split(separator: " ").joined(separator: " ")
    }

    func winpe(firmware: Firmware) -> BootMethod? {
        guard let winpeNode = entries["winpe"] else {
            reader.fail("\(field).winpe", node, value: nil, "is required for Windows: {boot: memdisk, iso: PATH} names the WinPE ISO")
            return nil
        }
        guard let winpe = reader.mapping(winpeNode, field: "\(field).winpe", allowed: ["boot", "iso", "dir", "loader"]) else { return nil }
        let bootMode = reader.scalar(winpe["boot"], field: "\(field).winpe.boot") ?? "memdisk"
        switch bootMode {
        case "memdisk":
            if firmware == .uefi {
                reader.fail("\(field).winpe.boot", winpe["boot"] ?? winpeNode, value: bootMode,
                            "cannot boot UEFI firmware: memdisk is BIOS only (wimboot through iPXE is the UEFI path)")
                return nil
            }
        case "wimboot":
            let context = ProfileContext(entries: winpe, field: "\(field).winpe", node: winpeNode, reader: reader)
            let directory = context.path("dir", required: "the folder of WinPE's boot files (bootmgr, Boot/BCD, Boot/boot.sdi, sources/boot.wim)")
            let loader = winpe["loader"] == nil ? try! BootPath("wimboot") : context.path("loader", required: "the wimboot binary")
            guard let directory, let loader else { return nil }
            return .wimboot(WimbootFiles(loader: loader, directory: directory))
        case "bootmgr":
            if firmware != .uefi {
                reader.fail("\(field).winpe.boot", winpe["boot"] ?? winpeNode, value: bootMode,
                            "is Windows' UEFI boot manager (bootmgfw.efi): give the profile firmware: uefi, or use memdisk or wimboot for BIOS")
                return nil
            }
            let context = ProfileContext(entries: winpe, field: "\(field).winpe", node: winpeNode, reader: reader)
            for key in ["iso", "loader"] where winpe[key] != nil {
                reader.fail("\(field).winpe.\(key)", winpe[key], value: nil, "does not apply to boot: bootmgr (it takes dir)")
            }
            return context.path("dir", required: "the folder 'zerotouch winpe build' wrote (bootmgfw.efi, Boot/boot.sdi, sources/boot.wim)")
                .map { .bootManager(BootManagerFiles(directory: $0)) }
        default:
            reader.fail("\(field).winpe.boot", winpe["boot"], value: bootMode, "is not one of: memdisk, wimboot, bootmgr")
            return nil
        }
        let context = ProfileContext(entries: winpe, field: "\(field).winpe", node: winpeNode, reader: reader)
        return context.path("iso", required: "the WinPE ISO, relative to the TFTP root").map(BootMethod.winpeISO)
    }

    func image() -> WindowsImage? {
        guard let imageNode = entries["image"],
              let image = reader.mapping(imageNode, field: "\(field).image", allowed: ["wim", "index"]) else { return nil }
        let context = ProfileContext(entries: image, field: "\(field).image", node: imageNode, reader: reader)
        let wim = context.path("wim", required: "the WIM file, relative to the share")
        var index = 1
        if let text = reader.scalar(image["index"], field: "\(field).image.index") {
            guard let value = Int(text), value >= 1 else {
                reader.fail("\(field).image.index", image["index"], value: text, "is not an image index (a whole number from 1)")
                return nil
            }
            index = value
        }
        return wim.map { WindowsImage(wim: $0, index: index) }
    }

    /// `apply: dism|imagex` and `disk: {number, layout, system_size, recovery}`; `nil` when refused.
    func deployment(os: OSKind, firmware: Firmware) -> WindowsDeployment? {
        let defaults = WindowsDeployment.defaults(os: os, firmware: firmware)
        guard let tool = reader.choice(reader.scalar(entries["apply"], field: "\(field).apply"), node: entries["apply"],
                                       field: "\(field).apply", default: defaults.tool) else { return nil }
        guard let diskNode = entries["disk"] else { return WindowsDeployment(tool: tool, layout: defaults.layout) }
        guard let disk = reader.mapping(diskNode, field: "\(field).disk", allowed: ["number", "layout", "system_size", "recovery"]) else { return nil }
        func number(_ key: String, _ range: ClosedRange<Int>, _ rule: String) -> Int?? {
            guard let text = reader.scalar(disk[key], field: "\(field).disk.\(key)") else { return .some(nil) }
            guard let value = Int(text), range.contains(value) else {
                reader.fail("\(field).disk.\(key)", disk[key], value: text, rule)
                return nil
            }
            return .some(value)
        }
        guard let diskNumber = number("number", 0...63, "is not a disk number (0-63, as diskpart's 'list disk' shows)"),
              let systemSize = number("system_size", 100...4096, "is not a system partition size in MB (100-4096)"),
              let layout = reader.choice(reader.scalar(disk["layout"], field: "\(field).disk.layout"), node: disk["layout"],
                                         field: "\(field).disk.layout", default: defaults.layout)
        else { return nil }
        if layout != defaults.layout {
            reader.fail("\(field).disk.layout", disk["layout"], value: layout.rawValue,
                        "does not match firmware \(firmware.rawValue): \(firmware == .uefi ? "UEFI boots from GPT disks" : "BIOS boots from MBR disks")")
            return nil
        }
        var recovery = false
        if let text = reader.scalar(disk["recovery"], field: "\(field).disk.recovery") {
            guard let value = ["true": true, "false": false, "yes": true, "no": false][text] else {
                reader.fail("\(field).disk.recovery", disk["recovery"], value: text, "is not true or false")
                return nil
            }
            recovery = value
        }
        if recovery && os == .windowsLegacy {
            reader.fail("\(field).disk.recovery", disk["recovery"], value: "true", "needs Windows RE, which Windows 2000/XP/2003 do not have")
            return nil
        }
        return WindowsDeployment(tool: tool, diskNumber: diskNumber ?? 0, layout: layout, systemSizeMB: systemSize ?? nil, recovery: recovery)
    }

    /// - Parameter firmware: on UEFI the arguments go through GRUB's `linux`, which puts a backslash
    ///   before every quote and backslash it passes on, so those cannot reach the kernel as written.
    func kernelBoot(firmware: Firmware?) -> BootMethod? {
        let kernel = path("kernel", required: "the installer kernel, relative to the TFTP root")
        let initrds = paths("initrd")
        if entries["initrd"] == nil {
            reader.fail("\(field).initrd", node, value: nil, "is required: the installer initrd (or a list of them)")
        }
        let arguments = arguments("kernel_args", multiboot: false)
        let release = reader.choice(reader.scalar(entries["release"], field: "\(field).release"), node: entries["release"],
                                    field: "\(field).release", default: KickstartRelease.el9)
        guard let kernel, let initrds, !initrds.isEmpty, let arguments, let release else { return nil }
        // ZeroTouch writes the kickstart argument itself; a second one, or one the release does not know, is refused.
        let words = arguments.split(separator: " ").map { $0.split(separator: "=", maxSplits: 1).first.map(String.init) ?? "" }
        let foreign = release == .el5 || release == .el6 ? words.first { $0.hasPrefix("inst.") } : words.first { $0 == "ks" || $0 == "ksdevice" }
        if let foreign {
            reader.fail("\(field).kernel_args", entries["kernel_args"], value: arguments,
                        "has \(foreign)=, which release \(release.rawValue) does not take (\(release == .el5 || release == .el6 ? "EL 5 and 6 know ks= and ksdevice= only" : "EL 7 and later take inst.ks= and inst.* options"))")
            return nil
        }
        if firmware == .uefi, arguments.contains(where: { $0 == "'" || $0 == "\"" || $0 == "\\" }) {
            reader.fail("\(field).kernel_args", entries["kernel_args"], value: arguments,
                        "has a quote or a backslash, which GRUB (the UEFI loader) passes to the kernel with a backslash before it; leave them out")
            return nil
        }
        if let kickstart = words.first(where: { $0 == "ks" || $0 == "inst.ks" }) {
            reader.fail("\(field).kernel_args", entries["kernel_args"], value: arguments,
                        "sets \(kickstart)= itself; ZeroTouch points every host at its own kickstart, so leave it out")
            return nil
        }
        return .kernel(KernelBoot(kernel: kernel, initrds: initrds, arguments: arguments, release: release))
    }

    func xenChain() -> BootMethod? {
        let hypervisor = path("hypervisor", required: "the Xen hypervisor (xen.gz), relative to the TFTP root")
        let hypervisorArgs = arguments("hypervisor_args", multiboot: true)
        let kernel = path("kernel", required: "the dom0 kernel, relative to the TFTP root")
        let kernelArgs = arguments("kernel_args", multiboot: true)
        let initrds = paths("initrd")
        guard let hypervisor, let hypervisorArgs, let kernel, let kernelArgs, let initrds else { return nil }
        let modules = [MultibootModule(path: hypervisor, arguments: hypervisorArgs), MultibootModule(path: kernel, arguments: kernelArgs)]
            + initrds.map { MultibootModule(path: $0) }
        return .multiboot(MultibootChain(loader: try! BootPath("mboot.c32"), modules: modules, passesKickstart: false))
    }

    func esxiChain() -> BootMethod? {
        let loader = entries["kernel"] == nil ? try! BootPath("mboot.c32") : path("kernel", required: nil)
        let arguments = arguments("kernel_args", multiboot: true)
        let modules = paths("modules")
        if modules?.isEmpty ?? false {
            reader.fail("\(field).modules", entries["modules"] ?? node, value: nil,
                        "is required: the vmkernel first, then the other modules, relative to the TFTP root")
        }
        guard let loader, let arguments, let modules, let first = modules.first else { return nil }
        let chain = [MultibootModule(path: first, arguments: arguments)] + modules.dropFirst().map { MultibootModule(path: $0) }
        return .multiboot(MultibootChain(loader: loader, modules: chain, passesKickstart: true))
    }
}
