/// `drivers:` on a Windows profile or host: which driver sets (folders `drivers/<set>/` on the share,
/// `.inf` files anywhere below) go into the installed image after it is applied. `always` sets go in
/// on every machine; `byModel` adds sets by the model WinPE reads from the firmware (SMBIOS product
/// name); a machine of no listed model gets `always` and a warning, not a failure. A set that fails
/// to install fails the install only when it is `required`.
public struct DriverChoice: Codable, Sendable, Equatable {
    public struct Model: Codable, Sendable, Equatable {
        /// As the firmware reports it (`OptiPlex 7090`); compared without regard to case.
        public let name: String
        public let sets: [String]

        public init(name: String, sets: [String]) {
            self.name = name
            self.sets = sets
        }
    }

    public let always: [String]
    public let byModel: [Model]
    public let required: Set<String>

    public init(always: [String] = [], byModel: [Model] = [], required: Set<String> = []) {
        self.always = always
        self.byModel = byModel
        self.required = required
    }

    /// Windows 2000/XP/2003 images (`windows-legacy`) take drivers from the folders Sysprep.inf's
    /// `OemPnPDriversPath` lists, searched one level deep: autorun.bat copies each folder of a chosen
    /// set that holds an `.inf` to `Drivers\N` on the installed system, numbered from 1, and the
    /// answer file lists this many (a name that does not exist is skipped by mini-setup).
    public static let legacyFolders = 200

    /// `Drivers\1;Drivers\2;…`, relative to the system drive, as `OemPnPDriversPath` takes it.
    public static var legacyDriversPath: String {
        (1...legacyFolders).map { "Drivers\\\($0)" }.joined(separator: ";")
    }

    /// Every set this choice may install, each once, `always` first.
    public var candidates: [String] {
        var seen = Set<String>()
        return (always + byModel.flatMap(\.sets)).filter { seen.insert($0).inserted }
    }

    /// A set name: a folder under `drivers/` on the share, in letters, digits and `._-`.
    public static func checkSetName(_ name: String) throws(RuleViolation) {
        guard (1...64).contains(name.utf8.count), name != ".", name != "..",
              name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)) })
        else { throw RuleViolation("is not a driver set name (a folder under drivers/ on the share: letters, digits and ._-, up to 64)") }
    }

    /// A model name as batch files compare it: printable, without the characters cmd.exe expands or
    /// ends a string at.
    public static func checkModelName(_ name: String) throws(RuleViolation) {
        guard (1...128).contains(name.count), name.first != " ", name.last != " ",
              !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || "\"%!^&|<>".unicodeScalars.contains($0) })
        else { throw RuleViolation("is not a model name as the firmware reports it (1 to 128 characters, none of \" % ! ^ & | < > or control characters, no space at either end)") }
    }
}
