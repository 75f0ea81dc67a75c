"""Start one student's server: copy the course notebooks the student lacks, then run
``jupyterhub-singleuser`` with the arguments the hub passes.

Runs as the student (the hub's spawner has already switched to the student's account), in
the student's home directory. The copy never writes over a file the student has: a notebook
the student edited stays as it is, and notebooks added to the course since the last start
appear next to it. To get the current version of a notebook they changed, a student renames
or deletes their copy and restarts the server (Hub Control Panel: Stop, then Start).
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

COURSE = Path(os.environ.get("MLCOURSE_COURSE_DIR", Path(__file__).resolve().parents[1]))
TARGET = Path.home() / "mlcourse"


def copy_new_notebooks(course: Path = COURSE, target: Path = TARGET) -> list[Path]:
    """Copy the notebooks of both editions, ``course/notebooks/*.ipynb`` and
    ``course/notebooks/ko/*.ipynb``, into ``target/notebooks`` when missing; return the copies."""
    copied = []
    sources = sorted((course / "notebooks").glob("*.ipynb")) + sorted((course / "notebooks" / "ko").glob("*.ipynb"))
    for source in sources:
        path = target / source.relative_to(course)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        except FileExistsError:
            continue  # the student's copy: never overwritten
        with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
            shutil.copyfileobj(src, out)
        copied.append(path)
    return copied


if __name__ == "__main__":
    copy_new_notebooks()
    # `python -m`, not the jupyterhub-singleuser script: its first line may name an
    # interpreter the student's account cannot run (classroom/hub.py, student_python).
    os.execv(sys.executable, [sys.executable, "-m", "jupyterhub.singleuser", *sys.argv[1:]])
