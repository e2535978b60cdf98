/*
 * fcgi-hello — bench-only C libfcgi responder: the "best C can do" baseline.
 *
 * Usage:  fcgi-hello <socket-path> <processes>
 *         fcgi-hello --print-body        (prints the response body and exits)
 *
 * Every request gets `Status: 200`, `Content-Type: application/json` and
 * HELLO_BODY, the same ~200-byte JSON that nginx returns at /ceiling (the bench
 * script reads it with --print-body, so there is one source of truth).
 *
 * Layout: prefork. The parent creates the unix socket itself (socket/bind/
 * listen + chmod 0660) rather than with FCGX_OpenSocket, which would silently
 * unlink a live instance's socket, use the umask, and exit() on failure (see
 * shared/reference/fastcgi-nginx.md). It forks N children, each looping on
 * FCGX_Accept_r on the shared listening fd (no accept mutex needed on Linux).
 * libfcgi honours FCGI_KEEP_CONN, so with `fastcgi_keep_conn on` a child
 * serves one pooled nginx connection until nginx closes it.
 *
 * The parent waits; on SIGTERM/SIGINT it kills the children, unlinks the
 * socket and exits 0. Children also get SIGTERM if the parent dies
 * (PR_SET_PDEATHSIG), so a kill -9 of the parent leaves nothing behind.
 * No respawn: this is a benchmark target, a dead child is reported instead.
 *
 * Build:  cc -O2 -o fcgi-hello fcgi-hello.c -lfcgi      (Debian: libfcgi-dev)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcgiapp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_PROCESSES 256

/* ~200 bytes, no single quotes (it is embedded in nginx's `return 200 '...'`),
 * and shaped like a health answer so it passes the health target's check when
 * fcgi-hello stands in for the Swift responder during script tests. */
static const char HELLO_BODY[] =
    "{\"status\":\"ok\",\"service\":\"fcgi-hello\",\"version\":\"0.0.0-bench\","
    "\"uptimeSeconds\":1234,\"pid\":0,\"workers\":32,\"cache\":{\"entries\":0,"
    "\"hits\":0,\"misses\":0},\"hubspot\":{\"connected\":true},"
    "\"note\":\"bench-body-200-bytes\"}";

static const char HEADERS[] =
    "Status: 200\r\nContent-Type: application/json\r\nContent-Length: ";

static volatile sig_atomic_t stop_requested = 0;

static void on_stop(int sig) {
    (void)sig;
    stop_requested = 1;
}

static void die(const char *what) {
    fprintf(stderr, "fcgi-hello: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* Refuse to take over a socket a live process is serving; remove a stale one. */
static void clear_stale_socket(const struct sockaddr_un *addr) {
    struct stat st;
    if (lstat(addr->sun_path, &st) != 0) return;
    if (!S_ISSOCK(st.st_mode)) {
        fprintf(stderr, "fcgi-hello: %s exists and is not a socket\n", addr->sun_path);
        exit(1);
    }
    int probe = socket(AF_UNIX, SOCK_STREAM, 0);
    if (probe < 0) die("socket");
    if (connect(probe, (const struct sockaddr *)addr, sizeof *addr) == 0) {
        fprintf(stderr, "fcgi-hello: %s is served by a live process, refusing\n", addr->sun_path);
        exit(1);
    }
    close(probe);
    if (unlink(addr->sun_path) != 0) die("unlink stale socket");
}

static int open_listener(const char *path) {
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof addr.sun_path) {
        fprintf(stderr, "fcgi-hello: socket path longer than %zu bytes: %s\n",
                sizeof addr.sun_path - 1, path);
        exit(1);
    }
    strcpy(addr.sun_path, path);
    clear_stale_socket(&addr);

    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0) die("socket");
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0) die("bind");
    /* Explicit mode: the umask must not decide who may connect. */
    if (chmod(path, 0660) != 0) die("chmod");
    if (listen(fd, 1024) != 0) die("listen");
    return fd;
}

static void serve(int listen_fd) {
    /* Die with the parent, and let SIGTERM kill us outright: FCGX_Init would
     * otherwise turn it into a "shutdown pending" flag only seen after the
     * next request. */
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (FCGX_Init() != 0) die("FCGX_Init");
    signal(SIGTERM, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    if (stop_requested) _exit(0); /* TERM arrived between fork and the reset */

    char head[sizeof HEADERS + 32];
    int head_len = snprintf(head, sizeof head, "%s%zu\r\n\r\n", HEADERS, sizeof HELLO_BODY - 1);

    FCGX_Request req;
    if (FCGX_InitRequest(&req, listen_fd, 0) != 0) die("FCGX_InitRequest");
    while (FCGX_Accept_r(&req) >= 0) {
        FCGX_PutStr(head, head_len, req.out);
        FCGX_PutStr(HELLO_BODY, (int)sizeof HELLO_BODY - 1, req.out);
        FCGX_Finish_r(&req);
    }
    _exit(0);
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "--print-body") == 0) {
        fputs(HELLO_BODY, stdout);
        return 0;
    }
    if (argc != 3) {
        fprintf(stderr, "usage: %s <socket-path> <processes>\n       %s --print-body\n", argv[0], argv[0]);
        return 2;
    }
    const char *path = argv[1];
    int n = atoi(argv[2]);
    if (n < 1 || n > MAX_PROCESSES) {
        fprintf(stderr, "fcgi-hello: processes must be 1..%d\n", MAX_PROCESSES);
        return 2;
    }

    /* Install the stop handler before forking so a TERM that arrives while we
     * fork is not lost; children reset it in serve(). */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);

    int listen_fd = open_listener(path);
    pid_t children[MAX_PROCESSES];
    int alive = 0;
    for (int i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid < 0) die("fork");
        if (pid == 0) serve(listen_fd);
        children[alive++] = pid;
    }
    fprintf(stderr, "fcgi-hello: serving %s with %d processes (parent %d)\n", path, n, (int)getpid());

    while (!stop_requested && alive > 0) {
        int status;
        pid_t pid = wait(&status); /* EINTR on SIGTERM: the loop re-checks the flag */
        if (pid < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (int i = 0; i < alive; i++) {
            if (children[i] == pid) {
                children[i] = children[--alive];
                break;
            }
        }
        if (!stop_requested)
            fprintf(stderr, "fcgi-hello: child %d died unexpectedly (status %d)\n", (int)pid, status);
    }

    for (int i = 0; i < alive; i++) kill(children[i], SIGTERM);
    while (wait(NULL) > 0 || errno == EINTR) {}
    close(listen_fd);
    unlink(path);
    return stop_requested ? 0 : 1;
}
