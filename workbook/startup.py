"""What a workbook process leaves out as it starts (docs/performance.md, Start-up).

``jsonschema`` — imported by papermill and nbformat (every report), and by Jupyter
Server's event logger (the app, a hub client's server) — looks for ``rfc3987_syntax`` to
check the ``iri`` and ``iri-reference`` formats, which no schema here uses, and goes on
without those two checks when the module is missing. That module compiles some 35
grammars as it is imported: 1.5–2.5 s of CPU in every such process (jsonschema's issue
1428; the other provider, ``rfc3987``, is GPL). :func:`skip_unneeded_imports` marks it
missing in this process — Python's own rule: a ``None`` in ``sys.modules`` makes its
import fail — so ``workbook`` commands, the app and a hub client's server start without
it. A report's kernel never imports jsonschema.
"""

from __future__ import annotations

import sys

#: Modules our dependencies import only when present, and that no process here needs.
SKIPPED_IMPORTS = ("rfc3987_syntax",)


def skip_unneeded_imports() -> None:
    """Make an import of :data:`SKIPPED_IMPORTS` fail in this process (unless already
    imported: then nothing changes)."""
    for name in SKIPPED_IMPORTS:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]
