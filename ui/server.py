"""Start the Streamlit server with st.navigation in charge from the very first request.

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


def main() -> None:
    """Disable the legacy pages/ mode, then hand over to Streamlit's own command line."""
    PagesManager.uses_pages_directory = False
    sys.argv[0] = "streamlit"
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
