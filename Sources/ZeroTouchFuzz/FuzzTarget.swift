import BootRequests
import Fleet
import Foundation
import Importers
import Render
import XML

/// The inputs ZeroTouch reads from users and the network, each with the promises it keeps for any
/// bytes: no crash, no hang, and a refusal that fits on one message line. `Scripts/fuzz` builds this
/// with libFuzzer (`ZT_FUZZ=1`, `-sanitize=fuzzer`) and picks a target with `ZT_FUZZ_TARGET`.
enum FuzzTarget: String, CaseIterable {
    /// zerotouch.yaml, as `apply` and `plan` read it.
    case fleet
    /// A stranger's dhcpd.conf, as `import dhcpd` reads it.
    case isc
    /// What the boot server takes from a request: the file path, a Range header, a callback body.
    case http
    /// A user's base unattend.xml or Sysprep.inf, and `lint`.
    case answer

    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["ZT_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("ZT_FUZZ_TARGET must be one of \(allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
            exit(2)
        }
        return target
    }()

    func run(_ bytes: [UInt8]) {
        switch self {
        case .fleet: Self.fleet(bytes)
        case .isc: _ = ISCConfigReader(parsing: String(decoding: bytes, as: UTF8.self), file: "fuzz.conf")
        case .http: Self.http(bytes)
        case .answer: Self.answer(bytes)
        }
    }

    static func fleet(_ bytes: [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self) else { return }
        do {
            let config = try FleetDocument.parse(text, file: "fuzz.yaml", directory: "/nonexistent")
            let macs = config.hosts.flatMap(\.macs)
            precondition(Set(macs).count == macs.count, "an accepted fleet has each MAC once")
        } catch {
            for issue in error.issues {
                precondition(!issue.description.contains("\n"), "a refusal is one line: \(issue)")
                precondition(issue.description.count < 2_000, "a refusal shows a long value by its start")
            }
        }
    }

    static func http(_ bytes: [UInt8]) {
        let parts = bytes.split(separator: 0x0A, maxSplits: 2, omittingEmptySubsequences: false)
        let raw = String(decoding: parts[0], as: UTF8.self)
        if let path = try? ServedPath(raw: Substring(raw)) {
            for component in path.relative.split(separator: "/", omittingEmptySubsequences: false) {
                precondition(!component.isEmpty && component != "." && component != "..", "a served path stays in its folder: \(path.relative)")
                precondition(!component.contains("\\") && !component.unicodeScalars.contains { $0.value < 0x20 }, "no backslash or control character")
            }
        }
        if parts.count > 1 {
            let size = Int(bytes.count * 37 % 100_000)
            switch ByteRange.resolve(String(decoding: parts[1], as: UTF8.self), size: size) {
            case .part(let range): precondition(range.first >= 0 && range.first <= range.last && range.last < size, "a range lies in the file")
            case .whole, .unsatisfiable: break
            }
        }
        if parts.count > 2, let body = try? CallbackBody(json: Data(parts[2])) {
            precondition(body.message.count <= CallbackBody.maxMessage, "a message is bounded")
        }
    }

    static func answer(_ bytes: [UInt8]) {
        if let document = try? XMLDocument(parsing: bytes, name: "fuzz.xml") {
            _ = try? UnattendDocument.check(document)
        }
        _ = IniDocument(decoding: bytes)
        for problem in AnswerFileLint.check(bytes, name: "fuzz.xml") {
            precondition(!"\(problem)".contains("\n"), "a lint problem is one line")
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTarget.selected.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

/// libFuzzer's own driver (`-sanitize=fuzzer` links it): called from the entry SwiftPM gives an
/// executable target, since its main is not libFuzzer's.
@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
               _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("ZeroTouchFuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var vector = argv
    return runDriver(&count, &vector) { data, size in fuzzOneInput(data, size) }
}
