"""Settings in one documented place.

Limits and defaults that more than one module (or a user reading the docs) needs to
know about live here, each with a comment saying what it bounds and why.
"""

from __future__ import annotations

# The largest article file (or standard input) geomap reads, in bytes. A news report is a
# few tens of kilobytes even as a full HTML page; anything much larger is almost certainly
# the wrong file, and reading it whole would only waste memory and time.
MAX_ARTICLE_BYTES = 5_000_000
