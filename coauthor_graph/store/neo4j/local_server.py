"""A throwaway Neo4j Community server from Maven Central's artifacts, for the test suite and the benchmarks.

The jars are copied out of the local Maven repository (~/.m2, which Maven fills once and CI caches);
the server runs in the foreground on free 127.0.0.1 ports with its data in a temporary folder, and
is gone when the context ends. `scripts/test` starts one for the Neo4j half of the suite.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

POM = Path(__file__).with_name("local_server.pom.xml")
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "coauthor-graph"
START_TIMEOUT_SECONDS = 180.0


class Neo4jServerError(RuntimeError):
    pass


def server_jars() -> Path:
    """The folder of the server's jars, copied by Maven once per version of the pom."""
    stamp = hashlib.sha256(POM.read_bytes()).hexdigest()[:12]
    lib = CACHE / f"neo4j-{stamp}" / "lib"
    if (lib / ".complete").exists():
        return lib
    mvn = shutil.which("mvn")
    if mvn is None:
        raise Neo4jServerError("Maven (mvn) is not on PATH: it fetches Neo4j's server from Maven Central")
    shutil.rmtree(lib, ignore_errors=True)
    done = subprocess.run(
        [mvn, "-q", "-B", "-f", str(POM), "dependency:copy-dependencies", f"-DoutputDirectory={lib}"],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise Neo4jServerError(f"Maven could not fetch Neo4j's server:\n{done.stdout[-4000:]}{done.stderr[-4000:]}")
    (lib / ".complete").touch()
    return lib


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _configure(home: Path, bolt: int, http: int) -> Path:
    conf = home / "conf"
    conf.mkdir(parents=True)
    (conf / "neo4j.conf").write_text(
        "\n".join(
            [
                "server.default_listen_address=127.0.0.1",
                f"server.bolt.listen_address=127.0.0.1:{bolt}",
                f"server.http.listen_address=127.0.0.1:{http}",
                "server.https.enabled=false",
                "dbms.security.auth_enabled=false",
                f"server.directories.data={home / 'data'}",
                f"server.directories.logs={home / 'logs'}",
                f"server.directories.import={home / 'import'}",
                "server.memory.heap.initial_size=512m",
                "server.memory.heap.max_size=1g",
                "server.memory.pagecache.size=256m",
                "db.tx_log.rotation.retention_policy=1 files",
                "",
            ]
        )
    )
    return conf


def _wait_for_bolt(uri: str, process: subprocess.Popen[bytes], log: Path) -> None:
    from neo4j import GraphDatabase
    from neo4j.exceptions import DriverError, Neo4jError

    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise Neo4jServerError(f"Neo4j exited with {process.returncode}:\n{log.read_text()[-4000:]}")
        try:
            with GraphDatabase.driver(uri) as driver:
                driver.verify_connectivity()
                driver.execute_query("RETURN 1")
            return
        except (DriverError, Neo4jError, OSError):
            time.sleep(0.5)
    raise Neo4jServerError(
        f"Neo4j did not answer on {uri} within {START_TIMEOUT_SECONDS:.0f} s:\n{log.read_text()[-4000:]}"
    )


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        raise Neo4jServerError("Java is not on PATH: Neo4j's server needs Java 17")
    return java


def admin(home: Path, arguments: list[str]) -> str:
    """Run `neo4j-admin` (from the same jars) on the server home `home`; its output."""
    done = subprocess.run(
        [_java(), "-Xmx1g", "-cp", f"{server_jars()}/*", "org.neo4j.cli.AdminTool", *arguments],
        env={**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")},
        cwd=home,  # the import tool writes its report to the working directory
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise Neo4jServerError(f"neo4j-admin {arguments[:3]} failed:\n{done.stdout[-4000:]}{done.stderr[-4000:]}")
    return done.stdout


@contextlib.contextmanager
def running_server(before_start: Callable[[Path], None] | None = None) -> Iterator[str]:
    """A started server's bolt URI; the server and its data are gone afterwards. `before_start` gets the
    configured server home first (to import into it, say)."""
    java = _java()
    lib = server_jars()
    with tempfile.TemporaryDirectory(prefix="coauthor-graph-neo4j-") as folder:
        home = Path(folder)
        bolt, http = _free_port(), _free_port()
        conf = _configure(home, bolt, http)
        if before_start is not None:
            before_start(home)
        log = home / "console.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [
                    java,
                    "-Xmx1g",
                    "-cp",
                    f"{lib}/*",
                    "org.neo4j.server.CommunityEntryPoint",
                    f"--home-dir={home}",
                    f"--config-dir={conf}",
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            uri = f"bolt://127.0.0.1:{bolt}"
            _wait_for_bolt(uri, process, log)
            yield uri
        finally:
            process.terminate()
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
