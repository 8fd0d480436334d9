"""Start the Streamlit server: bound to $GOLIVE_ADDRESS (127.0.0.1 unless configured), st.navigation in charge.

Safe default: the server listens on the loopback interface only, so nobody else on the network reaches it until
GOLIVE_ADDRESS (or an explicit --server.address) says otherwise — in production behind a reverse proxy with TLS
and log-in (docs/deployment.md).

Streamlit still has a legacy multipage mode: while a `pages/` folder sits next to the entrypoint,
the server's first script run builds its own navigation from the file names, so the first deep
link after a start (e.g. /belastning?enhet=…) shows an English "Page not found" dialog. The flag
below is what `st.navigation` itself sets on its first call; setting it before the server starts
makes the first request behave like every later one.

Usage: python -m ui.server run app.py [streamlit options]
"""

import sys

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from analysis import config


def with_address(argv: list[str], address: str) -> list[str]:
    """The arguments with --server.address added after `run FILE`, unless they already give one."""
    if any(a == "--server.address" or a.startswith("--server.address=") for a in argv):
        return argv
    if len(argv) >= 2 and argv[0] == "run":
        return [argv[0], argv[1], "--server.address", address, *argv[2:]]
    return argv


def main() -> None:
    """Bind to the configured address, disable the legacy pages/ mode, then hand over to Streamlit's command line."""
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", *with_address(sys.argv[1:], config.server_address())]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
