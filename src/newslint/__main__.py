"""``python -m newslint``: the same entry point as the ``newslint`` script, so an
internal error is one line and exit 2 here too, never a traceback."""

from .cli import run

if __name__ == "__main__":  # worker processes started by spawn import this module too
    run()
