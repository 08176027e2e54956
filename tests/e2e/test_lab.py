"""The project's JupyterLab, started by `make lab` on 127.0.0.1: it opens on the notebooks, and Run All on a
chapter and on a county profile draws every chart and map, with no error output and no request off the machine."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

from sitrep import paths

from sitebuild import MARKS

pytestmark = [pytest.mark.slow, pytest.mark.browser]
NOTEBOOK = "jupyterapp.shell.currentWidget"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory, clean_dir):
    """`make lab` on a copy of two chapters with their own clean tables; its own runtime, settings and workspaces."""
    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "project"
    (root / "notebooks").mkdir(parents=True)
    for name in ("04_grants.ipynb", "06_district.ipynb"):  # copies: Lab's autosave must never touch the real ones
        shutil.copyfile(paths.NOTEBOOKS / name, root / "notebooks" / name)
    shutil.copytree(clean_dir, root / "data" / "clean")
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, paths.PROJECT_VARIABLE: str(root), "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(tmp / "settings"), "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces")}
    arguments = (f"--no-browser --ip=127.0.0.1 --port={port} --ServerApp.port_retries=0 "
                 f"--IdentityProvider.token={token} --LabApp.expose_app_in_browser=True")
    log = open(tmp / "lab.log", "w")
    server = subprocess.Popen(["make", "-s", "lab", f"LAB_ROOT={root}", f"ARGS={arguments}"], cwd=paths.PROJECT,
                              env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start: {(tmp / 'lab.log').read_text()[-2000:]}")
                time.sleep(0.5)
        yield base, token
    finally:
        try:  # the server ends its kernels itself; the group is ended after it, whatever is left
            shutdown = urllib.request.Request(f"{base}/api/shutdown?token={token}", method="POST")
            urllib.request.urlopen(shutdown, timeout=5)
            server.wait(timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            pass
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
        log.close()


@pytest.fixture
def lab_page(browser, lab):
    """A browser tab on the Lab that records requests leaving 127.0.0.1 and uncaught page errors."""
    base, token = lab
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.outside, page.errors = [], []
    local = (base, base.replace("http:", "ws:"), "data:", "blob:", "about:")
    page.on("request", lambda request: None if request.url.startswith(local) else page.outside.append(request.url))
    page.on("websocket", lambda socket_: None if socket_.url.startswith(local) else page.outside.append(socket_.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page, base, token
    context.close()


def test_make_lab_opens_on_the_notebooks(lab_page):
    page, base, token = lab_page
    page.goto(f"{base}/?token={token}")
    page.locator(".jp-DirListing-item", has_text="04_grants.ipynb").wait_for(timeout=60000)
    assert "/lab/tree/notebooks" in page.url
    assert page.locator(".jp-DirListing-item", has_text="06_district.ipynb").count() == 1
    assert not page.outside, page.outside


def run_all(page, base: str, token: str, notebook: str) -> dict:
    """Open a notebook, Run All, wait for every cell and chart; what the notebook holds and what was drawn."""
    workspace = notebook.split(".")[0]  # a workspace of its own: no tab of another test is restored beside it
    page.goto(f"{base}/lab/workspaces/{workspace}/tree/notebooks/{notebook}?token={token}")
    page.wait_for_function(f"window.jupyterapp && {NOTEBOOK} && {NOTEBOOK}.context?.path?.endsWith('{notebook}')"
                           f" && {NOTEBOOK}.sessionContext"
                           f" && {NOTEBOOK}.sessionContext.session?.kernel?.status === 'idle'", timeout=90000)
    page.evaluate("jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(f"""() => {{
        const cells = {NOTEBOOK}.content.widgets.filter(cell => cell.model.type === 'code');
        return cells.every(cell => cell.model.executionCount) &&
               {NOTEBOOK}.sessionContext.session.kernel.status === 'idle';
    }}""", timeout=120000)
    held = page.evaluate(f"""() => {{
        const outputs = {NOTEBOOK}.content.widgets.filter(cell => cell.model.type === 'code')
            .flatMap(cell => Array.from({{length: cell.model.outputs.length}}, (_, i) => cell.model.outputs.get(i)));
        return {{charts: outputs.filter(o => 'application/vnd.plotly.v1+json' in o.data).length,
                 errors: outputs.filter(o => o.type === 'error').map(o => o.toJSON())}};
    }}""")
    page.wait_for_function("expected => document.querySelectorAll('.jp-RenderedPlotly .main-svg').length >= expected",
                           arg=held["charts"], timeout=60000)
    page.wait_for_timeout(500)
    charts = page.locator(".jp-RenderedPlotly")
    held["drawn"] = [charts.nth(i).locator(MARKS).count() for i in range(charts.count())]
    held["map_areas"] = page.locator(".jp-RenderedPlotly path.choroplethlocation").count()
    held["stderr"] = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count()
    return held


@pytest.mark.parametrize("notebook, maps", [("04_grants.ipynb", 12 + 36), ("06_district.ipynb", 12)])
def test_run_all_draws_every_chart_and_map_offline(lab_page, notebook, maps):
    page, base, token = lab_page
    held = run_all(page, base, token, notebook)
    assert held["errors"] == [], json.dumps(held["errors"])[:2000]
    assert held["stderr"] == 0
    assert held["charts"] >= 1 and len(held["drawn"]) == held["charts"], held
    assert all(marks > 0 for marks in held["drawn"]), held["drawn"]
    assert held["map_areas"] >= maps, f"maps drew {held['map_areas']} areas"
    assert not [e for e in page.errors if "Plotly" in e or "topojson" in e], page.errors
    assert not page.outside, f"requests left the machine: {page.outside}"
