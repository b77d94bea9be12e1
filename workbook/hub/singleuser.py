"""A client's single-user server (docs/hub.md, *The first log-in*): JupyterHub's own
``jupyterhub.singleuser``, started without importing ``rfc3987_syntax``.

``jsonschema`` (imported by Jupyter Server's event logger) looks for ``rfc3987_syntax`` to
check the ``iri`` and ``iri-reference`` formats, which no Jupyter schema uses, and goes on
without those two checks when the module is missing. That module compiles some 35
grammars as it is imported: about half the CPU of a server's start (1.7 of 3.1 s measured
here), paid by every client at their first log-in. Marking it missing in this process —
Python's own rule: a ``None`` in ``sys.modules`` makes its import fail — cuts that. The
hub's client commands (:mod:`workbook.hub.client`: a report imports papermill, hence
jsonschema) skip it the same way; the clients' kernels and every other process are
untouched.
"""

from __future__ import annotations

import sys

#: Modules this server's dependencies import only when present, and that it does not need.
SKIPPED_IMPORTS = ("rfc3987_syntax",)


def skip_unneeded_imports() -> None:
    """Make an import of :data:`SKIPPED_IMPORTS` fail here (unless already imported)."""
    for name in SKIPPED_IMPORTS:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]


def main() -> None:
    skip_unneeded_imports()
    from jupyterhub.singleuser import main as singleuser

    singleuser()


if __name__ == "__main__":  # pragma: no cover
    main()
