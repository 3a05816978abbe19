"""Lets ``python -m app`` run Takeaways."""

import sys

from app.main import main

sys.exit(main())
