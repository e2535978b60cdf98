// Small C helpers for what Swift cannot import from Glibc directly: variadic calls (prctl, fcntl)
// and function-like macros (the wait-status decoders).
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

/// Sets or clears FD_CLOEXEC (fcntl is variadic, so Swift cannot call it with an argument).
int csystem_set_cloexec(int fd, int on);

/// True (1) when `fd` is a listening socket (getsockopt SO_ACCEPTCONN).
int csystem_is_listening_socket(int fd);

#endif
