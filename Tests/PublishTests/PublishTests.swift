import Fleet
import Foundation
@testable import Publish
import Render
import Testing

struct PublishTests {
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "zt-publish-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    func artifact(_ path: String, _ text: String) -> Artifact {
        Artifact(root: .tftp, path: path, text: text, owner: .site)
    }

    @Test func writesAtomicallyWithReadablePermissions() throws {
        let target = LocalDirectory(root: folder)
        try target.write("a/b/c.cfg", content: Array("one".utf8))
        try target.write("a/b/c.cfg", content: Array("two".utf8))
        #expect(try String(contentsOfFile: folder + "/a/b/c.cfg", encoding: .utf8) == "two")
        let attributes = try FileManager.default.attributesOfItem(atPath: folder + "/a/b/c.cfg")
        #expect((attributes[.posixPermissions] as? Int) == 0o644)
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/a/b") == ["c.cfg"])
    }

    @Test func plansEveryAction() throws {
        let target = LocalDirectory(root: folder)
        try target.write("mine-same", content: Array("same".utf8))
        try target.write("mine-old", content: Array("old".utf8))
        try target.write("mine-gone", content: Array("gone".utf8))
        try target.write("theirs-same", content: Array("x".utf8))
        try target.write("theirs-other", content: Array("operator's".utf8))
        let manifest = Manifest(entries: [
            "mine-same": ManifestEntry(digest: Digest.sha256(Array("same".utf8)), size: 4, owner: .site),
            "mine-old": ManifestEntry(digest: Digest.sha256(Array("old".utf8)), size: 3, owner: .site),
            "mine-gone": ManifestEntry(digest: Digest.sha256(Array("gone".utf8)), size: 4, owner: .site),
            "mine-deleted-by-hand": ManifestEntry(digest: Digest.sha256(Array("z".utf8)), size: 1, owner: .site),
        ])
        let desired = [artifact("mine-same", "same"), artifact("mine-old", "new"), artifact("theirs-same", "x"),
                       artifact("theirs-other", "ours"), artifact("new", "n"), artifact("mine-deleted-by-hand", "z")]
        let plan = try Planner.plan(desired: desired, manifest: manifest, target: target, root: .tftp, scope: .everything)
        let actions = Dictionary(uniqueKeysWithValues: plan.map { ($0.path, $0.action) })
        #expect(actions == ["mine-same": .unchanged, "mine-old": .update, "theirs-same": .adopt, "theirs-other": .conflict,
                            "new": .create, "mine-deleted-by-hand": .create, "mine-gone": .delete])
    }

    @Test func scopedPlansTouchOnlyTheirOwners() throws {
        let target = LocalDirectory(root: folder)
        let manifest = Manifest(entries: [
            "a": ManifestEntry(digest: "0", size: 1, owner: .host(try MACAddress("08:00:27:00:00:01"))),
            "b": ManifestEntry(digest: "0", size: 1, owner: .host(try MACAddress("08:00:27:00:00:02"))),
        ])
        let plan = try Planner.plan(desired: [], manifest: manifest, target: target, root: .tftp, scope: .owners([.host(try MACAddress("08:00:27:00:00:01"))]))
        #expect(plan.map(\.path) == ["a"] && plan[0].action == .delete)
    }

    @Test func applyReportsWhatWasDoneBeforeAFailure() throws {
        let target = LocalDirectory(root: folder)
        try FileManager.default.createDirectory(atPath: folder + "/blocked", withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: folder + "/blocked/file"))
        let changes = [
            PlannedChange(action: .create, root: .tftp, path: "ok", owner: .site, artifact: artifact("ok", "1"), digest: "d"),
            // A folder where a file should be: the write fails.
            PlannedChange(action: .create, root: .tftp, path: "blocked/file/x", owner: .site, artifact: artifact("blocked/file/x", "2"), digest: "d"),
        ]
        let failure = try #require(throws: PublishFailure.self) { try Publisher.apply(changes, to: target) }
        #expect(failure.completed.map(\.path) == ["ok"])
        #expect(failure.error.description.contains("blocked/file"))
    }

    @Test func digestsAreSHA256() {
        #expect(Digest.sha256(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
