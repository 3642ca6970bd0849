import Foundation

/// The phone token app's static files (`TokenApp/Shell/`, a resource of BankWeb), read once at
/// start and served from memory by their path: `/app.js`, `/icons/icon.svg`, … A file whose
/// kind is not in `contentTypes` is not served at all, so nothing lands on the origin by chance.
public struct TokenAppShell: Sendable {
    struct File: Sendable {
        let bytes: [UInt8]
        let contentType: String
    }

    /// Path (with its leading `/`) → file.
    let files: [String: File]

    static let contentTypes: [String: String] = [
        "html": "text/html; charset=utf-8",
        "js": "text/javascript; charset=utf-8",
        "css": "text/css; charset=utf-8",
        "json": "application/json; charset=utf-8",
        "webmanifest": "application/manifest+json",
        "svg": "image/svg+xml",
        "png": "image/png",
    ]

    public enum ShellError: Error { case resourcesMissing }

    public static func load() throws -> TokenAppShell {
        guard let folder = Bundle.module.url(forResource: "Shell", withExtension: nil) else { throw ShellError.resourcesMissing }
        return try load(from: folder)
    }

    static func load(from folder: URL) throws -> TokenAppShell {
        var files: [String: File] = [:]
        let root = folder.resolvingSymlinksInPath().standardizedFileURL.path
        let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true,
                  let contentType = contentTypes[url.pathExtension.lowercased()] else { continue }
            let full = url.resolvingSymlinksInPath().standardizedFileURL.path
            guard full.hasPrefix(root + "/") else { continue }
            let path = String(full.dropFirst(root.count))
            files[path] = File(bytes: Array(try Data(contentsOf: url)), contentType: contentType)
        }
        guard files["/index.html"] != nil else { throw ShellError.resourcesMissing }
        return TokenAppShell(files: files)
    }

    /// The file served at a request path: `/` is the app's one page.
    func file(at path: String) -> File? {
        files[path == "/" ? "/index.html" : path]
    }
}
