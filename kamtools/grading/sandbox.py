"""Run students' code for grading in a bubblewrap sandbox, with a time limit per question.

nbgrader's ``autograde`` runs every submission with the instructor's rights: an answer cell
can read ``source/`` (every hidden test), open ``gradebook.db``, change a classmate's file
under ``submitted/`` or use the network. Here only the *kernel* (the process that runs the
student's code) moves into a sandbox made with `bubblewrap <https://github.com/containers/bubblewrap>`_
(``bwrap``, Debian package ``bubblewrap``), the idea of otter-grader without Docker:

- a throw-away working folder holding only the files the assignment gives students
  (never a notebook: the copy nbgrader executes has the hidden tests restored in it);
- a file system built from read-only pieces only: the operating system (``/usr``, ``/etc``,
  ...), Python and the virtual environment, the ``kamtools`` package and its datasets. The
  course root, other students' folders, ``gradebook.db``, ``/home``, ``/root`` and the
  instructor's ``/tmp`` do not exist inside; the exchange is hidden too;
- no network (a network namespace with only its own loopback), its own process ids (it
  cannot see or signal the grader), no capabilities, a new session, killed with the grader;
- limits on memory (address space), CPU seconds, processes and file size, set in the
  sandbox before the kernel starts.

The grading process (nbgrader, nbclient) stays outside and talks to the kernel over ZeroMQ
``ipc`` sockets in a private folder shared with the sandbox; interrupts for a timeout go as
messages (a signal to ``bwrap`` would not reach the kernel). Grades are saved by nbgrader
from the executed notebook exactly as without the sandbox.

:class:`GradingExecute` replaces nbgrader's ``Execute`` step in ``Autograde`` (kamtools
configures it in :func:`kamtools.grading.course.load_config`). It also limits each answer
and test cell to ``question_timeout`` seconds (a hanging answer costs seconds, not the
minute the setup cell may need), with or without the sandbox.
"""

from __future__ import annotations

import functools
import os
import shutil
import site
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jupyter_client.manager import AsyncKernelManager
from nbgrader.preprocessors import Execute
from traitlets import Bool, Integer, List, Unicode, default

from kamtools.errors import GradingError

if TYPE_CHECKING:
    from jupyter_client.manager import KernelManager
    from nbformat import NotebookNode
    from traitlets.config import Config

__all__ = [
    "GradingExecute",
    "configure",
    "sandbox_wanted",
    "Limits",
    "SandboxKernelManager",
    "bwrap_command",
    "sandbox_problem",
]

#: Environment variables the kernel keeps (everything else, e.g. tokens, is dropped).
_KEEP_ENV = ("LANG", "LANGUAGE", "TZ", "KAMTOOLS_LANG", "KAMTOOLS_DATASETS", "MPLBACKEND")
_KEEP_PREFIXES = ("LC_", "PYDEVD_")

# Run inside the sandbox before the kernel: set the limits, then become the kernel.
_LIMITS_CODE = (
    "import os,resource as r,sys\n"
    "for n,v in zip(('AS','CPU','NPROC','FSIZE'),sys.argv[1:5]):\n"
    " v=int(v)\n"
    " if v>0:\n"
    "  k=getattr(r,'RLIMIT_'+n);h=r.getrlimit(k)[1]\n"
    "  v=v if h==r.RLIM_INFINITY else min(v,h)\n"
    "  r.setrlimit(k,(v,v))\n"
    "os.execv(sys.argv[5],sys.argv[5:])\n"
)


@dataclass(frozen=True)
class Limits:
    """Resource limits of one sandboxed kernel (0 = no limit)."""

    memory_mb: int = 4096  # address space (RLIMIT_AS)
    cpu_seconds: int = 600  # CPU time of the kernel for the whole notebook (RLIMIT_CPU)
    processes: int = 256  # processes and threads (RLIMIT_NPROC)
    file_mb: int = 200  # largest file the kernel may write (RLIMIT_FSIZE)

    def wrapper(self, python: str = sys.executable) -> list[str]:
        """The command prefix that sets these limits and then executes what follows."""
        for name in ("memory_mb", "cpu_seconds", "processes", "file_mb"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 0:
                raise GradingError(
                    f"{name}: must be 0 (no limit) or a positive whole number, got {value!r}"
                )
        values = [self.memory_mb << 20, self.cpu_seconds, self.processes, self.file_mb << 20]
        return [python, "-I", "-S", "-c", _LIMITS_CODE, *map(str, values)]


def _readable_paths() -> list[Path]:
    """What the kernel must read: Python, the environment, kamtools and its data."""
    import kamtools
    from kamtools.data.datasets import _data_dir as data_dir

    paths = {
        Path(sys.prefix),
        Path(sys.base_prefix),
        Path(sys.exec_prefix),
        Path(kamtools.__file__).parent,
        data_dir(),
    }
    # Packages installed elsewhere (pip --user): their folders only, never sys.path as a
    # whole (it holds the folder grading was started from: the course root).
    paths.update(Path(p) for p in site.getsitepackages())
    if site.ENABLE_USER_SITE:
        paths.add(Path(site.getusersitepackages()))
    out = set()
    for p in paths:
        if p.exists():
            out.add(p.absolute())
            out.add(p.resolve())
    return sorted(out)


_SYSTEM = ("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")


def bwrap_command(
    *,
    writable: list[Path],
    hide: Sequence[Path] = (),
    env: dict[str, str] | None = None,
    home: str = "/tmp/home",
    bwrap: str | None = None,
) -> list[str]:
    """The ``bwrap`` command line (up to and including ``--``) of a grading sandbox.

    ``writable`` folders (the working folder, the kernel's socket folder) are bound at the
    same path; ``hide`` paths get an empty tmpfs when they are inside something readable.
    """
    args = [bwrap or shutil.which("bwrap") or "bwrap"]
    # A user namespace and no capabilities, even when run as root: nothing can be remounted
    # (the process limit still does not bind root: see exercises/README.md).
    args += [
        "--unshare-all",
        "--unshare-user",
        "--die-with-parent",
        "--new-session",
        "--cap-drop",
        "ALL",
        "--hostname",
        "sandbox",
    ]
    for top in _SYSTEM:
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    args += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    if Path(home) not in [Path(w) for w in writable]:
        args += ["--dir", home]
    readable = _readable_paths()
    for path in readable:
        args += ["--ro-bind", str(path), str(path)]
    for path in hide:
        path = Path(path).absolute()
        if path.is_dir() and any(path.is_relative_to(r) for r in readable):
            args += ["--tmpfs", str(path)]
    for path in writable:
        args += ["--bind", str(path), str(path)]
    args += ["--clearenv"]
    for key, value in sorted((env or {}).items()):
        if key in _KEEP_ENV or key.startswith(_KEEP_PREFIXES):
            args += ["--setenv", key, value]
    search_path = os.pathsep.join(
        [str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin", "/bin"]
    )
    args += ["--setenv", "PATH", search_path, "--setenv", "HOME", home]
    args += ["--setenv", "MPLCONFIGDIR", f"{home}/.matplotlib"]
    # The grader's pid means nothing in the sandbox's pid namespace; 1 = no parent polling
    # (--die-with-parent ends the kernel with the grader) and no console banner.
    args += ["--setenv", "JPY_PARENT_PID", "1"]
    # Progress tracking of the course widgets: never into the instructor's database.
    args += ["--setenv", "KAMTOOLS_PROGRESS", "off"]
    args += ["--setenv", "PYTHONDONTWRITEBYTECODE", "1", "--chdir", str(writable[0]), "--"]
    return args


def sandbox_problem(bwrap: str | None = None) -> str | None:
    """None when a bubblewrap sandbox can be made here, else why not (in plain words).

    ``bwrap`` is looked up on ``PATH`` unless given; a trial sandbox is started once per
    program and ``bwrap`` found.
    """
    exe = bwrap or shutil.which("bwrap")
    if not exe:
        return (
            "bubblewrap (the program `bwrap`) is not installed or not on PATH; install it "
            "with `sudo apt-get install bubblewrap`"
        )
    return _probe(exe)


def prepare() -> None:
    """Once before grading: byte-compile kamtools where it is installed. Inside the sandbox
    the package is read-only, so every kernel would otherwise recompile a changed module."""
    import compileall

    import kamtools

    try:
        compileall.compile_dir(Path(kamtools.__file__).parent, quiet=2, workers=1)
    except OSError:  # a read-only installation: kernels compile in memory, a bit slower
        pass


@functools.cache
def _probe(exe: str) -> str | None:
    with tempfile.TemporaryDirectory(prefix="kamtools-sandbox-check-") as tmp:
        cmd = bwrap_command(writable=[Path(tmp)], bwrap=exe)
        try:
            done = subprocess.run(
                [*cmd, sys.executable, "-I", "-S", "-c", "print('ok')"],
                capture_output=True,
                text=True,
                timeout=60,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"bubblewrap could not be started ({exc})"
    if done.returncode != 0 or done.stdout.strip() != "ok":
        why = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return (
            f"bubblewrap is installed but cannot make a sandbox here ({why}); "
            "unprivileged user namespaces may be switched off "
            "(sysctl kernel.unprivileged_userns_clone=1), or a container forbids them"
        )
    return None


class SandboxKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel runs inside a bubblewrap sandbox (``ipc`` transport)."""

    sandbox_workdir = Unicode("", help="working folder of the kernel (bound writable)")
    sandbox_home = Unicode("", help="HOME of the kernel (bound writable)")
    sandbox_hide = List(Unicode(), help="paths to cover with an empty tmpfs")
    sandbox_limits = List(
        Integer(), [4096, 600, 256, 200], help="memory MB, CPU s, processes, file MB"
    )

    async def _async_pre_start_kernel(self, **kw: Any) -> tuple[list[str], dict[str, Any]]:
        # Interrupts as messages: SIGINT to `bwrap` would not reach the kernel inside.
        spec = self.kernel_spec
        assert spec is not None  # a kernel is being started: its spec is known
        spec.interrupt_mode = "message"
        return await super()._async_pre_start_kernel(**kw)

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        env = kw.get("env") or {}
        folders = [self.sandbox_workdir, str(Path(self.connection_file).parent)]
        prefix = bwrap_command(
            writable=[Path(f) for f in [*folders, self.sandbox_home] if f],
            hide=[Path(p) for p in self.sandbox_hide],
            env=env,
            **({"home": self.sandbox_home} if self.sandbox_home else {}),
        )
        limits = Limits(*self.sandbox_limits).wrapper()
        kw["cwd"] = self.sandbox_workdir
        await super()._async_launch_kernel([*prefix, *limits, *kernel_cmd], **kw)


def _is_question(cell: NotebookNode) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("solution") or meta.get("grade"))


class GradingExecute(Execute):
    """nbgrader's ``Execute`` with a per-question timeout and, optionally, the sandbox."""

    sandbox = Bool(False, help="run the kernel in a bubblewrap sandbox").tag(config=True)
    question_timeout = Integer(
        15,
        allow_none=True,
        help="seconds an answer or test cell may run (other cells: Execute.timeout); "
        "None or 0: Execute.timeout for every cell",
    ).tag(config=True)
    hide = List(Unicode(), help="paths hidden from the kernel (course root, exchange)").tag(
        config=True
    )
    memory_mb = Integer(Limits.memory_mb, help="address space limit of the kernel").tag(config=True)
    cpu_seconds = Integer(Limits.cpu_seconds, help="CPU seconds of the kernel").tag(config=True)
    processes = Integer(Limits.processes, help="processes and threads").tag(config=True)
    file_mb = Integer(Limits.file_mb, help="largest file written").tag(config=True)

    @default("shutdown_kernel")
    def _shutdown_kernel_default(self) -> str:
        # Every output is in the notebook when the kernel is stopped: kill it at once
        # instead of nbclient's polite shutdown (about a second per submission).
        return "immediate"

    def _cell_timeout(self, cell: NotebookNode) -> int | None:
        if self.question_timeout and _is_question(cell):
            return self.question_timeout
        return self.timeout

    def preprocess(
        self,
        nb: NotebookNode,
        resources: dict[str, Any] | None = None,
        km: KernelManager | None = None,
    ) -> tuple[NotebookNode, dict[str, Any]]:
        self.timeout_func = self._cell_timeout
        if not self.sandbox:
            return super().preprocess(nb, resources, km=km)
        resources = resources if resources is not None else {}
        metadata = resources.setdefault("metadata", {})
        original = metadata.get("path")
        with tempfile.TemporaryDirectory(prefix="kamtools-sandbox-") as tmp:
            work, sockets, home = Path(tmp) / "work", Path(tmp) / "kernel", Path(tmp) / "home"
            work.mkdir()
            sockets.mkdir(mode=0o700)
            _seed_home(home)
            if original:
                _copy_assignment_files(Path(original), work)
            metadata["path"] = str(work)
            try:
                self._sandbox_dirs = (work, sockets, home)
                return super().preprocess(nb, resources, km=km)
            finally:
                metadata["path"] = original

    def create_kernel_manager(self) -> KernelManager:
        if not self.sandbox:
            return super().create_kernel_manager()
        work, sockets, home = self._sandbox_dirs
        self.kernel_manager_class = SandboxKernelManager
        km = super().create_kernel_manager()
        km.transport = "ipc"
        km.connection_file = str(sockets / "kernel.json")
        km.ip = str(sockets / "k")
        km.sandbox_workdir = str(work)
        km.sandbox_home = str(home)
        km.sandbox_hide = list(self.hide)
        km.sandbox_limits = [self.memory_mb, self.cpu_seconds, self.processes, self.file_mb]
        return km


def _seed_home(home: Path) -> None:
    """An empty home for the kernel, with matplotlib's font list copied in: without it,
    matplotlib (imported by kamtools) scans every font at each kernel start (~0.5 s)."""
    target = home / ".matplotlib"
    target.mkdir(parents=True)
    try:
        import matplotlib

        for font_list in Path(matplotlib.get_cachedir()).glob("fontlist-*.json"):
            shutil.copy2(font_list, target / font_list.name)
    except (ImportError, OSError):  # no matplotlib, or no cache yet: it builds one
        pass


def _copy_assignment_files(folder: Path, work: Path) -> None:
    """Copy the files beside the notebook (data handed out with the assignment), but no
    notebook: the one being graded has the hidden tests restored in it."""
    for path in folder.rglob("*"):
        rel = path.relative_to(folder)
        if path.suffix == ".ipynb" or ".ipynb_checkpoints" in rel.parts or path.is_symlink():
            continue
        if path.is_dir():
            (work / rel).mkdir(parents=True, exist_ok=True)
        elif path.is_file():
            (work / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, work / rel)


def configure(
    config: Config,
    *,
    course_dir: Path,
    sandbox: bool,
    question_timeout: int | None = None,
) -> None:
    """Make nbgrader's ``Autograde`` execute with :class:`GradingExecute` (in place).

    Only the ``Execute`` step of ``Autograde.autograde_preprocessors`` is replaced; the
    other steps (restoring locked cells, saving grades, ...) stay nbgrader's own.
    ``question_timeout`` overrides ``GradingExecute.question_timeout`` of the course
    configuration when given.
    """
    from nbgrader.converters import Autograde

    steps = config.Autograde.get("autograde_preprocessors")
    if not steps:
        steps = Autograde.class_traits()["autograde_preprocessors"].default()
    config.Autograde.autograde_preprocessors = [
        GradingExecute if step is Execute or step == "nbgrader.preprocessors.Execute" else step
        for step in steps
    ]
    config.GradingExecute.sandbox = bool(sandbox)
    if question_timeout is not None:
        if question_timeout <= 0:
            raise GradingError(
                f"timeout: must be a positive number of seconds, got {question_timeout!r}"
            )
        config.GradingExecute.question_timeout = int(question_timeout)
    hide = [str(Path(course_dir).resolve())]
    exchange = config.get("Exchange", {}).get("root")
    if exchange:
        hide.append(str(Path(exchange).resolve()))
    config.GradingExecute.hide = hide


def sandbox_wanted(config: Config) -> bool:
    """Whether the course configuration asks for the sandbox (the default: yes)."""
    return bool(config.get("GradingExecute", {}).get("sandbox", True))
