"""``python -m kamtools.data [--check] [--seed N] FOLDER``: (re)generate Vistula's files."""

import sys

from .synthetic import main

sys.exit(main())
