public import Fleet
public import GRDB

/// A MAC is stored as its canonical text (`08:00:27:b2:40:3e`) and read back as a value.
extension MACAddress: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { description.databaseValue }

    public static func fromDatabaseValue(_ value: DatabaseValue) -> MACAddress? {
        String.fromDatabaseValue(value).flatMap { try? MACAddress($0) }
    }
}
