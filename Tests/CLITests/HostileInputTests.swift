import Foundation
import Testing

/// What a hostile or unlucky machine does to a run: links inside the roots, a run killed mid-write.
extension CLITests {
    @Test(arguments: [
        ("out/tftpboot/pxelinux.cfg", "../../elsewhere", "out/tftpboot/pxelinux.cfg is a symbolic link"),
        ("out/http/ks", "../../elsewhere", "out/http/ks is a symbolic link"),
        ("out/tftpboot", "../elsewhere", nil),
    ] as [(String, String, String?)])
    func applyNeverWritesThroughALinkInsideARoot(_ link: String, _ destination: String, _ refusal: String?) throws {
        try write(Self.site + Self.hosts)
        let manager = FileManager.default
        try manager.createDirectory(at: folder.appendingPathComponent("elsewhere"), withIntermediateDirectories: true)
        try manager.createDirectory(at: folder.appendingPathComponent(link).deletingLastPathComponent(), withIntermediateDirectories: true)
        try manager.createSymbolicLink(atPath: folder.appendingPathComponent(link).path, withDestinationPath: destination)
        let applied = try run("apply")
        let written = try manager.contentsOfDirectory(atPath: folder.appendingPathComponent("elsewhere").path)
        guard let refusal else {
            // The root itself may be a link: where the roots live is the administrator's choice.
            #expect(applied.status == 0 && written.contains("pxelinux.cfg"), "\(applied.stderr)")
            return
        }
        #expect(applied.status == 1 && applied.stderr.contains(refusal) && applied.stderr.contains("without following one"), "\(applied.stderr)")
        #expect(written.isEmpty, "nothing is written through the link: \(written)")
        #expect(try run("plan").status == 1, "plan reads beneath the roots the same way")
    }
}
