"""Imported last by the workers' fork server: the warm shell is made there once, so each worker is forked with it.

IPython keeps a profile folder: the server's is a folder of its own, removed when the server ends, never ~/.ipython.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

from sitrep.site import workers

_profile = tempfile.mkdtemp(prefix="sitrep-ipython-")
os.environ["IPYTHONDIR"] = _profile
atexit.register(shutil.rmtree, _profile, True)  # the workers end with os._exit: only the server itself runs this
workers.served_shell = workers.warm_shell()
