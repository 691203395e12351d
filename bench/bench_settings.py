"""Settings of the lookup benchmark's server: motcua's own, with the bench-only URLs added
(bench_urls.py). Never used outside bench/."""

from motcua.settings import *  # noqa: F403 - the real settings, one value changed

ROOT_URLCONF = "bench_urls"
