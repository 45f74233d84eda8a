import Foundation
import Testing

/// The property over a sequence of generated fleet files applied one after another in one site:
/// a refused file changes nothing at all, and once a file is accepted, applying it again changes nothing.
struct ApplyPropertyTests: CommandLineSuite {
    let workspace: CLIWorkspace

    init() throws {
        workspace = try CLIWorkspace()
    }

    /// A small deterministic generator (SplitMix64), so a failing sequence can be replayed by its seed.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    /// One fleet: some of a pool of 24 machines with random modes, profiles, addresses and NICs, and
    /// now and then one broken line of a kind users write.
    static func generatedFleet(_ random: inout Generator) -> (text: String, broken: String?) {
        var lines: [String] = []
        for index in 0..<24 where random.chance(60) {
            let mac = String(format: "52:54:00:12:00:%02x", index)
            var entry = "  - {mac: '\(mac)', name: node\(index), profile: \(random.pick(["centos55", "w2k8r2", "ovm22"]))"
            if random.chance(40) { entry += ", mode: \(random.pick(["install", "localboot", "disabled"]))" }
            if random.chance(30) { entry += ", ip: 192.168.1.\(20 + index)/24, gateway: 192.168.1.166" }
            if random.chance(20) { entry += ", extra_macs: ['\(String(format: "52:54:00:13:00:%02x", index))']" }
            lines.append(entry + "}")
        }
        var broken: String?
        if random.chance(35) {
            let damage = [
                ("a MAC used twice", "  - {mac: '52:54:00:14:00:00', name: twin1, profile: centos55}\n  - {mac: '52-54-00-14-00-00', name: twin2, profile: ovm22}"),
                ("a profile nobody defines", "  - {mac: '52:54:00:14:00:01', name: orphan, profile: nosuch}"),
                ("a bad address", "  - {mac: '52:54:00:14:00:02', name: badip, profile: centos55, ip: 192.168.1.300/24}"),
                ("a bad name", "  - {mac: '52:54:00:14:00:03', name: 'bad name', profile: centos55}"),
                ("a broadcast MAC", "  - {mac: 'ff:ff:ff:ff:ff:ff', name: bcast, profile: centos55}"),
                ("broken YAML", "  - {mac: '52:54:00:14:00:04', name: open, profile: [centos55}"),
                ("a missing base answer file", nil),
            ] as [(String, String?)]
            let (name, line) = random.pick(damage)
            broken = name
            if let line { lines.insert(line, at: random.below(lines.count + 1)) }
        }
        var site = Self.site
        if broken == "a missing base answer file" {
            site = site.replacingOccurrences(of: "index: 1}}", with: "index: 1}, answer_file: nowhere.xml}")
            if !lines.contains(where: { $0.contains("w2k8r2") }) { lines.append("  - {mac: '52:54:00:14:00:05', name: win, profile: w2k8r2}") }
        }
        return (site + lines.joined(separator: "\n") + "\n", broken)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func refusedChangesNothingAndAcceptedConverges(_ seed: UInt64) throws {
        var random = Generator(state: seed)
        var refusals = 0, accepted = 0
        for step in 0..<14 {
            let (text, broken) = Self.generatedFleet(&random)
            try write(text)
            let before = try snapshot()
            let applied = try run("apply", "-q")
            if broken != nil || applied.status == 2 {
                #expect(applied.status == 2, "seed \(seed) step \(step): \(broken ?? "?") must be refused: \(applied.stdout)\(applied.stderr)")
                #expect(try snapshot() == before, "seed \(seed) step \(step): a refusal (\(broken ?? applied.stderr)) changed something")
                refusals += 1
                continue
            }
            #expect(applied.status == 0, "seed \(seed) step \(step): \(applied.stderr)")
            let settled = try snapshot()
            let again = try run("apply")
            #expect(again.status == 0 && again.stdout.contains("nothing to change"), "seed \(seed) step \(step): a second apply changed \(again.stdout)")
            #expect(try snapshot() == settled, "seed \(seed) step \(step): a second apply touched files")
            accepted += 1
        }
        #expect(refusals > 0 && accepted > 0, "the sequence mixes both (seed \(seed): \(refusals) refused, \(accepted) accepted)")
    }
}
