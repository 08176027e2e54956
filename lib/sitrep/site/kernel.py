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
# Where a kernel's socket folder goes when TMPDIR is too deep for a socket's path: a short folder the pool of workers
# made for it (removed with the pool), or else the system's own.
SOCKETS_VARIABLE = "SITREP_KERNEL_SOCKETS"
SHORT_TEMPORARY = "/tmp"
POOL_SOCKETS_PREFIX = "sitrep-sockets-"  # the pool's short folder, holding its kernels' own
KERNEL_SOCKETS_PREFIX = "sitrep-kernel-"  # one kernel's folder of sockets
# A Unix socket's path is at most 107 bytes; a kernel's are its folder's path and "/kernel-N".
SOCKET_PATH_ROOM = 107 - len("/kernel-99")


def sockets_fit(parent: str) -> bool:
    """Whether a kernel's socket folder made in `parent` leaves room for its sockets' paths.

    The folder is the prefix and tempfile's 8 random characters; each socket, "/kernel-N" in it.
    """
    return len(os.fsencode(os.path.join(parent, KERNEL_SOCKETS_PREFIX + "x" * 8))) <= SOCKET_PATH_ROOM


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
