# The practice hub's JupyterHub configuration (docs/hub.md):
#     WORKBOOK_HUB_SETTINGS=/srv/practice/settings.json jupyterhub -f THIS_FILE
# Everything is in workbook.hub.config; the settings file says what differs per hub.
from workbook.hub.config import configure_from_env

configure_from_env(get_config())  # type: ignore[name-defined]  # noqa: F821
