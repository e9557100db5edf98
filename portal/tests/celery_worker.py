"""Real Celery worker processes for the tests that need one: started on the project, stopped."""

import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]


def start_celery_worker(name: str, env: dict[str, str], *options: str) -> subprocess.Popen:
    """A solo-pool worker named name@host, without gossip or mingle so that it starts at once
    and alone; `options` are further worker options (a queue, --beat, ...)."""
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo",
         "--without-gossip", "--without-mingle", "--loglevel=WARNING", "-n", f"{name}@%h",
         *options],
        cwd=ROOT,
        env=env,
    )  # fmt: skip


def stop_celery_workers(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)


def worker_database_url(settings) -> str:
    """The URL of the test database, for a worker process to write where the test reads."""
    db = settings.DATABASES["default"]
    return (
        f"postgres://{quote(db['USER'])}:{quote(db['PASSWORD'])}@{db['HOST']}:{db['PORT']}/"
        f"{db['NAME']}"
    )
