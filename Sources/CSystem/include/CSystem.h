// Small C helpers for what Swift cannot import from Glibc directly: variadic calls (prctl, fcntl,
// ioctl), function-like macros (the wait-status decoders), signal handlers and GNU calls (ppoll,
// accept4).
#ifndef CSYSTEM_H
#define CSYSTEM_H

#include <sys/types.h>

/// Asks the kernel to send `signal` to this process when its parent dies (prctl PR_SET_PDEATHSIG).
int csystem_set_parent_death_signal(int signal);

/// Sets the calling thread's name, which for the main thread is the process name `ps`, `top` and
/// `pgrep` show (prctl PR_SET_NAME; at most 15 bytes are kept).
int csystem_set_process_name(const char *name);

/// Decodes a waitpid() status: returns the exit code, or -1 when the child did not exit normally.
int csystem_exit_status(int status);

/// Decodes a waitpid() status: returns the terminating signal, or 0 when not killed by a signal.
int csystem_term_signal(int status);

/// True (1) when `fd` is a listening socket (getsockopt SO_ACCEPTCONN).
int csystem_is_listening_socket(int fd);

/// Installs a handler that does nothing for `signal`, without SA_RESTART: delivering the signal to
/// a thread blocked in a system call makes that call fail with EINTR (a thread wake-up).
int csystem_install_wakeup_handler(int signal);

/// Waits until `fd` is readable (data, end of file or error) with `wake_signal` unblocked for the
/// wait only (ppoll, so a wake-up sent before the wait is not lost), at most `timeout_ms` (-1: no
/// limit). Returns 1 when readable, 0 when woken by a signal or timed out, -1 on error (errno set).
int csystem_wait_readable(int fd, int wake_signal, int timeout_ms);

/// accept4(SOCK_CLOEXEC) with `wake_signal` unblocked only while blocked in accept, so a wake-up
/// can interrupt the wait but never a later read. Returns the new fd or -errno.
int csystem_accept(int listen_fd, int wake_signal);

/// The number of bytes queued for reading on a socket (ioctl FIONREAD), or -1.
int csystem_unread_bytes(int fd);

#endif
