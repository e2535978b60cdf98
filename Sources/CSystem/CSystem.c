#define _GNU_SOURCE
#include "CSystem.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

int csystem_set_parent_death_signal(int signal) {
    return prctl(PR_SET_PDEATHSIG, signal, 0, 0, 0);
}

int csystem_exit_status(int status) {
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int csystem_term_signal(int status) {
    return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

int csystem_is_listening_socket(int fd) {
    int value = 0;
    socklen_t length = sizeof(value);
    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &value, &length) != 0) return 0;
    return value ? 1 : 0;
}

int csystem_set_process_name(const char *name) {
    return prctl(PR_SET_NAME, name, 0, 0, 0);
}

static void csystem_wakeup(int signal) { (void)signal; }

int csystem_install_wakeup_handler(int signal) {
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = csystem_wakeup;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0; /* no SA_RESTART: the interrupted call must return EINTR */
    return sigaction(signal, &action, NULL);
}

int csystem_wait_readable(int fd, int wake_signal, int timeout_ms) {
    /* The thread's mask, minus the wake-up signal, read once per thread: a thread waits here
       before every request on a kept connection, and nothing changes its mask afterwards. */
    static __thread sigset_t mask;
    static __thread int mask_signal = 0;
    if (mask_signal != wake_signal) {
        if (pthread_sigmask(SIG_SETMASK, NULL, &mask) != 0) return -1;
        sigdelset(&mask, wake_signal);
        mask_signal = wake_signal;
    }
    struct pollfd entry = { .fd = fd, .events = POLLIN | POLLRDHUP, .revents = 0 };
    struct timespec timeout = { .tv_sec = timeout_ms / 1000, .tv_nsec = (long)(timeout_ms % 1000) * 1000000L };
    int ready = ppoll(&entry, 1, timeout_ms < 0 ? NULL : &timeout, &mask);
    if (ready > 0) return 1;
    if (ready == 0 || errno == EINTR) return 0;
    return -1;
}

int csystem_accept(int listen_fd, int wake_signal) {
    sigset_t wake;
    sigemptyset(&wake);
    sigaddset(&wake, wake_signal);
    pthread_sigmask(SIG_UNBLOCK, &wake, NULL);
    int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
    int saved = errno;
    pthread_sigmask(SIG_BLOCK, &wake, NULL);
    return fd >= 0 ? fd : -saved;
}

int csystem_unread_bytes(int fd) {
    int count = 0;
    if (ioctl(fd, FIONREAD, &count) != 0) return -1;
    return count;
}
