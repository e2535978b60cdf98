"""The production install: `nginx/stack package` builds hubspot-fcgi_VERSION_amd64.deb, and the
package lives its whole life on this machine — its control data and files, lintian, `dpkg -i`,
`nginx -t` with its snippet in a server block, the responders started as its units say, a lookup
and a delivery through nginx against the HubSpot emulator, an upgrade that keeps settings,
passwords, messages and the cache, then remove and purge, after which nothing is left behind.

The tests of this module run in order, on one installation (dpkg is one per machine)."""
import grp
import os
import pwd
import re
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest
import requests

from harness import openphone, paths
from harness.ports import free_port
from harness.processes import wait_until
from harness.units import UnitResponder
from test_responder_list import listed_responders

pytestmark = pytest.mark.skipif(os.geteuid() != 0 or shutil.which("dpkg") is None,
                                reason="installing a package needs root on a Debian system")

PACKAGE = "hubspot-fcgi"
LIB = Path("/usr/lib/hubspot-fcgi")
ETC = Path("/etc/hubspot-fcgi")
STATE = Path("/var/lib/hubspot-fcgi")
TOOLS_ON_PATH = ["contacts-sync", "hubspot-check", "messages-dead-letters"]
UNITS = ["hubspot-fcgi@.service", "hubspot-fcgi@.socket", "hubspot-fcgi-sync.service", "hubspot-fcgi-sync.timer",
         "hubspot-fcgi-outbox.service"]
SECRET = openphone.new_secret()
# systemd as PID 1 (a VM or a full host), not a container's process manager.
SYSTEMD = Path("/run/systemd/system").is_dir()
DEMO = paths.REPO / "nginx" / "demo"


def run(*command, check=True, **kwargs):
    result = subprocess.run([str(part) for part in command], capture_output=True, text=True, **kwargs)
    if check:
        assert result.returncode == 0, f"{' '.join(map(str, command))} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result


def installed() -> bool:
    result = run("dpkg-query", "-W", "-f=${Status}", PACKAGE, check=False)
    return result.returncode == 0 and result.stdout.startswith("install ok installed")


def known_to_dpkg() -> bool:
    return run("dpkg-query", "-W", PACKAGE, check=False).returncode == 0


def control_field(deb: Path, field: str) -> str:
    return run("dpkg-deb", "-f", deb, field).stdout.strip()


def package_names(relation: str) -> set[str]:
    """The package names of a Depends-like field: 'a (>= 1), b | c' → {a, b, c}."""
    return {re.split(r"[\s(:]", alternative.strip())[0]
            for clause in relation.split(",") for alternative in clause.split("|") if alternative.strip()}


def loaded_libraries(binary: Path) -> dict[str, str]:
    """What ldd resolves: soname → path ("libx.so.1 => /path (…)", or "/path/ld-linux….so.2 (…)")."""
    resolved = {}
    for line in run("ldd", binary).stdout.splitlines():
        found = re.match(r"^\s*(\S+) => (/\S+)", line) or re.match(r"^\s*((/\S+))\s+\(", line)
        if found:
            resolved[os.path.basename(found.group(1))] = found.group(2)
    return resolved


def owning_package(path: str) -> str:
    """The package dpkg says installed a library, whichever spelling it knows: the link ldd names or
    its target, under /lib or /usr/lib (a merged /usr has both)."""
    for candidate in [path, os.path.realpath(path)]:
        for spelling in [candidate, re.sub(r"^/usr/lib/", "/lib/", candidate), re.sub(r"^/lib/", "/usr/lib/", candidate)]:
            owner = run("dpkg", "-S", spelling, check=False)
            if owner.returncode == 0:
                return owner.stdout.split(":")[0]
    raise AssertionError(f"no package installed {path}")


# --- The package and this machine ------------------------------------------------------------------

@pytest.fixture(scope="module")
def debs(tmp_path_factory):
    """The package and a newer build of it (the same binaries), for the upgrade."""
    output = tmp_path_factory.mktemp("debs")
    environment = {**os.environ, "PACKAGE_SKIP_LINTIAN": "1"}
    first = Path(run(paths.STACK_SCRIPT, "package", output, env=environment, timeout=1200).stdout.strip().splitlines()[-1])
    version = control_field(first, "Version")
    newer = Path(run(paths.STACK_SCRIPT, "package", output, timeout=600,
                     env={**environment, "STACK_SKIP_BUILD": "1", "PACKAGE_VERSION": f"{version}+upgrade1"}
                     ).stdout.strip().splitlines()[-1])
    assert first.exists() and newer.exists() and first != newer
    return first, newer


# Where a package may put or leave something. Left out: dpkg's and apt's own records and logs,
# and the backups the account tools keep of the account files (/etc/passwd- …).
WATCHED = ["/etc", "/lib/systemd", "/usr/bin", "/usr/lib/hubspot-fcgi", "/usr/share/doc", "/usr/share/man/man1",
           "/usr/share/hubspot-fcgi", "/usr/share/lintian/overrides", "/var/lib", "/var/log", "/run", "/dev/shm"]
NOT_OURS = re.compile(r"^(/var/lib/(dpkg|apt|ucf|systemd/catalog)/|/var/log/(apt|journal)/|/var/log/dpkg\.log"
                      r"|/etc/(passwd|group|shadow|gshadow|subuid|subgid)-$|/etc/ld\.so\.cache$"
                      r"|/run/hubspot-fcgi-stack/|/run/(user|systemd|lock)/)")


def machine_paths() -> set[str]:
    found = set()
    for root in WATCHED:
        for directory, subdirectories, files in os.walk(root):
            for name in subdirectories + files:
                path = os.path.join(directory, name)
                if not NOT_OURS.match(path + ("/" if name in subdirectories else "")):
                    found.add(path)
    return found


def account_entries() -> dict:
    return {"user": _get(pwd.getpwnam, PACKAGE), "group": _get(grp.getgrnam, PACKAGE)}


def _get(lookup, name):
    try:
        return lookup(name)
    except KeyError:
        return None


class Installation:
    """What the module's tests share: the two packages, the machine before, and what runs."""

    def __init__(self, debs):
        self.deb, self.newer_deb = debs
        self.before = machine_paths()
        self.responders: list[UnitResponder] = []
        self.nginx_dir: Path | None = None
        self.base: str | None = None
        self.emulator = None

    def start_responders(self):
        """Through systemd where it is PID 1 (the sockets postinst started; a service restarted so it
        reads the settings again), otherwise as the units say (harness/units.py)."""
        if SYSTEMD:
            run("systemctl", "restart", *[f"hubspot-fcgi@{name}.socket" for name in listed_responders()])
            return
        self.responders = [UnitResponder(name, self.nginx_dir / "logs" / f"{name}.log").start()
                           for name in listed_responders()]

    def stop_responders(self):
        """Each responder's exit status (0: a clean stop)."""
        if SYSTEMD:
            services = [f"hubspot-fcgi@{name}.service" for name in listed_responders()]
            run("systemctl", "stop", *services, check=False)
            return {name: 0 if run("systemctl", "is-failed", "--quiet", f"hubspot-fcgi@{name}.service",
                                   check=False).returncode else 1 for name in listed_responders()}
        statuses = {responder.instance: responder.stop() for responder in self.responders}
        self.responders = []
        return statuses

    def stop_nginx(self):
        if self.nginx_dir and (self.nginx_dir / "nginx.pid").exists():
            run("nginx", "-p", self.nginx_dir, "-c", self.nginx_dir / "nginx.conf", "-s", "stop", check=False)
            wait_until(lambda: not (self.nginx_dir / "nginx.pid").exists(), 10, message="nginx to stop")

    def operator(self) -> tuple[str, str]:
        stored = dict(re.findall(r"^STORED_(\w+)=(\S+)$", (ETC / "credentials").read_text(), re.M))
        return stored["OPERATOR_USER"], stored["OPERATOR_PASSWORD"]


@pytest.fixture(scope="module")
def machine(debs):
    """This machine without the package (a leftover from an interrupted run is purged first); at
    the end everything started is stopped and the package purged, whatever happened."""
    if known_to_dpkg():
        run("dpkg", "--purge", PACKAGE)
    installation = Installation(debs)
    yield installation
    installation.stop_responders()
    installation.stop_nginx()
    if installation.emulator:
        installation.emulator.terminate()
        installation.emulator.wait(timeout=10)
    if known_to_dpkg():
        run("dpkg", "--purge", PACKAGE, check=False)


# --- The package file -------------------------------------------------------------------------------

def test_the_control_data_declares_the_libraries_the_binaries_load(debs, tmp_path):
    deb, _ = debs
    assert deb.name == f"{PACKAGE}_{control_field(deb, 'Version')}_amd64.deb"
    assert control_field(deb, "Package") == PACKAGE and control_field(deb, "Architecture") == "amd64"
    depends = package_names(control_field(deb, "Depends"))
    assert {"libfcgi0ldbl", "libcurl4", "libsqlite3-0", "libssl3", "adduser"} <= depends, depends
    assert any(name.startswith("libphonenumber") for name in depends), depends
    assert "nginx" in package_names(control_field(deb, "Recommends"))
    # Every library a shipped binary asks for (NEEDED) is a Debian library from a declared package;
    # the Swift runtime is linked in, so no toolchain is needed on the server.
    run("dpkg-deb", "-x", deb, tmp_path)
    binaries = sorted(path for path in (tmp_path / "usr/lib/hubspot-fcgi").iterdir() if path.name != "setup-credentials")
    assert len(binaries) >= len(listed_responders()) + 4
    everything_loaded = set()
    for binary in binaries:
        needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", run("readelf", "-d", binary).stdout)
        assert needed and not [name for name in needed if "swift" in name.lower()], (binary.name, needed)
        resolved = loaded_libraries(binary)
        everything_loaded.update(resolved.values())
        for library in needed:
            assert library in resolved, f"{binary.name}: {library} is not on this system"
            package = owning_package(resolved[library])
            provided = package_names(run("dpkg-query", "-W", "-f=${Provides}", package).stdout)
            assert {package, *provided} & depends, f"{binary.name} loads {library} from {package}, not in Depends: {depends}"
    # Whatever ldd loads, the libraries' own dependencies included, comes from a Debian package.
    for path in sorted(everything_loaded):
        owning_package(path)


def test_the_file_list_follows_the_debian_layout(debs):
    deb, _ = debs
    listing = {}
    for line in run("dpkg-deb", "-c", deb).stdout.splitlines():
        mode, owner, _size, _date, _time, name = line.split(None, 5)
        listing[name.removeprefix(".").split(" -> ")[0].rstrip("/") or "/"] = (mode, owner)
    for responder in listed_responders():
        assert listing[f"/usr/lib/hubspot-fcgi/{responder}"][0] == "-rwxr-xr-x", responder
    for tool in TOOLS_ON_PATH:
        assert listing[f"/usr/bin/{tool}"][0] == "-rwxr-xr-x"
        assert f"/usr/lib/hubspot-fcgi/{tool}" in listing and f"/usr/share/man/man1/{tool}.1.gz" in listing
    assert "/usr/lib/hubspot-fcgi/messages-outbox" in listing
    for unit in UNITS:
        assert listing[f"/lib/systemd/system/{unit}"][0] == "-rw-r--r--", unit
    for snippet in ["http", "locations", "fastcgi", "common", "error"]:
        assert f"/etc/nginx/hubspot-fcgi/hubspot-fcgi-{snippet}.conf" in listing
    assert listing["/etc/hubspot-fcgi/env"] == ("-rw-r-----", "root/root")
    assert "/usr/share/hubspot-fcgi/www/index.html" in listing and "/usr/share/doc/hubspot-fcgi/copyright" in listing
    assert {owner for _mode, owner in listing.values()} == {"root/root"}
    # State is made by the maintainer scripts, never shipped; nothing goes to /usr/local.
    assert not [name for name in listing if name.startswith(("/var/", "/run/", "/usr/local/"))]
    conffiles = run("sh", "-c", f"dpkg-deb --ctrl-tarfile '{deb}' | tar -xO ./conffiles").stdout.split()
    assert "/etc/hubspot-fcgi/env" in conffiles and "/etc/nginx/hubspot-fcgi/hubspot-fcgi-locations.conf" in conffiles
    assert all(name.startswith("/etc/") and name in listing for name in conffiles), conffiles


def test_lintian_finds_no_error_or_warning(debs):
    result = run("lintian", "--fail-on", "error,warning", debs[0], check=False, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not re.search(r"^[EW]: ", result.stdout, re.M), result.stdout


# --- Install ----------------------------------------------------------------------------------------

def test_install_creates_the_account_directories_credentials_and_enables_the_units(machine):
    result = run("dpkg", "-i", machine.deb)
    run("apt-get", "-f", "install", "-y", "-q", env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    assert installed()
    assert "/etc/hubspot-fcgi/credentials" in result.stdout, "the install says where the passwords are"
    user, group = pwd.getpwnam(PACKAGE), grp.getgrnam(PACKAGE)
    assert user.pw_gid == group.gr_gid and user.pw_shell == "/usr/sbin/nologin"
    assert "www-data" in group.gr_mem, "nginx's user may reach the sockets"
    for directory in [STATE, Path("/var/log/hubspot-fcgi")]:
        info = directory.stat()
        assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (user.pw_uid, group.gr_gid, 0o750), directory
    credentials = (ETC / "credentials").stat()
    assert (credentials.st_uid, stat.S_IMODE(credentials.st_mode)) == (0, 0o600)
    stored = dict(re.findall(r"^STORED_(\w+)=(\S+)$", (ETC / "credentials").read_text(), re.M))
    for realm in ["operator", "admin"]:
        # Read by nginx's master (root) at start and reload; nginx's workers never read it.
        check = ETC / f"{realm}.credential.conf"
        info = check.stat()
        assert (info.st_uid, stat.S_IMODE(info.st_mode)) == (0, 0o600)
        text = check.read_text()
        assert stored[f"{realm.upper()}_PASSWORD"] not in text, "the password itself is never written there"
        assert re.search(r'^secure_link "[A-Za-z0-9_-]{22}";$', text, re.M), text
        assert re.search(r'^secure_link_md5 "[0-9a-f]{32}\$http_authorization";$', text, re.M), text
    env = (ETC / "env").stat()
    assert (env.st_uid, env.st_gid, stat.S_IMODE(env.st_mode)) == (0, 0, 0o640)
    # Enabled as systemd would start them: each responder's socket and the sync timer, not the
    # outbox (it is for HUBSPOT_LOG_MESSAGES=1).
    wants = Path("/etc/systemd/system")
    for responder in listed_responders():
        link = wants / "sockets.target.wants" / f"hubspot-fcgi@{responder}.socket"
        assert link.is_symlink() and os.readlink(link) == "/lib/systemd/system/hubspot-fcgi@.socket", link
    assert (wants / "timers.target.wants" / "hubspot-fcgi-sync.timer").is_symlink()
    assert not (wants / "multi-user.target.wants" / "hubspot-fcgi-outbox.service").exists()


def test_the_tools_on_path_run_as_the_service_account_with_its_settings(machine):
    result = run("hubspot-check", "--help")
    assert "usage: hubspot-check" in result.stdout
    nobody = run("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--", "/usr/bin/contacts-sync",
                 "--once", check=False)
    assert nobody.returncode == 77 and "run as root" in nobody.stderr


def test_nginx_accepts_the_snippet_in_a_server_block(machine):
    machine.nginx_dir = Path(tempfile.mkdtemp(prefix="hubspot-fcgi-deb-nginx-"))
    machine.nginx_dir.chmod(0o755)
    (machine.nginx_dir / "logs").mkdir()
    port = free_port()
    (machine.nginx_dir / "nginx.conf").write_text(f"""
user www-data;
worker_processes 1;
pid {machine.nginx_dir}/nginx.pid;
error_log {machine.nginx_dir}/logs/error.log;
events {{ worker_connections 128; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {machine.nginx_dir}/body;
    fastcgi_temp_path {machine.nginx_dir}/fastcgi;
    include /etc/nginx/conf.d/hubspot-fcgi.conf;
    server {{
        listen 127.0.0.1:{port};
        location / {{ return 200 "the host's own site\\n"; }}
        include /etc/nginx/hubspot-fcgi/hubspot-fcgi-locations.conf;
    }}
}}
""")
    result = run("nginx", "-t", "-p", machine.nginx_dir, "-c", machine.nginx_dir / "nginx.conf", check=False)
    assert result.returncode == 0 and "syntax is ok" in result.stderr, result.stderr
    machine.base = f"http://127.0.0.1:{port}"


# --- Running ----------------------------------------------------------------------------------------

def start_emulator(machine) -> str:
    log = machine.nginx_dir / "logs" / "hubspot-emulator.log"
    with open(log, "w") as stderr:
        machine.emulator = subprocess.Popen(
            [str(paths.binary("hubspot-emulator")), "--listen", "127.0.0.1:0", "--contacts", str(DEMO / "hubspot-contacts.json"),
             "--companies", str(DEMO / "hubspot-companies.json")], stdout=subprocess.DEVNULL, stderr=stderr)
    listening = wait_until(lambda: re.search(r"listening on (http://127\.0\.0\.1:\d+)", log.read_text()), 15,
                           message="the HubSpot emulator")
    return listening.group(1)


def set_settings(**settings):
    """Fills the installed settings file, as an admin would: the given variables set in place."""
    text = (ETC / "env").read_text()
    for name, value in settings.items():
        text, count = re.subn(rf"^#?{name}=.*$", f"{name}={value}", text, flags=re.M)
        if not count:
            text += f"{name}={value}\n"
    (ETC / "env").write_text(text)


def lookup(machine, number):
    response = requests.get(f"{machine.base}/api/contacts/lookup/{number}", auth=machine.operator(), timeout=15)
    assert response.status_code == 200, response.text
    return response.json()


def test_the_responders_started_as_the_units_say_answer_a_lookup_through_nginx(machine):
    hubspot = start_emulator(machine)
    set_settings(HUBSPOT_ACCESS_TOKEN="emulator-token", HUBSPOT_BASE_URL=hubspot, OPENPHONE_WEBHOOK_SECRET=SECRET)
    machine.start_responders()
    run("nginx", "-p", machine.nginx_dir, "-c", machine.nginx_dir / "nginx.conf")
    wait_until(lambda: all(Path(f"/run/hubspot-fcgi/{name}.sock").exists() for name in listed_responders()), 10,
               message="the sockets")
    socket = Path("/run/hubspot-fcgi/contacts-lookup.sock").stat()
    assert socket.st_gid == grp.getgrnam(PACKAGE).gr_gid and stat.S_IMODE(socket.st_mode) == 0o660

    def healthy():
        response = requests.get(machine.base + "/api/contacts/health", timeout=5)
        body = response.json() if response.headers.get("Content-Type") == "application/json" else {}
        return response.status_code == 200 and set(body.get("responders", {})) >= set(listed_responders()) - {"contacts-health"} and body
    health = wait_until(healthy, 30, message="every responder in health")
    assert all(entry["state"] == "ok" for entry in health["responders"].values()), health["responders"]
    assert requests.get(machine.base + "/api/contacts/lookup/+19025551234", timeout=5).status_code == 401
    answer = lookup(machine, "+19025551234")
    assert answer["found"] is True and answer["contact"]["firstName"] == "John", answer
    # Its state went where the settings say, owned by the service account.
    account = pwd.getpwnam(PACKAGE).pw_uid
    for path in [STATE / "contacts.cache", STATE / "messages.db"]:
        assert path.stat().st_uid == account and not path.stat().st_mode & 0o007, path


def test_a_signed_delivery_is_stored_and_listed(machine):
    event = openphone.message_event("+19025551234", text="Is bay 3 free at six?")
    body = openphone.encode(event)
    response = requests.post(machine.base + openphone.WEBHOOK_PATH, data=body, timeout=15,
                             headers=openphone.sign(SECRET, body))
    assert response.status_code == 200, response.text
    listed = requests.get(machine.base + "/api/messages/conversations", auth=machine.operator(), timeout=15).json()
    assert any(row["phone"] == "+19025551234" for row in listed["conversations"]), listed


def test_the_sync_run_by_root_leaves_its_files_to_the_service_account(machine):
    # An admin clears the cache by deleting the file (README, Operations) and runs the sync by
    # hand, as root, through the wrapper on PATH: the file the sync creates must be the service's,
    # or the responders could not open it.
    assert set(machine.stop_responders().values()) == {0}
    (STATE / "contacts.cache").unlink()
    result = run("contacts-sync", "--once", check=False, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    account = pwd.getpwnam(PACKAGE).pw_uid
    owners = {path.name: path.stat().st_uid for path in STATE.iterdir()}
    assert "contacts.cache" in owners, owners
    assert set(owners.values()) == {account}, f"files of the state directory not the service's: {owners}"
    machine.start_responders()
    assert wait_until(lambda: _lookup_or_none(machine, "+19025551234"), 20, message="a lookup")["found"] is True


# --- Upgrade, remove, purge -------------------------------------------------------------------------

def test_an_upgrade_keeps_settings_passwords_messages_and_the_cache(machine):
    credentials = (ETC / "credentials").read_text()
    settings = (ETC / "env").read_text()
    store = (STATE / "messages.db").stat().st_ino
    assert machine.stop_responders() == {name: 0 for name in listed_responders()}, "a clean stop"
    result = run("dpkg", "-i", machine.newer_deb)
    assert run("dpkg-query", "-W", "-f=${Version}", PACKAGE).stdout == control_field(machine.newer_deb, "Version")
    assert "/etc/hubspot-fcgi/credentials" not in result.stdout, "no first-install notice on an upgrade"
    assert (ETC / "credentials").read_text() == credentials and (ETC / "env").read_text() == settings
    assert (STATE / "messages.db").stat().st_ino == store
    machine.start_responders()
    answer = wait_until(lambda: _lookup_or_none(machine, "+19025551234"), 20, message="a lookup after the upgrade")
    assert answer["cache"] == "hit", "the cache file outlives the upgrade"
    listed = requests.get(machine.base + "/api/messages/conversations", auth=machine.operator(), timeout=15).json()
    assert any(row["phone"] == "+19025551234" for row in listed["conversations"]), listed


def _lookup_or_none(machine, number):
    try:
        response = requests.get(f"{machine.base}/api/contacts/lookup/{number}", auth=machine.operator(), timeout=5)
    except requests.RequestException:
        return None
    return response.json() if response.status_code == 200 else None


def test_remove_keeps_settings_and_state_and_purge_leaves_nothing(machine):
    machine.stop_responders()
    machine.stop_nginx()
    run("dpkg", "-r", PACKAGE)
    assert not LIB.exists() and not Path("/usr/bin/contacts-sync").exists()
    assert (ETC / "env").exists() and (ETC / "credentials").exists() and (STATE / "messages.db").exists()
    assert pwd.getpwnam(PACKAGE)
    run("dpkg", "--purge", PACKAGE)
    assert not known_to_dpkg()
    assert account_entries() == {"user": None, "group": None}
    assert PACKAGE not in run("id", "-nG", "www-data").stdout.split()
    left = sorted(machine_paths() - machine.before)
    assert not left, f"left behind: {left}"
