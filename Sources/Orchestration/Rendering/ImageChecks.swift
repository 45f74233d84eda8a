import Fleet
import Publish
import Render

/// The profiles' WIMs on the share, each inspected once per run: a missing one is a warning, a wrong
/// index or architecture a refusal. Also the driver sets hosts name (`drivers/<set>/`), listed once.
final class ImageChecks {
    /// Profiles whose image was checked (or found missing) this run.
    var checked = Set<String>()
    /// The folders under `drivers/` on the share, read when a host first names a set.
    private var driverFolders: Set<String>?
    private var driverSetsWarned = Set<String>()
    private let bases: AnswerBases
    private let warnings: WarningList
    /// Opens the share, where the profiles' images are, when one is first inspected.
    private let share: () throws -> any PublishTarget

    init(bases: AnswerBases, warnings: WarningList, share: @escaping () throws -> any PublishTarget) {
        self.bases = bases
        self.warnings = warnings
        self.share = share
    }

    /// Checks the image that `host`'s files name, when it has them (a Windows host in install mode).
    func check(for host: Fleet.Host, profile: Profile) throws {
        guard profile.os.isWindows, host.mode == .install else { return }
        guard let image = profile.image else { return warnNoImage(profile) }
        try check(image, profile: profile)
    }

    /// A set whose folder is not on the share is a warning: autorun.bat reports it as not added, and
    /// a required one stops the install there.
    func checkDriverSets(_ sets: [String]) throws {
        guard !sets.isEmpty else { return }
        if driverFolders == nil { driverFolders = Set(try share().list("drivers") ?? []) }
        for set in sets where !driverFolders!.contains(set) && driverSetsWarned.insert(set).inserted {
            warnings.add("driver set \(set) is not on the share (\(try share().location(of: "drivers/" + set))) yet; hosts that choose it report it as not added, and stop there if it is required")
        }
    }

    func warnNoImage(_ profile: Profile) {
        warnings.add("profile \(profile.name) names no image, so its hosts get no autorun.bat; add image: {wim: PATH, index: N}")
    }

    /// The profile's WIM, when it is on the share already: the index must exist and the architecture
    /// match. A WIM not there yet is a warning: the hosts' autorun.bat fails at apply-image until it is.
    func check(_ image: WindowsImage, profile: Profile) throws {
        guard checked.insert(profile.name).inserted else { return }
        let target = try share()
        let path = target.location(of: image.wim.value)
        guard try target.size(of: image.wim.value) != nil else {
            warnings.add("profile \(profile.name): \(image.wim) is not on the share (\(path)) yet; its hosts stop at apply-image until it is")
            return
        }
        let info: WIMInfo
        do {
            info = try WIMFile.inspect(image.wim.value, on: target)
        } catch {
            throw FleetError(ValidationIssue(field: "profiles.\(profile.name).image.wim", value: image.wim.value, rule: "cannot be used: \(error)"))
        }
        let list = info.images.map { "\($0.index): \($0.name)" }.joined(separator: ", ")
        guard let found = info.images.first(where: { $0.index == image.index }) else {
            throw FleetError(ValidationIssue(field: "profiles.\(profile.name).image.index", value: String(image.index),
                                             rule: "is not an image in \(image.wim) (it has \(list.isEmpty ? "none" : list)); no host of this profile was armed"))
        }
        let expected = try bases.architecture(of: profile)
        if let arch = found.architecture, arch != expected {
            throw FleetError(ValidationIssue(field: "profiles.\(profile.name).arch", value: expected.rawValue,
                                             rule: "does not match image \(image.index) (\(found.name)) of \(image.wim), which is \(arch.rawValue); no host of this profile was armed"))
        }
    }
}
