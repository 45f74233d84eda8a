import Foundation
import Render
import Testing

struct CallbackCommandTests {
    @Test func windowsReadyCommandCarriesURLAndTokenAndFitsUnattend() throws {
        let url = "http://192.168.1.166:8069/api/v1/hosts/08-00-27-b2-40-3e/events"
        let command = CallbackCommand.windowsReady(url: url, token: "0123456789abcdef0123456789abcdef")
        #expect(command.count <= 1024, "unattend's CommandLine holds at most 1024 characters")
        let prefix = "powershell -NoProfile -ExecutionPolicy Bypass -EncodedCommand "
        #expect(command.hasPrefix(prefix))
        let encoded = try #require(Data(base64Encoded: String(command.dropFirst(prefix.count))))
        let script = try #require(String(data: encoded, encoding: .utf16LittleEndian))
        #expect(script.contains("'Bearer 0123456789abcdef0123456789abcdef'"))
        #expect(script.contains("UploadString('\(url)', '{\"event\": \"ready\""))
        #expect(!script.contains("Invoke-RestMethod"), "PowerShell 2 on Windows 7 / 2008 R2 has none")
    }
}
