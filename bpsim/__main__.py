"""``python -m bpsim`` is the same as the ``bpsim`` command."""

import sys

from bpsim.cli import main

sys.exit(main())
