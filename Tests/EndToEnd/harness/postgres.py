"""A PostgreSQL server of the test's own (Debian's postgresql, which `nginx/stack test` installs):
a new cluster in a temporary directory on a spare loopback port, a password for its user, no
durability; a test can stop it and bring it back on the same port and data, as an outage would.
PostgreSQL refuses to run as root, so under root it runs as the package's `postgres` account."""
import glob
import os
import shutil
import subprocess
import tempfile
import time

from .ports import free_port


def _binaries() -> str:
    for directory in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if os.access(os.path.join(directory, "postgres"), os.X_OK):
            return directory
    raise RuntimeError("PostgreSQL is missing: install postgresql (nginx/stack test does)")


class PostgresServer:
    def __init__(self, password: str = "pg-e2e-password-51c9"):
        self.password = password
        self.port = free_port()
        self.directory = tempfile.mkdtemp(prefix="hubspot-fcgi-postgres-")
        self.data = os.path.join(self.directory, "data")
        self.bin = _binaries()
        self.process: subprocess.Popen | None = None
        self._as_server = ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"] if os.getuid() == 0 else []
        if os.getuid() == 0:
            shutil.chown(self.directory, "postgres")
        password_file = os.path.join(self.directory, "password")
        with open(password_file, "w") as file:
            file.write(password + "\n")
        if os.getuid() == 0:
            shutil.chown(password_file, "postgres")
        subprocess.run(self._as_server + [os.path.join(self.bin, "initdb"), "-D", self.data, "-U", "postgres",
                                          "--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile", password_file,
                                          "-E", "UTF8", "--locale=C", "--no-sync"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)

    def url(self, database: str = "inbox") -> str:
        return f"postgresql://postgres:{self.password}@127.0.0.1:{self.port}/{database}"

    def start(self) -> "PostgresServer":
        log = open(os.path.join(self.directory, "postgres.log"), "ab")
        self.process = subprocess.Popen(
            self._as_server + [os.path.join(self.bin, "postgres"), "-D", self.data, "-k", self.directory,
                               "-p", str(self.port), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
                               "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=400"],
            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while not self._accepts():
            if time.monotonic() > deadline:
                raise RuntimeError("postgres did not start: " + open(os.path.join(self.directory, "postgres.log")).read())
            time.sleep(0.05)
        return self

    def _accepts(self) -> bool:
        return subprocess.run(["psql", "-h", self.directory, "-p", str(self.port), "-U", "postgres", "-d", "postgres",
                               "-q", "-c", "SELECT 1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0

    def create_database(self, name: str = "inbox"):
        subprocess.run(["psql", "-h", self.directory, "-p", str(self.port), "-U", "postgres", "-d", "postgres", "-q",
                        "-v", "ON_ERROR_STOP=1", "-c", f"CREATE DATABASE {name}"], check=True, stdout=subprocess.DEVNULL)

    def query(self, sql: str, database: str = "inbox") -> str:
        return subprocess.run(["psql", "-h", self.directory, "-p", str(self.port), "-U", "postgres", "-d", database,
                               "-tAq", "-c", sql], check=True, capture_output=True, text=True).stdout.strip()

    def stop(self):
        """A fast shutdown: every session is cut, the data stays."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(2)  # SIGINT
            self.process.wait(30)

    def remove(self):
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)
