"""The kernel `--isolated` builds start: ipykernel, ending itself as soon as the process that started it is gone.

jupyter_client starts kernels in sessions of their own, so a build killed outright (SIGKILL, an out-of-memory
kill) would otherwise leave them running for good.
"""

import os
import threading
import time

# The process that starts the kernel names itself here: by the time the kernel reads its own parent, a killed
# build may already be gone, and the kernel would then watch the process that adopted it, for good.
PARENT_VARIABLE = "SITREP_KERNEL_PARENT"


def _end_with(parent: int) -> None:
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(0)


def main() -> None:
    """Watch the starting process, then run ipykernel."""
    parent = int(os.environ.get(PARENT_VARIABLE) or os.getppid())
    threading.Thread(target=_end_with, args=(parent,), daemon=True, name="parent-watch").start()
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


if __name__ == "__main__":
    main()
