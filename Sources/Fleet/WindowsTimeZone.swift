/// Windows time zone IDs (the names `tzutil /l` prints), and the numeric index Sysprep.inf wants
/// for the zones that have one (Windows 2000/XP/2003 deployment reference).
public enum WindowsTimeZone {
    /// Zone ID → legacy index, `nil` where Windows XP/2003 had no such zone.
    public static let indexes: [String: Int?] = [
        "Dateline Standard Time": 0, "UTC-11": nil, "Hawaiian Standard Time": 2, "Aleutian Standard Time": nil,
        "Alaskan Standard Time": 3, "Pacific Standard Time (Mexico)": nil, "Pacific Standard Time": 4,
        "US Mountain Standard Time": 15, "Mountain Standard Time (Mexico)": nil, "Mountain Standard Time": 10,
        "Central America Standard Time": 33, "Central Standard Time": 20, "Easter Island Standard Time": nil,
        "Central Standard Time (Mexico)": 30, "Canada Central Standard Time": 25, "SA Pacific Standard Time": 45,
        "Eastern Standard Time (Mexico)": nil, "Eastern Standard Time": 35, "Haiti Standard Time": nil, "Cuba Standard Time": nil,
        "US Eastern Standard Time": 40, "Paraguay Standard Time": nil, "Atlantic Standard Time": 50, "Venezuela Standard Time": nil,
        "Central Brazilian Standard Time": nil, "SA Western Standard Time": 55, "Pacific SA Standard Time": 56,
        "Newfoundland Standard Time": 60, "Tocantins Standard Time": nil, "E. South America Standard Time": 65,
        "SA Eastern Standard Time": 70, "Argentina Standard Time": nil, "Greenland Standard Time": 73,
        "Montevideo Standard Time": nil, "Bahia Standard Time": nil, "UTC-02": nil, "Mid-Atlantic Standard Time": 75,
        "Azores Standard Time": 80, "Cape Verde Standard Time": 83, "UTC": nil, "GMT Standard Time": 85,
        "Greenwich Standard Time": 90, "Morocco Standard Time": nil, "W. Europe Standard Time": 110,
        "Central Europe Standard Time": 95, "Romance Standard Time": 105, "Central European Standard Time": 100,
        "W. Central Africa Standard Time": 113, "Jordan Standard Time": nil, "GTB Standard Time": 130,
        "Middle East Standard Time": nil, "Egypt Standard Time": 120, "E. Europe Standard Time": 115,
        "Syria Standard Time": nil, "South Africa Standard Time": 140, "FLE Standard Time": 125,
        "Israel Standard Time": 135, "Kaliningrad Standard Time": nil, "Libya Standard Time": nil,
        "Arabic Standard Time": 158, "Turkey Standard Time": nil, "Arab Standard Time": 150, "Belarus Standard Time": nil,
        "Russian Standard Time": 145, "E. Africa Standard Time": 155, "Iran Standard Time": 160,
        "Arabian Standard Time": 165, "Azerbaijan Standard Time": nil, "Russia Time Zone 3": nil,
        "Mauritius Standard Time": nil, "Georgian Standard Time": nil, "Caucasus Standard Time": 170,
        "Afghanistan Standard Time": 175, "West Asia Standard Time": 185, "Ekaterinburg Standard Time": 180,
        "Pakistan Standard Time": nil, "India Standard Time": 190, "Sri Lanka Standard Time": 200,
        "Nepal Standard Time": 193, "Central Asia Standard Time": 195, "Bangladesh Standard Time": nil,
        "Omsk Standard Time": nil, "Myanmar Standard Time": 203, "SE Asia Standard Time": 205,
        "North Asia Standard Time": 207, "China Standard Time": 210, "North Asia East Standard Time": 227,
        "Singapore Standard Time": 215, "W. Australia Standard Time": 225, "Taipei Standard Time": 220,
        "Ulaanbaatar Standard Time": nil, "Tokyo Standard Time": 235, "Korea Standard Time": 230,
        "Yakutsk Standard Time": 240, "Cen. Australia Standard Time": 250, "AUS Central Standard Time": 245,
        "E. Australia Standard Time": 260, "AUS Eastern Standard Time": 255, "West Pacific Standard Time": 275,
        "Tasmania Standard Time": 265, "Vladivostok Standard Time": 270, "Central Pacific Standard Time": 280,
        "New Zealand Standard Time": 290, "UTC+12": nil, "Fiji Standard Time": 285, "Tonga Standard Time": 300,
        "Samoa Standard Time": nil, "Line Islands Standard Time": nil,
    ]

    public static func check(_ id: String) throws(RuleViolation) {
        guard indexes[id] != nil else {
            throw RuleViolation("is not a Windows time zone ID (the names 'tzutil /l' prints, such as 'W. Europe Standard Time', 'Pacific Standard Time', 'UTC')")
        }
    }

    /// The Sysprep.inf index, or `nil` when the zone has none.
    public static func legacyIndex(of id: String) -> Int? {
        indexes[id] ?? nil
    }
}
