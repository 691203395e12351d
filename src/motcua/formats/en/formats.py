# English pages show dates and times exactly as Vietnamese ones do: dd/mm/yyyy, 24 hours.
from motcua.formats.vi.formats import *  # noqa: F403
