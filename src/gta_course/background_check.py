"""The content check, run in a child process while the build generates pages and Sphinx runs.

Checking 60 rendered lessons costs seconds of one core; Sphinx leaves the other core idle for
much of a build. So the build forks a child that checks while the parent writes sources and
starts Sphinx, and nothing is published until the check has said yes: a problem stops Sphinx,
throws its output away and puts the last good sources back (see build.undo). Forking means the
child starts with the loaded course already in memory; nothing is copied or pickled but the
problems it finds.

Where the platform cannot fork, the check simply runs first, as it always did.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection

from gta_course.parallel import fork_context
from gta_course.problems import Problem

Check = Callable[[], list[Problem]]


class CheckCrashed(Exception):
    """The check itself failed (a bug, not a content problem); the message is the child's traceback."""


class BackgroundCheck:
    """A content check running beside the build; `problems()` waits for its answer."""

    def __init__(self, check: Check) -> None:
        self._answer: list[Problem] | None = None
        context = fork_context()
        if context is None:  # no fork on this platform: check now, in this process
            self._answer = check()
            return
        self._receive, send = context.Pipe(duplex=False)
        self._child = context.Process(target=_run, args=(check, send), daemon=True)
        self._child.start()
        send.close()  # the child holds its own end; EOF here then means it died

    def problems(self) -> list[Problem]:
        """The check's problems (empty when the content is good), waiting for the child if need be."""
        if self._answer is None:
            try:
                kind, value = self._receive.recv()
            except EOFError:
                kind, value = "crashed", "the content check ended without an answer"
            self._receive.close()
            self._child.join()
            if kind == "crashed":
                raise CheckCrashed(value)
            self._answer = value
        return self._answer

    def found_problems(self) -> bool:
        """Whether the build must stop: the question `build.build_html` asks once Sphinx is running."""
        return bool(self.problems())


def _run(check: Check, send: Connection) -> None:
    """In the child: run the check and send back its problems, or the traceback if it crashed."""
    try:
        send.send(("problems", check()))
    except BaseException:
        send.send(("crashed", traceback.format_exc()))
    finally:
        send.close()
