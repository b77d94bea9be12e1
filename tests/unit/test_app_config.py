"""The app's parts that need no server: page notebooks, menu, options, address, refusals."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from workbook.app import config
from workbook.app.page import menu_html
from workbook.app.server import address, network_warning, wildcard
from workbook.cli import main
from workbook.pages import PAGES

ROOT = Path(__file__).resolve().parents[2]


def test_one_thin_notebook_per_page_and_no_other() -> None:
    assert config.APP_NOTEBOOKS == ROOT / "notebooks" / "app"
    assert sorted(p.stem for p in config.APP_NOTEBOOKS.glob("*.ipynb")) == sorted(PAGES)


@pytest.mark.parametrize("name", list(PAGES))
def test_a_page_notebook_is_one_call_without_outputs(name: str) -> None:
    notebook = json.loads((config.APP_NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
    cells = notebook["cells"]
    assert [c["cell_type"] for c in cells] == ["code"]
    assert "".join(cells[0]["source"]) == f'from workbook.app import page\n\npage.show("{name}")'
    assert cells[0]["outputs"] == [] and cells[0]["execution_count"] is None
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"
    assert notebook["metadata"]["title"] == f"{PAGES[name].title} · Networking on Purpose"


def test_the_menu_links_every_page_and_marks_the_current_one() -> None:
    menu = menu_html("people")
    links = re.findall(
        r'<a class="nop-menu-item"( aria-current="page")? href="(\w+)\.ipynb">', menu
    )
    assert [href for _, href in links] == list(PAGES)
    assert [href for current, href in links if current] == ["people"]
    assert menu.count("<a ") == len(PAGES)


def test_the_menu_escapes_titles() -> None:
    for spec in PAGES.values():
        assert spec.title.replace("&", "&amp;") in menu_html("today")


def test_home_page_and_pools() -> None:
    assert config.HOME_PAGE == "today" == next(iter(PAGES))
    assert {name: 2 if name == "today" else 1 for name in PAGES} == config.POOL_SIZES


def test_voila_options() -> None:
    options = config.voila_config("secret-token")
    assert options.Voila.token == "secret-token"
    assert options.VoilaConfiguration.preheat_kernel is True
    pools = options.VoilaKernelManager.kernel_pools_config
    assert pools == {f"{n}.ipynb": {"pool_size": s} for n, s in config.POOL_SIZES.items()}
    assert options.VoilaConfiguration.strip_sources is True
    assert options.VoilaConfiguration.show_tracebacks is False
    assert options.VoilaConfiguration.file_allowlist == []
    assert options.VoilaConfiguration.file_denylist == [r".*"]
    assert options.Voila.open_browser is False
    assert options.Voila.config_file_paths == []


def test_the_template_loads_nothing_from_outside() -> None:
    for path in config.TEMPLATES.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", text), path.name


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", "http://127.0.0.1:8866/?token=abc"),
        ("0.0.0.0", "http://0.0.0.0:8866/?token=abc"),
        ("::1", "http://[::1]:8866/?token=abc"),
    ],
)
def test_the_address_printed(host: str, expected: str) -> None:
    assert address(host, 8866, "abc") == expected


def test_every_interface_comes_with_a_warning() -> None:
    assert wildcard("0.0.0.0") and wildcard("::") and not wildcard("127.0.0.1")
    warning = network_warning("0.0.0.0", 8866)
    assert "only on a network you trust" in warning
    assert "HTTPS" in warning and ":8866/?token=" in warning


def test_no_workbook_is_exit_2_with_how_to_start_one(tmp_path: Path) -> None:
    missing = tmp_path / "nothing-here.db"
    result = CliRunner().invoke(main, ["app", "--workbook", str(missing)])
    assert result.exit_code == 2
    assert str(missing) in result.output and "init" in result.output
    assert "Traceback" not in result.output
    assert not missing.exists()


def test_a_port_in_use_is_exit_2(tmp_path: Path) -> None:
    import socket

    from workbook.store import Workbook

    path = tmp_path / "mine.db"
    with Workbook.open(path, create=True):
        pass
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["app", "--workbook", str(path), "--port", str(port)])
    assert result.exit_code == 2
    assert f"--port {port}" in result.output and "cannot listen" in result.output


def test_kernels_use_unix_sockets_unless_the_temp_folder_path_is_too_long(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    # /tmp/voila_XXXXXXXX/kernel-<36>-ipc-N: well under the 107 bytes a socket path takes.
    monkeypatch.setattr(tempfile, "tempdir", "/tmp")
    short = config.voila_config("t")
    assert short.Voila.connection_dir_root == "/tmp"
    assert short.KernelManager.transport == "ipc"
    # A temp folder whose path alone takes 60 bytes: with the 64 Voilà and jupyter_client
    # add, over the limit, so TCP.
    long = Path("/tmp") / ("x" * 55)
    monkeypatch.setattr(tempfile, "tempdir", str(long))
    assert "transport" not in config.voila_config("t").KernelManager
