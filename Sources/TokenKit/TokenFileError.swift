/// Why the stored token could not be saved, found or opened. Paths are shown so the
/// customer (or the bank's help desk) can find the file; secrets never are.
public enum TokenFileError: BilingualError, Equatable, Sendable {
    /// No token has been set up in this directory.
    case notFound(directory: String)
    /// The record is there but its key file is not.
    case keyMissing(path: String)
    /// Group or others may read (or write) the file: the secret may have been exposed.
    case insecurePermissions(path: String, mode: UInt32)
    /// The directory can be written by group or others, who could swap the files.
    case insecureDirectory(path: String)
    /// Owned by another user, or not a regular file (a symlink, a directory).
    case untrustedFile(path: String)
    /// Not a token record (or key) of this app.
    case malformed(path: String)
    /// The record was altered, or the files were copied from another machine.
    case cannotDecrypt
    case readFailed(path: String, errno: Int32)
    case writeFailed(path: String, errno: Int32)

    public var message: String {
        switch self {
        case .notFound: "トークンが設定されていません。kyoei-token を実行して初期設定をしてください。"
        case .keyMissing(let path): "鍵ファイルがありません: \(path)。kyoei-token remove の後、トークンを再発行してください。"
        case .insecurePermissions(let path, let mode):
            "トークンファイルを他のユーザーが読み書きできる状態です（\(Self.octal(mode))）。安全のため使用しません: \(path)（chmod 600 で修正できます）"
        case .insecureDirectory(let path): "保存先ディレクトリを他のユーザーが書き込める状態です。安全のため使用しません: \(path)"
        case .untrustedFile(let path): "トークンファイルが本人所有の通常ファイルではありません。安全のため使用しません: \(path)"
        case .malformed(let path): "トークンファイルの形式が正しくありません: \(path)"
        case .cannotDecrypt:
            "トークンを復号できませんでした。ファイルが改ざんされたか、別の端末からコピーされた可能性があります。kyoei-token remove の後、トークンを再発行してください。"
        case .readFailed(let path, let errno): "トークンファイルを読めませんでした（errno \(errno)）: \(path)"
        case .writeFailed(let path, let errno): "トークンファイルを保存できませんでした（errno \(errno)）: \(path)"
        }
    }

    public var messageEN: String {
        switch self {
        case .notFound(let directory): "No token is set up in \(directory). Run kyoei-token to set one up."
        case .keyMissing(let path): "The key file is missing: \(path). Run kyoei-token remove and have the token issued again."
        case .insecurePermissions(let path, let mode):
            "The token file can be read or written by other users (\(Self.octal(mode))); refusing to use it: \(path) (chmod 600 fixes it)"
        case .insecureDirectory(let path): "Other users can write to the token directory; refusing to use it: \(path)"
        case .untrustedFile(let path): "The token file is not a regular file owned by you; refusing to use it: \(path)"
        case .malformed(let path): "The token file is not in the expected format: \(path)"
        case .cannotDecrypt:
            "The token could not be decrypted: the file was altered or copied from another machine. Run kyoei-token remove and have the token issued again."
        case .readFailed(let path, let errno): "Could not read the token file (errno \(errno)): \(path)"
        case .writeFailed(let path, let errno): "Could not save the token file (errno \(errno)): \(path)"
        }
    }

    static func octal(_ mode: UInt32) -> String { "0" + String(mode & 0o777, radix: 8) }
}
