"""The production server: gunicorn, worker processes forked from the app loaded once, each with a few threads.

Processes, not threads alone: a callback is mostly Python (pandas, Plotly) holding the GIL, so only
processes use both cores; threads let one worker wait on DuckDB or stream a download while another
request runs. Forking the loaded app keeps start-up to one import and shares its memory. The workers share
callback answers through files (dashboard/answers.py): each is computed once per publication, not once per worker.
"""

from gunicorn.app.base import BaseApplication

from dashboard import answers
from kernel.settings import SERVE_THREADS as THREADS
from kernel.settings import SERVE_WORKERS as WORKERS


class Server(BaseApplication):
    """gunicorn serving a WSGI callable that already exists (its documented custom-application pattern)."""

    def __init__(self, wsgi, options: dict):
        self.wsgi_app, self.options = wsgi, options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.wsgi_app


def options(host: str, port: int, workers: int = WORKERS, threads: int = THREADS) -> dict:
    return {
        "bind": f"{host}:{port}", "workers": workers, "threads": threads, "worker_class": "gthread",
        "preload_app": True, "proc_name": "lmo-dashboard", "loglevel": "warning", "errorlog": "-",
        # A slow download runs in a worker thread; the timeout watches the worker's main loop, not requests.
        "timeout": 60, "graceful_timeout": 10, "keepalive": 5,
        "max_requests": 2000, "max_requests_jitter": 200,  # a worker is renewed now and then: no slow growth
    }


def prepare(app) -> None:
    """Render the index page once before the workers fork: Dash registers the script files it may serve while
    rendering it, and a worker that had not would refuse them (HTTP 500 "not a registered library")."""
    with app.server.test_request_context("/"):
        app.server.preprocess_request()  # Dash's set-up (access control may refuse this request: no matter)
        app.index()


def serve(app, host: str, port: int, workers: int = WORKERS, threads: int = THREADS) -> None:
    prepare(app)
    answers.install(app)  # the workers answer a callback another one answered from the shared store
    Server(app.server, options(host, port, workers, threads)).run()
