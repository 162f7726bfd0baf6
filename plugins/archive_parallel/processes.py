"""Run shares of a list of work in forked processes, and bring back what they leave.

The first share runs in this process, every other share in a child forked
from it. A child loses what it logs, the problems it finds and the error that
stopped it: it sends them back through a pipe, and this process logs the
records again, adds the problems and raises the error of the first item (in
the order of the whole list) that failed anywhere. Every child is waited for.

Pure module: imports nothing from Pelican.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field

NO_INDEX = sys.maxsize  # a child that died without a word: any real error goes first


@dataclass(frozen=True)
class Failure:
    """The error that stopped a share, and the position of its item in the whole list."""

    index: int
    error: BaseException
    state: dict = field(default_factory=dict)  # what pickling the error leaves out

    def restored(self) -> Failure:
        """After the pipe: some errors (Jinja's syntax errors) pickle only their
        arguments, not the rest of their state, which their message shows."""
        self.error.__dict__.update(self.state)
        return Failure(self.index, self.error)


@dataclass
class Outcome:
    """What a child sends back: its failure, its log records, the problems it added."""

    failure: Failure | None = None
    records: list[dict] = field(default_factory=list)
    problems: list = field(default_factory=list)


class ChildFailed(RuntimeError):
    """A child ended without saying why (killed, or out of memory)."""


Work = Callable[[list], "Failure | None"]


def run_shares(shares: list[list], work: Work, problems: set) -> None:
    """Run `work(shares[0])` here and `work(share)` for each other share in a
    forked child; `problems` is the build's set of problems, which `work` may add to."""
    failures = run_forked(shares, work, problems) if len(shares) > 1 else [work(share) for share in shares]
    failures = [failure for failure in failures if failure is not None]
    if failures:
        raise min(failures, key=lambda failure: failure.index).error


def run_forked(shares: list[list], work: Work, problems: set) -> list[Failure | None]:
    sys.stdout.flush()
    sys.stderr.flush()
    gc.freeze()  # the children share these objects' memory pages as long as no one writes to them
    children = []
    try:
        for share in shares[1:]:
            children.append(Child.fork(share, work, problems, [child.pipe for child in children]))
        failures = [work(shares[0])]
        return failures + [child.collect(problems) for child in children]
    finally:
        for child in children:
            child.stop()
        gc.unfreeze()


class Child:
    """One forked process, its pipe, and its exit status."""

    def __init__(self, pid: int, pipe: int):
        self.pid = pid
        self.pipe = pipe
        self.reaped = False

    @classmethod
    def fork(cls, share: list, work: Work, problems: set, inherited_pipes: list[int]) -> Child:
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            raise
        if pid == 0:
            for pipe in [read_end, *inherited_pipes]:
                os.close(pipe)
            run_child(share, work, problems, write_end)  # never returns
        os.close(write_end)
        return cls(pid, read_end)

    def collect(self, problems: set) -> Failure | None:
        """Wait for the child; log its records here, add its problems, return its failure."""
        with os.fdopen(self.pipe, "rb") as pipe:
            self.pipe = -1
            data = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        self.reaped = True
        code = os.waitstatus_to_exitcode(status)
        if code != 0 or not data:
            message = f"A page-writing process ended with status {code} without finishing its pages"
            return Failure(NO_INDEX, ChildFailed(message))
        outcome = pickle.loads(data)
        for fields in outcome.records:
            replay_record(fields)
        problems.update(outcome.problems)
        return outcome.failure.restored() if outcome.failure else None

    def stop(self) -> None:
        """End and reap a child the build no longer waits for (this process failed first)."""
        if self.pipe >= 0:
            os.close(self.pipe)
            self.pipe = -1
        if not self.reaped:
            with suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.reaped = True


def run_child(share: list, work: Work, problems: set, write_end: int) -> None:
    """In the child: run the share, send back its outcome, exit without returning
    into the parent's code (no cleanup handlers, no buffers flushed twice)."""
    status = 1
    try:
        collector = take_over_logging()
        known = set(problems)
        failure = work(share)
        outcome = Outcome(
            failure=portable_failure(failure),
            records=[portable_record(record) for record in collector.records],
            problems=sorted(problems - known),
        )
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(pickle.dumps(outcome))
        status = 0
    except BaseException:  # noqa: BLE001 - the child must end here, whatever happened
        traceback.print_exc()
        sys.stderr.flush()
    finally:
        os._exit(status)


class RecordCollector(logging.Handler):
    def __init__(self):
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def take_over_logging() -> RecordCollector:
    """Records reach the root logger's handlers in the parent only, once each."""
    collector = RecordCollector()
    logging.getLogger().handlers[:] = [collector]
    return collector


def picklable(value) -> bool:
    try:
        pickle.loads(pickle.dumps(value))
    except Exception:  # noqa: BLE001 - anything that does not survive the pipe
        return False
    return True


def portable_record(record: logging.LogRecord) -> dict:
    """The record's fields, in a form that survives the pipe: arguments that do
    not are merged into the message, a traceback becomes its text."""
    fields = dict(record.__dict__)
    fields.pop("message", None)
    if record.exc_info:
        fields["exc_text"] = record.exc_text or logging.Formatter().formatException(record.exc_info)
        error = record.exc_info[1]
        fields["exc_info"] = (type(error), error, None) if picklable(error) else None
    if not picklable(record.args):
        fields["msg"], fields["args"] = record.getMessage(), None
    if not picklable(fields):
        keep = ("name", "levelno", "levelname", "pathname", "lineno", "funcName", "msg", "exc_text", "created")
        fields = {key: fields.get(key) for key in keep} | {"msg": record.getMessage(), "args": None}
    return fields


def replay_record(fields: dict) -> None:
    record = logging.makeLogRecord(fields)
    logger = logging.getLogger() if record.name == "root" else logging.getLogger(record.name)
    logger.handle(record)


def portable_failure(failure: Failure | None) -> Failure | None:
    """The error as it was raised, if it survives the pipe with its message;
    otherwise a RuntimeError with the same message. Its notes hold the child's traceback."""
    if failure is None:
        return None
    error = failure.error
    state = {key: value for key, value in error.__dict__.items() if picklable(value)}
    state["__notes__"] = [
        f"Raised in page-writing process {os.getpid()}:\n{''.join(traceback.format_exception(error))}"
    ]
    if not survives_pipe(error, state):
        error, state = RuntimeError(f"{type(error).__name__}: {error}"), {"__notes__": state["__notes__"]}
    return Failure(failure.index, error, state)


def survives_pipe(error: BaseException, state: dict) -> bool:
    try:
        copy = Failure(0, pickle.loads(pickle.dumps(error)), state).restored().error
    except Exception:  # noqa: BLE001 - an error type that does not pickle
        return False
    return type(copy) is type(error) and str(copy) == str(error)
