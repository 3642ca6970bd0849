import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// File operations for files only their owner may see, in POSIX terms because Foundation
/// cannot create a file with a mode atomically nor check the mode of what it opened.
enum PrivateFiles {
    /// Creates `path` (and missing parents) with mode 0700, or checks an existing one.
    ///
    /// An existing directory is not re-moded (it may be one the user chose for other
    /// things); it is refused only when group or others can write to it, since they could
    /// then swap the files.
    static func prepareDirectory(_ path: String) throws(TokenFileError) {
        var info = stat()
        if lstat(path, &info) != 0 {
            let parent = (path as NSString).deletingLastPathComponent
            if !parent.isEmpty, parent != path {
                try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            }
            guard mkdir(path, 0o700) == 0 || errno == EEXIST else { throw .writeFailed(path: path, errno: errno) }
            // The umask can only remove bits, but be exact about what was promised.
            _ = chmod(path, 0o700)
            guard lstat(path, &info) == 0 else { throw .writeFailed(path: path, errno: errno) }
        }
        guard (info.st_mode & S_IFMT) == S_IFDIR, info.st_uid == getuid() else { throw .untrustedFile(path: path) }
        guard info.st_mode & 0o022 == 0 else { throw .insecureDirectory(path: path) }
    }

    /// Writes `data` to a new temporary file (0600) beside `path`, flushes it and renames it
    /// over `path`: a reader sees the old file or the new one, never half of one.
    static func writeAtomically(_ data: Data, to path: String) throws(TokenFileError) {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = directory + "/." + (path as NSString).lastPathComponent + ".tmp-" + UUID().uuidString
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .writeFailed(path: path, errno: errno) }
        var failure: Int32 = 0
        if fchmod(fd, 0o600) != 0 { failure = errno }
        data.withUnsafeBytes { buffer in
            var offset = 0
            while failure == 0, offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 { if errno != EINTR { failure = errno } } else { offset += written }
            }
        }
        if failure == 0, fsync(fd) != 0 { failure = errno }
        if close(fd) != 0, failure == 0 { failure = errno }
        if failure == 0, rename(temporary, path) != 0 { failure = errno }
        guard failure == 0 else {
            unlink(temporary)
            throw .writeFailed(path: path, errno: failure)
        }
        // The rename itself must survive a power cut too.
        let dirFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirFD >= 0 { fsync(dirFD); close(dirFD) }
    }

    /// Reads a file that must be a regular file of ours that group and others cannot access.
    /// The checks are made on the opened descriptor, so the file cannot be swapped between
    /// check and read. Returns nil when the file does not exist.
    static func readPrivate(_ path: String) throws(TokenFileError) -> Data? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            if errno == ELOOP { throw .untrustedFile(path: path) }
            throw .readFailed(path: path, errno: errno)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .readFailed(path: path, errno: errno) }
        guard (info.st_mode & S_IFMT) == S_IFREG, info.st_uid == getuid() else { throw .untrustedFile(path: path) }
        guard info.st_mode & 0o077 == 0 else { throw .insecurePermissions(path: path, mode: UInt32(info.st_mode)) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count < 0 { if errno == EINTR { continue }; throw .readFailed(path: path, errno: errno) }
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<count])
            // A token record is a few hundred bytes; anything huge is not ours.
            guard data.count <= 64 * 1024 else { throw .malformed(path: path) }
        }
        return data
    }

    /// True when something exists at `path` (without following a symlink).
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Deletes `path`; a file that is already gone is not an error.
    static func remove(_ path: String) throws(TokenFileError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw .writeFailed(path: path, errno: errno) }
    }
}
