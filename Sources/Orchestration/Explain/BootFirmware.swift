/// Which firmware `zerotouch explain` follows the chain for: what the machine's NIC starts with.
public enum BootFirmware: String, Sendable, CaseIterable, Encodable {
    /// PXE on BIOS: option 93 = 0.
    case bios
    /// PXE on x64 UEFI: option 93 = 7 (or 9).
    case uefi
    /// UEFI HTTP Boot: vendor class `HTTPClient`, option 93 = 16.
    case uefiHTTP = "uefi-http"
    /// A NIC whose ROM is iPXE (user class `iPXE`).
    case ipxe
}
