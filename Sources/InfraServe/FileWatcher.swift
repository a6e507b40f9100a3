import Foundation

/// Calls back when a file may have changed: inotify on its folder where Linux has
/// it (so a save that writes a new file and renames it over the old one, or a
/// delete and a new write, are seen), and a check of the file's size, time and
/// inode every quarter second in any case, the fallback where inotify is missing
/// or its events are lost (network file systems).
final class FileWatcher {
    private let path: String
    private let changed: () -> Void

    init(path: String, changed: @escaping () -> Void) {
        self.path = path
        self.changed = changed
    }

    func run() -> Never {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var notify: Int32 = -1
        #if os(Linux)
        notify = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        if notify >= 0 {
            let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_MODIFY | IN_MOVED_FROM | IN_ATTRIB)
            if inotify_add_watch(notify, folder, mask) < 0 {
                close(notify)
                notify = -1
            }
        }
        #endif
        var last = signature()
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while true {
            if notify >= 0 {
                var descriptor = pollfd(fd: notify, events: Int16(POLLIN), revents: 0)
                if poll(&descriptor, 1, 250) > 0 {
                    // Drain the events, let the writer finish, then look.
                    while buffer.withUnsafeMutableBytes({ read(notify, $0.baseAddress, $0.count) }) > 0 {}
                    usleep(30_000)
                    last = signature()
                    changed()
                    continue
                }
            } else {
                usleep(250_000)
            }
            let now = signature()
            if now != last {
                last = now
                changed()
            }
        }
    }

    /// Size, modification time and inode; nil when the file is not there.
    private func signature() -> [Int]? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return [Int(status.st_size), Int(status.st_mtim.tv_sec), Int(status.st_mtim.tv_nsec), Int(status.st_ino)]
    }
}
