"""The code-free app: the workbook's pages served by Voilà (docs/app.md).

Its defaults live here, light to import (the command line reads them for its options);
every other setting is in :mod:`workbook.app.config`.
"""

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8866
