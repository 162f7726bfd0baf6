"""Quality gates run on a built site: links, HTML validity, accessibility.

Not a Pelican plugin: the tests and `invoke check` (CHECK_STEPS in
archive_build.check) call the steps in `gates` on a built output folder.
"""


class ToolMissing(Exception):
    """A gate's tool is not installed here; the message names the install command."""
