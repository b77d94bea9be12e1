"""Networking on Purpose: a reflection workbook for networking with a purpose.

The package holds all the logic the notebooks call; see the README for the flow
store → frames → metrics → charts/display → sections → notebooks → reports → export.
"""

__version__ = "0.1.0"
