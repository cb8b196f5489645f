"""Voila's settings for the workshop apps (a Voila config file, read by tools/serve_apps.py).

serve_apps.py adds the folder to serve (course/apps), the port and ``--no-browser`` on the
command line, and puts the template ``kam-apps`` (templates/kam-apps/ beside this file)
on the Jupyter path.
"""

# ruff: noqa: F821  (Voila runs this file with `c`, its configuration, defined)

#: Only this computer can open the apps: a projector shows the facilitator's screen.
c.Voila.ip = "127.0.0.1"
#: A port in use is an error, not a silent move to another port (the printed addresses
#: would be wrong).
c.Voila.port_retries = 0
c.VoilaConfiguration.template = "kam-apps"
c.VoilaConfiguration.theme = "light"
#: No "?template=lab" in an address: that template loads Font Awesome from a CDN.
c.VoilaConfiguration.allow_template_override = "NO"
#: The code of the apps stays hidden (Voila's default, said here so that it stays so).
c.VoilaConfiguration.strip_sources = True
# A team's export arrives through the upload button of "Your portfolio" as one websocket
# message; tornado's default limit (10 MiB) would drop the connection for a few years of
# invoice lines. 256 MiB is far above what the upload is for (kt.export_totals reads the
# multi-gigabyte exports from disk).
c.Voila.tornado_settings = {"websocket_max_message_size": 256 * 1024 * 1024}
#: Only the widget renderer: the other JupyterLab extensions installed (nbgrader, notebook)
#: do not work in Voila and only add errors and loading time.
c.VoilaConfiguration.extension_allowlist = [
    "@jupyter-widgets/jupyterlab-manager",
    "@voila-dashboards/widgets-manager8",
]


def set_xsrf_cookie(req_handler, notebook, cwd):
    """Give the page the ``_xsrf`` cookie, so that leaving it shuts its kernel down.

    When a page is closed or left, Voila 0.5 asks the server to shut the page's kernel
    down, sending the ``_xsrf`` cookie as proof; but nothing sets that cookie, so the
    request fails with 403 and every visit leaves a kernel running (Voila issue #1458,
    https://github.com/voila-dashboards/voila/issues/1458). Reading the handler's
    ``xsrf_token`` makes tornado set the cookie on this page's response.
    """
    req_handler.xsrf_token  # noqa: B018 (read for its side effect)


c.VoilaConfiguration.prelaunch_hook = set_xsrf_cookie
