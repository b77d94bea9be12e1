"""A client's single-user server (docs/hub.md, *The first log-in*): JupyterHub's own
``jupyterhub.singleuser``, started without the imports :mod:`workbook.startup` skips
(half the CPU of a server's start: 1.7 of 3.1 s measured here, paid by every client at
their first log-in).
"""

from __future__ import annotations

from workbook.startup import skip_unneeded_imports


def main() -> None:
    skip_unneeded_imports()
    from jupyterhub.singleuser import main as singleuser

    singleuser()


if __name__ == "__main__":  # pragma: no cover
    main()
