import Foundation

/// Where the token files live, in the order the app looks:
/// `--dir`, `KYOEI_TOKEN_DIR`, `$XDG_CONFIG_HOME/kyoei-token`, `~/.config/kyoei-token`.
public enum TokenDirectory {
    /// Resolves the directory; `environment` is a parameter so tests need not change the process's.
    public static func resolve(option: String?, environment: [String: String]) -> String {
        if let option, !option.isEmpty { return absolute(option) }
        if let dir = environment["KYOEI_TOKEN_DIR"], !dir.isEmpty { return absolute(dir) }
        // The XDG base directory spec says to ignore a relative XDG_CONFIG_HOME.
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return config + "/kyoei-token"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.config/kyoei-token"
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return FileManager.default.currentDirectoryPath + "/" + path
    }
}
