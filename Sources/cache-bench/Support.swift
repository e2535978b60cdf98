import Glibc
import SharedCache

func mebibytes(_ bytes: Int) -> String { String(Double(bytes / 10_486) / 100) + " MiB" }

func twoDecimals(_ value: Double) -> String { String(Double(Int((value * 100).rounded())) / 100) }

/// A fresh cache file at `path` (removed first, with its lock), or exit.
func openFresh(_ path: String, layout: CacheLayout) -> SharedCache {
    removeFile(path)
    do { return try SharedCache(path: path, options: .init(layout: layout)) } catch {
        print("cannot open \(path): \(error)")
        exit(1)
    }
}

func removeFile(_ path: String) {
    unlink(path)
    unlink(path + ".lock")
}

/// Apparent and allocated bytes of the file at `path`.
func fileSizes(_ path: String) -> (apparent: Int, allocated: Int) {
    var status = stat()
    stat(path, &status)
    return (Int(status.st_size), Int(status.st_blocks) * 512)
}
