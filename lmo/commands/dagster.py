"""`lmo dagster`: the Dagster UI on the project's definitions and instance; stops promptly on SIGTERM or Ctrl-C."""

import os
import signal
import subprocess
import sys

from kernel import settings
from lmo.commands import add_db

GRACE_S = 3  # the daemon stops in ~1 s; the webserver and code servers linger ~45 s on any signal: then killed


def register(sub) -> None:
    parser = sub.add_parser("dagster", help="serve the Dagster UI (http://127.0.0.1:3000)")
    parser.add_argument("--port", type=int, default=3000)
    add_db(parser)
    parser.set_defaults(func=run)


def run(args) -> int:
    db = settings.warehouse_path(args.db)
    env = os.environ | {"LMO_DB": str(db), "DAGSTER_HOME": str(settings.dagster_home(db))}
    dagster = os.path.join(os.path.dirname(sys.executable), "dagster")
    print(f"Dagster UI: http://127.0.0.1:{args.port}/", flush=True)
    # its own process group: the webserver, daemon and code servers are stopped together
    proc = subprocess.Popen([dagster, "dev", "-m", "pipelines.definitions", "-h", "127.0.0.1", "-p", str(args.port)],
                            env=env, start_new_session=True)
    signal.signal(signal.SIGTERM, lambda *_: stop(proc))
    try:
        return proc.wait()
    except KeyboardInterrupt:
        stop(proc)
        return 130


def stop(proc: subprocess.Popen) -> None:
    """SIGINT to the whole group (what Ctrl-C in a terminal does: `dagster dev` handles it), SIGKILL to what
    is left after GRACE_S; then leave."""
    for sig, wait in ((signal.SIGINT, GRACE_S), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
            proc.wait(timeout=wait)
            break
        except ProcessLookupError:
            break
        except subprocess.TimeoutExpired:
            continue
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # children that outlived their parent
    except ProcessLookupError:
        pass
    sys.exit(0)
