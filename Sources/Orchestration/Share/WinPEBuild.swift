import Crypto
public import Fleet
import Foundation
import Render

/// `zerotouch winpe build`: from the WinPE media a user has (the ADK's `media` folder after copype,
/// or the files of a Windows ISO), on Linux alone, with wimlib-imagex and xorriso:
/// - `wimboot/`: bootmgr, Boot/BCD, Boot/boot.sdi and a boot.wim holding this site's startnet.cmd
///   and the WinPE drivers, read back from the WIM before it is kept (a profile's `winpe.dir`);
/// - `winpe.iso`: the same media with that boot.wim, bootable through memdisk (El Torito from
///   `Boot/etfsboot.com`; UEFI from `EFI/Microsoft/Boot/efisys.bin` when the media has it).
/// `wimboot/` also holds the media's `EFI/Boot/bootx64.efi` as `bootmgfw.efi`, for `winpe: {boot:
/// bootmgr}` (Windows' own boot manager, which starts with Secure Boot on). Media names are matched
/// without regard to case: a Windows ISO's files are `boot/bcd`, the ADK's `Boot/BCD`.
/// Same inputs, same outputs: nothing is rebuilt while the inputs' stamp holds.
public struct WinPEBuild {
    public struct Request {
        public let media: String
        public let output: String
        public let index: Int?
        public let drivers: [String]
        public let architecture: Architecture

        public init(media: String, output: String, index: Int?, drivers: [String], architecture: Architecture) {
            self.media = media
            self.output = output
            self.index = index
            self.drivers = drivers
            self.architecture = architecture
        }
    }

    public struct Result: Encodable, Sendable {
        public let output: String
        public let bootWIM: String
        public let index: Int
        public let image: String
        public let drivers: [String]
        public let iso: String?
        public let rebuilt: Bool
        public let notices: [String]
    }

    let session: SiteSession

    public init(session: SiteSession) {
        self.session = session
    }

    /// What goes into `wimboot/` from the media: (as named there, as written here).
    static func copied(_ architecture: Architecture) -> [(source: String, target: String)] {
        let efi = switch architecture {
        case .amd64: "bootx64.efi"
        case .arm64: "bootaa64.efi"
        case .x86: "bootia32.efi"
        }
        return ["bootmgr", "Boot/BCD", "Boot/boot.sdi", "sources/boot.wim"].map { ($0, $0) } + [("EFI/Boot/\(efi)", "bootmgfw.efi")]
    }

    /// `relative` in the media, each component matched without regard to case; `nil` when absent.
    static func find(_ relative: String, in media: URL) -> URL? {
        var url = media
        for component in relative.split(separator: "/").map(String.init) {
            let exact = url.appendingPathComponent(component)
            if FileManager.default.fileExists(atPath: exact.path) { url = exact; continue }
            guard let name = (try? FileManager.default.contentsOfDirectory(atPath: url.path))?.sorted()
                .first(where: { $0.lowercased() == component.lowercased() }) else { return nil }
            url = url.appendingPathComponent(name)
        }
        return url
    }

    public func run(_ request: Request, progress: (String) -> Void) throws -> Result {
        let media = URL(fileURLWithPath: request.media).standardizedFileURL
        let output = URL(fileURLWithPath: request.output).standardizedFileURL
        let fm = FileManager.default
        func refuse(_ field: String, _ value: String, _ rule: String) -> FleetError {
            FleetError(ValidationIssue(field: field, value: value, rule: rule))
        }
        for required in ["sources/boot.wim", "Boot/BCD", "Boot/boot.sdi"] where Self.find(required, in: media) == nil {
            throw refuse("--media", request.media, "has no \(required): give the WinPE media folder (the ADK's <arch>/media after copype, or a Windows ISO's files)")
        }
        let sourceWIM = Self.find("sources/boot.wim", in: media)!
        let info = try WinPECommands.inspectImage(sourceWIM.path)
        let index = request.index ?? info.images.count
        guard let image = info.images.first(where: { $0.index == index }) else {
            throw refuse("--index", String(index), "is not an image in sources/boot.wim (it has \(info.images.map { "\($0.index): \($0.name)" }.joined(separator: ", ")))")
        }
        if let arch = image.architecture, arch != request.architecture {
            throw refuse("--media", request.media, "holds \(arch.rawValue) WinPE (image \(index), \(image.name)), not \(request.architecture.rawValue): use the media for \(request.architecture.rawValue), or --arch \(arch.rawValue)")
        }
        var driverFiles: [(source: URL, name: String)] = []
        for (number, path) in request.drivers.enumerated() {
            let folder = URL(fileURLWithPath: path).standardizedFileURL
            let infs = (fm.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []).filter { $0.lowercased().hasSuffix(".inf") }
            guard !infs.isEmpty else { throw refuse("--drivers", path, "holds no .inf file: give a folder of extracted drivers (.inf, .sys, .cat)") }
            // A name of ZeroTouch's own inside the image: nothing of the user's path reaches wimlib's command line.
            driverFiles.append((folder, "\(number + 1)"))
        }
        let startnet = try WinPECommands(session: session).startnet(drivers: !driverFiles.isEmpty)
        let etfsboot = Self.find("Boot/etfsboot.com", in: media)
        let efisys = Self.find("EFI/Microsoft/Boot/efisys.bin", in: media)
        let copied = Self.copied(request.architecture).compactMap { file in Self.find(file.source, in: media).map { ($0, file.target) } }
        let stamp = try Self.stamp(media: media, drivers: driverFiles.map(\.source), index: index, startnet: startnet)
        let stampFile = output.appendingPathComponent(".zerotouch-winpe")
        let wimboot = output.appendingPathComponent("wimboot")
        let bootWIM = wimboot.appendingPathComponent("sources/boot.wim")
        let iso = etfsboot == nil ? nil : output.appendingPathComponent("winpe.iso")
        var notices: [String] = []
        if iso == nil { notices.append("the media has no Boot/etfsboot.com, so no winpe.iso was made (memdisk needs a BIOS-bootable ISO)") }
        if !copied.contains(where: { $0.1 == "bootmgr" }) { notices.append("the media has no bootmgr: wimboot boots it on UEFI only") }
        if !copied.contains(where: { $0.1 == "bootmgfw.efi" }) {
            notices.append("the media has no \(Self.copied(request.architecture).last!.source): no bootmgfw.efi for winpe: {boot: bootmgr} (Secure Boot)")
        }
        let result = { (rebuilt: Bool) in
            Result(output: output.path, bootWIM: bootWIM.path, index: index, image: image.name, drivers: request.drivers, iso: iso?.path, rebuilt: rebuilt, notices: notices)
        }
        if (try? String(contentsOf: stampFile, encoding: .utf8)) == stamp, fm.fileExists(atPath: bootWIM.path), iso.map({ fm.fileExists(atPath: $0.path) }) ?? true {
            return result(false)
        }

        // A folder of ZeroTouch's own naming: wimlib reads its update commands as text, so no path of the user's goes into one.
        let work = fm.temporaryDirectory.appendingPathComponent("zerotouch-winpe-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: work) }
        do {
            try fm.createDirectory(at: output, withIntermediateDirectories: true)
            try fm.createDirectory(at: work.appendingPathComponent("add/drivers"), withIntermediateDirectories: true)
            try Data(startnet.utf8).write(to: work.appendingPathComponent("add/startnet.cmd"))
            progress("copying the drivers")
            for driver in driverFiles { try fm.copyItem(at: driver.source, to: work.appendingPathComponent("add/drivers/" + driver.name)) }
            try? fm.removeItem(at: wimboot)
            progress("copying the boot files")
            for (source, name) in copied {
                let target = wimboot.appendingPathComponent(name)
                try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try fm.copyItem(at: source, to: target)
            }
        } catch {
            throw OrchestrationError("cannot write \(output.path): \(error.localizedDescription)")
        }
        progress("putting startnet.cmd\(driverFiles.isEmpty ? "" : " and \(driverFiles.count) driver folder(s)") into image \(index) of boot.wim")
        let add = work.appendingPathComponent("add").path
        var commands = ["add '\(add)/startnet.cmd' /Windows/System32/startnet.cmd"]
        if !driverFiles.isEmpty { commands.append("add '\(add)/drivers' /zerotouch/drivers") }
        for command in commands {
            try tool(["wimlib-imagex", "update", bootWIM.path, String(index), "--command=\(command)"], "wimlib-imagex update")
        }
        progress("reading startnet.cmd back from boot.wim")
        let extracted = work.appendingPathComponent("check")
        try tool(["wimlib-imagex", "extract", bootWIM.path, String(index), "/Windows/System32/startnet.cmd", "--dest-dir=\(extracted.path)", "--no-acls"], "wimlib-imagex extract")
        guard (try? Data(contentsOf: extracted.appendingPathComponent("startnet.cmd"))) == Data(startnet.utf8) else {
            throw OrchestrationError("boot.wim did not read back the startnet.cmd written into it; \(bootWIM.path) is not usable")
        }
        if let iso {
            progress("writing winpe.iso")
            // Paths inside the ISO as the media spells them.
            func inside(_ url: URL) -> String { String(url.path.dropFirst(media.path.count + 1)) }
            var arguments = ["xorriso", "-as", "mkisofs", "-quiet", "-iso-level", "3", "-J", "-joliet-long", "-R", "-V", "ZT_WINPE",
                             "-b", inside(etfsboot!), "-no-emul-boot", "-boot-load-size", "8", "-hide", "boot.catalog"]
            if let efisys { arguments += ["-eltorito-alt-boot", "-e", inside(efisys), "-no-emul-boot"] }
            let temporary = work.appendingPathComponent("winpe.iso")
            arguments += ["-o", temporary.path, "-graft-points", "/=" + Self.graftEscaped(media.path), "/" + Self.graftEscaped(inside(sourceWIM)) + "=" + Self.graftEscaped(bootWIM.path)]
            try tool(arguments, "xorriso")
            try? fm.removeItem(at: iso)
            try fm.moveItem(at: temporary, to: iso)
        }
        try Data(stamp.utf8).write(to: stampFile)
        return result(true)
    }

    func tool(_ arguments: [String], _ what: String) throws {
        let run = try CommandRunner.run(arguments)
        guard run.status == 0 else {
            throw OrchestrationError("\(what) failed (exit \(run.status)): \(run.output.suffix(600))")
        }
    }

    /// A pathspec for xorriso's graft points, where `=` and `\` are escaped.
    static func graftEscaped(_ path: String) -> String {
        path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "=", with: "\\=")
    }

    /// What the outputs depend on: every media and driver file's path, size and time, the image and startnet.cmd.
    static func stamp(media: URL, drivers: [URL], index: Int, startnet: String) throws -> String {
        var hash = SHA256()
        hash.update(data: Data("zerotouch winpe build 1\n\(index)\n\(startnet)\n".utf8))
        for folder in [media] + drivers {
            let paths = (FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []).sorted()
            hash.update(data: Data("\(folder.path)\n".utf8))
            for path in paths {
                let attributes = try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(path).path)
                let size = (attributes?[.size] as? Int) ?? -1
                let time = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
                hash.update(data: Data("\(path)\t\(size)\t\(time)\n".utf8))
            }
        }
        return hash.finalize().hex + "\n"
    }
}
