import Base
import Glibc
import Messages

/// Progress on a terminal (one line rewritten in place), structured log lines otherwise.
struct SyncProgressPrinter {
    let interactive: Bool

    func show(_ progress: NameSync.Progress) {
        if interactive {
            // One write, no stdio buffer: the line is rewritten in place.
            let text = Array("\r\(Self.line(progress))".utf8)
            _ = text.withUnsafeBufferPointer { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
        } else {
            Log.write(.info, "sync_progress", fields: fields(progress))
        }
    }

    func finish(_ progress: NameSync.Progress) {
        if interactive {
            print("\r\(Self.line(progress))")
            if let stop = progress.stopped { print("stopped: \(stop)") }
        }
        var summary = fields(progress)
        summary.append(("stopped_because", progress.stopped?.description ?? "-"))
        Log.write(progress.stopped == nil ? .info : .warning, "sync_pass_done", fields: summary)
    }

    static func line(_ p: NameSync.Progress) -> String {
        "\(p.done)/\(p.total) looked up · \(p.named) named · \(p.notFound) not found · \(p.pending) pending · "
            + "\(p.batches) batches · \(String(format1(p.lookupsPerSecond))) numbers/s"
    }

    private func fields(_ p: NameSync.Progress) -> [(key: String, value: String)] {
        [("done", String(p.done)), ("total", String(p.total)), ("named", String(p.named)),
         ("not_found", String(p.notFound)), ("pending", String(p.pending)), ("batches", String(p.batches)),
         ("numbers_per_second", format1(p.lookupsPerSecond))]
    }
}

/// One decimal, without Foundation.
func format1(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded())
    return "\(tenths / 10).\(abs(tenths % 10))"
}
