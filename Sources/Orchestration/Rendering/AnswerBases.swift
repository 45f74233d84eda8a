import Fleet
import Foundation
import Render
import XML

/// The profiles' base answer files (their `answer_file`, or the one shipped in `Answerfiles/`), each
/// read and parsed once per run.
final class AnswerBases {
    private var unattendBases: [String: XMLDocument] = [:]
    private var sysprepBases: [String: IniDocument] = [:]
    private var paths: [String: String] = [:]

    func sysprep(for profile: Profile) throws -> IniDocument {
        let path = try path(for: profile, shipped: "windows-2003-sysprep.inf")
        if let known = sysprepBases[path] { return known }
        let data = try ReferencedFile.bytes(path, field: "profiles.\(profile.name).answer_file")
        let document = IniDocument(decoding: Array(data))
        sysprepBases[path] = document
        return document
    }

    /// The profile's answer_file, or the shipped base; a bare name the fleet's folder lacks names a shipped base.
    /// Looked up once per profile.
    private func path(for profile: Profile, shipped name: String) throws -> String {
        if let known = paths[profile.name] { return known }
        let path = try locate(for: profile, shipped: name)
        paths[profile.name] = path
        return path
    }

    private func locate(for profile: Profile, shipped name: String) throws -> String {
        let path = try profile.answerFile ?? Self.shipped(name)
        if !FileManager.default.fileExists(atPath: path), let bare = path.split(separator: "/").last, let found = try? Self.shipped(String(bare)) {
            return found
        }
        return path
    }

    func unattend(for profile: Profile) throws -> XMLDocument {
        let path = try path(for: profile, shipped: profile.arch == .arm64 ? "windows-10-arm64.xml" : "windows-10.xml")
        // A shipped base follows the profile's architecture, so it is kept per architecture.
        let shipped = ShippedFile.path("Answerfiles/\(path.split(separator: "/").last ?? "")") == path
        let cacheKey = shipped ? "\(path)|\(profile.declaredArch?.rawValue ?? "")" : path
        if let known = unattendBases[cacheKey] { return known }
        let data = try ReferencedFile.bytes(path, field: "profiles.\(profile.name).answer_file")
        let document: XMLDocument
        do {
            document = try XMLDocument(parsing: Array(data), name: path)
            try UnattendDocument.check(document)
        } catch {
            throw Self.refusal(error, field: "profiles.\(profile.name).answer_file")
        }
        if shipped, let arch = profile.declaredArch { UnattendArchitecture.retarget(document, to: arch) }
        unattendBases[cacheKey] = document
        return document
    }

    /// The architecture of the profile's image: its `arch`, else its base answer file's.
    func architecture(of profile: Profile) throws -> Architecture {
        guard profile.os == .windows, profile.declaredArch == nil else { return profile.arch }
        let base = try unattend(for: profile)
        do {
            return try UnattendArchitecture.of(base, declared: nil)
        } catch {
            throw Self.refusal(error, field: "profiles.\(profile.name).answer_file")
        }
    }

    /// A base answer file's error at its own line: `base.xml:12:5: profiles.w.answer_file: rule`.
    static func refusal(_ error: XMLError, field: String) -> FleetError {
        var location = error.document
        if let line = error.line { location += ":\(line):\(error.column ?? 1)" }
        return FleetError(ValidationIssue(field: field, value: nil, rule: error.message, location: location))
    }

    /// A base that ships in `Answerfiles/`.
    static func shipped(_ name: String) throws(FleetError) -> String {
        guard let path = ShippedFile.path("Answerfiles/\(name)") else {
            throw FleetError(ValidationIssue(field: "answer_file", value: nil,
                                             rule: "is not given and the shipped base \(name) was not found beside zerotouch; give the profile an answer_file"))
        }
        return path
    }
}
