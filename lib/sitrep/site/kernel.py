"""The kernel `--isolated` builds start: ipykernel, ending itself as soon as the process that started it is gone.

jupyter_client starts kernels in sessions of their own, so a build killed outright (SIGKILL, an out-of-memory
kill) would otherwise leave them running for good.
"""

import os
import threading
import time


def _end_with(parent: int) -> None:
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(0)


def main() -> None:
    threading.Thread(target=_end_with, args=(os.getppid(),), daemon=True, name="parent-watch").start()
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main()
