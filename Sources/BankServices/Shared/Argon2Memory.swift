import CArgon2
import Foundation
import Synchronization

/// Argon2id's working memory (19 MiB a hash with the production parameters), mapped for each
/// hash and unmapped after it.
///
/// Left to malloc, the first freed block raised glibc's mmap threshold to its size, so every
/// later block came from the hashing thread's arena and stayed there when freed (an arena's
/// free top is kept below a trim threshold raised alike; `malloc_trim` does not return it
/// either): the server kept ~19 MiB per thread that had ever hashed — +45 MiB of RSS after the
/// benchmark's logins. A mapping of its own is given back the moment the hash ends. Mapped
/// with 4 KiB pages it cost ~50 % more per hash (a page fault every 4 KiB); aligned to 2 MiB
/// and advised as huge pages it costs what malloc's reuse did (22.5 ms against 22.2 ms a
/// hash, m = 19 MiB, t = 2). Where the kernel gives no transparent huge pages, the library's
/// own allocation is used, as before.
enum Argon2Memory {
    /// The callbacks to put in an `argon2_context`: nil where huge pages are not available.
    static var allocate: allocate_fptr? { hugePagesAvailable ? mapHash : nil }
    static var deallocate: deallocate_fptr? { hugePagesAvailable ? unmapHash : nil }

    /// Blocks mapped and unmapped since the process began, for the tests.
    static var blocksMapped: Int { mappings.load(ordering: .relaxed) }
    static var blocksUnmapped: Int { unmappings.load(ordering: .relaxed) }

    static let hugePageSize = 2 << 20
    static let mappings = Atomic<Int>(0)
    static let unmappings = Atomic<Int>(0)

    /// `always` or `madvise` selected in the kernel's setting (`[madvise]`); `never`, or no such
    /// file, means none.
    static let hugePagesAvailable: Bool = {
        guard let setting = try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8)
        else { return false }
        return setting.contains("[always]") || setting.contains("[madvise]")
    }()
}

/// Maps `bytes` on a 2 MiB boundary (one huge page more, the slack unmapped), so that the
/// whole block can be backed by huge pages and `unmapHash` can unmap exactly it.
private let mapHash: allocate_fptr = { memory, bytes in
    guard let memory else { return ARGON2_MEMORY_ALLOCATION_ERROR.rawValue }
    let pageSize = Argon2Memory.hugePageSize
    let length = (bytes + pageSize - 1) / pageSize * pageSize
    guard let raw = mmap(nil, length + pageSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
          raw != MAP_FAILED else { return ARGON2_MEMORY_ALLOCATION_ERROR.rawValue }
    let start = Int(bitPattern: raw)
    let aligned = (start + pageSize - 1) / pageSize * pageSize
    if aligned > start { munmap(raw, aligned - start) }
    let tail = aligned + length
    let end = start + length + pageSize
    if end > tail { munmap(UnsafeMutableRawPointer(bitPattern: tail), end - tail) }
    let block = UnsafeMutableRawPointer(bitPattern: aligned)!
    _ = madvise(block, length, MADV_HUGEPAGE)
    Argon2Memory.mappings.add(1, ordering: .relaxed)
    memory.pointee = block.assumingMemoryBound(to: UInt8.self)
    return ARGON2_OK.rawValue
}

private let unmapHash: deallocate_fptr = { memory, bytes in
    guard let memory else { return }
    let pageSize = Argon2Memory.hugePageSize
    let length = (bytes + pageSize - 1) / pageSize * pageSize
    munmap(memory, length)
    Argon2Memory.unmappings.add(1, ordering: .relaxed)
}
