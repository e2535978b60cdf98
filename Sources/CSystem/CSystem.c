#include "CSystem.h"

#include <fcntl.h>
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

int csystem_set_cloexec(int fd, int on) {
    int flags = fcntl(fd, F_GETFD);
    if (flags < 0) return -1;
    flags = on ? (flags | FD_CLOEXEC) : (flags & ~FD_CLOEXEC);
    return fcntl(fd, F_SETFD, flags);
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
