import ArgumentParser
import Fleet
import OperatingSystem

/// Turns library errors into one clear report on stderr and an exit code:
/// 2 for input the user must fix, 1 for everything else.
enum Failure {
    static func report<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as FleetError {
            printError(error.issues.count == 1 ? "error: \(error)" : "error: \(error.issues.count) problems, nothing was written:\n\(error)")
            throw ExitCode(2)
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
    }

    static func printError(_ text: String) {
        StandardError.write(text + "\n")
    }
}
