"""Hand assignments out and collect them: nbgrader's folder layout, zip files, or the exchange."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from kamtools.errors import GradingError
from kamtools.grading.course import (
    add_to_record,
    check_submission,
    describe_delay,
    load_config,
    make_api,
    read_timestamp,
    submission_files,
    write_timestamp,
)
from kamtools.grading.integrity import hidden_lines, secrets, solution_lines, visible_lines
from kamtools.grading.markers import Markers
from kamtools.grading.markers import markers as read_markers

if TYPE_CHECKING:
    from nbgrader.apps import NbGraderAPI
    from nbgrader.plugins import FileNameCollectorPlugin

__all__ = [
    "ARCHIVE_DIR",
    "CollectReport",
    "CollectedStudent",
    "archive_folder",
    "collect",
    "collect_exchange",
    "collect_zip",
    "due_date",
    "ensure_exchange",
    "generate",
    "mark_handed_out",
    "release",
    "set_due_date",
    "source_assignments",
    "student_version_leaks",
    "zip_folder",
]


#: Earlier and replaced submissions: archive/<assignment>/<student>/<time>/
ARCHIVE_DIR = "archive"


def source_assignments(course_dir: Path) -> list[str]:
    """Assignments in ``source/`` (folders holding at least one notebook)."""
    root = course_dir / "source"
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def _check_assignment(course_dir: Path, assignment: str) -> None:
    known = source_assignments(course_dir)
    if assignment not in known:
        raise GradingError(
            f"assignment: {assignment!r} is not in {course_dir / 'source'} (known: {known})"
        )


def _cells(path: Path) -> list[dict]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if isinstance(cell.get("source"), list):
            cell["source"] = "".join(cell["source"])
    return cells


def student_version_leaks(source: Path, student: Path, markers: Markers | None = None) -> list[str]:
    """Solution text, model answers and hidden tests of ``source`` found in ``student``.

    Regions are found by ``markers``, the course's delimiters (default: nbgrader's).
    Returns the offending lines (whitespace removed); an empty list means the student
    version is clean.
    """
    secret_lines: list[str] = []
    public: list[str] = []
    for cell in _cells(source):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        text = cell["source"]
        if meta.get("solution") and cell["cell_type"] == "markdown":
            secret_lines += text.splitlines()  # the model answer of a written question
        elif meta.get("solution"):
            secret_lines += solution_lines(text, markers)
        elif meta.get("grade"):
            secret_lines += hidden_lines(text, markers)
            public += visible_lines(text, markers)
        else:
            public += text.splitlines()
    student_text = "\n".join(c["source"] for c in _cells(student))
    squashed = "".join(student_text.split())
    return [line for line in secrets(secret_lines, "\n".join(public)) if line in squashed]


def _fix_expected_values(api: NbGraderAPI) -> None:
    """Run FixExpectedValues first in nbgrader's generate pipeline (see grading/expected.py)."""
    from nbgrader.converters import GenerateAssignment

    from kamtools.grading.expected import FixExpectedValues

    steps = list(GenerateAssignment.class_traits()["preprocessors"].default())
    api.config.GenerateAssignment.preprocessors = [FixExpectedValues, *steps]


def generate(course_dir: Path, assignment: str) -> Path:
    """Make the student version in ``release/<assignment>/`` and check nothing leaked."""
    _check_assignment(course_dir, assignment)
    api = make_api(course_dir)
    _fix_expected_values(api)
    result = api.generate_assignment(assignment, force=True, create=True)
    if not result["success"]:
        raise GradingError(
            f"assignment {assignment!r}: nbgrader could not generate it:\n{result['error']}"
        )
    out = course_dir / "release" / assignment
    marks = read_markers(api.config)
    for source in sorted((course_dir / "source" / assignment).glob("*.ipynb")):
        leaks = student_version_leaks(source, out / source.name, marks)
        if leaks:
            raise GradingError(
                f"{out / source.name}: the student version still contains solution or hidden "
                f"test text, e.g. {leaks[0]!r}. Check the BEGIN/END markers in {source}."
            )
    return out


def zip_folder(folder: Path, destination: Path, *, prefix: str = "") -> Path:
    """Zip every file under ``folder`` (paths relative to it, under ``prefix``)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(destination, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and ".ipynb_checkpoints" not in path.parts:
                archive.write(path, str(Path(prefix) / path.relative_to(folder)))
    return destination


def ensure_exchange(api: NbGraderAPI) -> Path:
    """Create the exchange folder if missing, writable by every user (sticky, like /tmp)."""
    from nbgrader.exchange.default.exchange import Exchange

    root = Path(Exchange(config=api.config).root)  # the configured root, or nbgrader's default
    if not root.exists():
        try:
            root.mkdir(parents=True)
            root.chmod(0o777 | stat.S_ISVTX)
        except PermissionError:
            raise GradingError(
                f"exchange: cannot create {root}; create it as an administrator "
                f"(sudo mkdir -p {root} && sudo chmod 1777 {root}) or set KAMTOOLS_EXCHANGE"
            ) from None
    return root


def _outbound(api: NbGraderAPI, assignment: str) -> Path:
    from nbgrader.exchange.default.exchange import Exchange

    exchange = Exchange(config=api.config)
    return Path(exchange.root) / api.coursedir.course_id / "outbound" / assignment


def set_due_date(course_dir: Path, assignment: str, due: datetime) -> None:
    """Store the due date (naive UTC) in the gradebook: nbgrader marks later submissions late."""
    api = make_api(course_dir)
    with api.gradebook as gb:
        gb.update_or_create_assignment(assignment, duedate=due)
    add_to_record(
        course_dir, assignment, "handed_out", {"how": "due date set", "due": due, "when": _now()}
    )


def due_date(course_dir: Path, assignment: str) -> datetime | None:
    """The assignment's due date from the gradebook (naive UTC), if one was set."""
    from nbgrader.api import MissingEntry

    api = make_api(course_dir)
    with api.gradebook as gb:
        try:
            return gb.find_assignment(assignment).duedate
        except MissingEntry:
            return None


def mark_handed_out(course_dir: Path, assignment: str, how: str) -> None:
    """Note that the assignment was given to students, so that the export lists it."""
    add_to_record(course_dir, assignment, "handed_out", {"how": how, "when": _now()})


def release(
    course_dir: Path, assignment: str, *, force: bool = False, due: datetime | None = None
) -> Path:
    """Generate and release to the exchange (JupyterHub or a shared machine).

    Releasing again replaces the version in the exchange only with ``force`` (nbgrader's
    ``--force``): students who fetched already keep their copy.
    """
    _check_assignment(course_dir, assignment)
    api = make_api(course_dir)
    outbound = _outbound(api, assignment)
    if outbound.exists() and not force:
        raise GradingError(
            f"assignment {assignment!r} is already released ({outbound}); students may have "
            f"fetched it. To replace it, run: kamtools release {assignment} --force "
            "(students who fetched it keep their copy until they fetch again)"
        )
    generate(course_dir, assignment)
    if due is not None:
        set_due_date(course_dir, assignment, due)
    api = make_api(course_dir)
    root = ensure_exchange(api)
    api.config.ExchangeReleaseAssignment.force = force
    result = api.release_assignment(assignment)
    if not result["success"]:
        raise GradingError(f"assignment {assignment!r}: release failed: {_cause(result)}")
    mark_handed_out(course_dir, assignment, "released to the exchange")
    return root


def _cause(result: dict) -> str:
    """The real cause in an nbgrader result: its last error line, not 'see the traceback'."""
    text = (result.get("error") or "") + "\n" + (result.get("log") or "")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    for line in reversed(lines):
        if "Please see" in line or line.startswith("Traceback"):
            continue
        if "Error" in line or "Exception" in line or "[ERROR]" in line or "fail" in line:
            return line
    return lines[-1] if lines else "unknown error"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# --- collect ---------------------------------------------------------------------------------

#: Largest file taken out of a zip (a notebook with plots is a few MB).
MAX_FILE_BYTES = 200 * 1024 * 1024
_ZIP_JUNK = ("__MACOSX/", ".ipynb_checkpoints/")
_UNSET_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass
class CollectedStudent:
    """What collect did with one student's submission."""

    student: str
    status: str  # new, replaced, unchanged, older, empty, misnamed, failed
    timestamp: datetime | None = None  # naive UTC
    late: str = ""  # how late, when after the due date
    note: str = ""

    def line(self) -> str:
        when = f"{self.timestamp:%Y-%m-%d %H:%M} UTC" if self.timestamp else "time unknown"
        late = f", LATE by {self.late}" if self.late else ""
        note = f" — {self.note}" if self.note else ""
        return f"  {self.student}: {self.status} ({when}{late}){note}"


@dataclass
class CollectReport:
    """The result of one ``kamtools collect``."""

    assignment: str
    students: list[CollectedStudent] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files that belong to no student
    in_submitted: list[str] = field(default_factory=list)
    times: str = ""  # where the submission times came from

    @property
    def ok(self) -> bool:
        return not any(s.status == "failed" for s in self.students)

    def summary(self) -> str:
        lines = [
            f"{self.assignment}: {len(self.students)} student(s) in this collect, "
            f"{len(self.in_submitted)} submission folder(s) now in submitted/"
        ]
        if self.times:
            lines.append(f"Submission times: {self.times}.")
        lines += [s.line() for s in sorted(self.students, key=lambda s: s.student)]
        if self.skipped:
            lines.append("Not collected (no student recognised):")
            lines += [f"  {reason}" for reason in self.skipped]
        attention = [
            s for s in self.students if s.status in ("empty", "misnamed", "failed") or s.late
        ]
        if attention:
            names = ", ".join(s.student for s in attention)
            lines.append(f"Look at: {names} (empty, misnamed, failed or late).")
        return "\n".join(lines)


def _collector(course_dir: Path) -> FileNameCollectorPlugin:
    """nbgrader's file-name collector plugin, configured by the course's nbgrader_config.py."""
    from nbgrader.apps.zipcollectapp import ZipCollectApp

    config = load_config(course_dir)
    plugin_class = ZipCollectApp(config=config).collector_plugin
    plugin = plugin_class(config=config)
    logging.getLogger("traitlets").setLevel(logging.ERROR)  # "did not match" chatter
    return plugin


def _safe_part(value: str, what: str) -> str:
    parts = value.replace("\\", "/").split("/")
    if not value or value.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"{what} {value!r} is not a safe folder or file name")
    return "/".join(parts)


def _zip_time(info: zipfile.ZipInfo) -> datetime | None:
    """A zip entry's modification time as naive UTC (zip times are local, zone-less)."""
    if tuple(info.date_time) <= _UNSET_ZIP_TIME:
        return None
    try:
        local = datetime(*info.date_time).astimezone()  # this computer's time zone
    except (ValueError, OverflowError):
        return None
    return local.astimezone(UTC).replace(tzinfo=None)


_DASHED_TIME = re.compile(r"^(\d{4})-(\d\d)-(\d\d)[-_T ](\d\d)[-_:](\d\d)(?:[-_:](\d\d))?$")


def _named_time(matched: dict) -> datetime | None:
    """The time in the file name: the ``timestamp`` group of nbgrader's pattern, if any."""
    from nbgrader.utils import parse_utc

    stamp = matched.get("timestamp")
    if isinstance(stamp, str) and stamp.strip():
        dashed = _DASHED_TIME.match(stamp.strip())
        if dashed:  # Blackboard's 2026-12-10-11-05-00, which dateutil misreads
            year, month, day, hour, minute, second = (int(p) for p in dashed.groups(default="0"))
            try:
                return datetime(year, month, day, hour, minute, second)
            except ValueError:
                return None
        try:
            return parse_utc(stamp)
        except (ValueError, OverflowError):
            return None
    return None


#: Zip times closer together than this are one moment: when the zip was made.
_SAME_MOMENT = timedelta(minutes=2)


def _settle_times(students: dict[str, list], archive: Path, report: CollectReport) -> None:
    """Give every entry its submission time, and say in the report where times came from.

    A time in the file name wins. Otherwise the time stored in the zip is used — unless the
    zip's times are all one moment (several students at the same minute, or one student at
    the minute the zip was downloaded): then they are when the LMS made the zip (Canvas
    does this), not when anyone handed in, and the submissions get no time.
    """
    entries = [e for group in students.values() for e in group]
    from_zip = [
        (s, e.zip_time)
        for s, group in students.items()
        for e in group
        if e.named_time is None and e.zip_time
    ]
    made_at = False
    if from_zip:
        times = [t for _, t in from_zip]
        one_moment = max(times) - min(times) <= _SAME_MOMENT
        downloaded = datetime.fromtimestamp(archive.stat().st_mtime, UTC).replace(tzinfo=None)
        made_at = one_moment and (
            len({s for s, _ in from_zip}) > 1
            or abs(max(times) - downloaded) <= timedelta(minutes=15)
        )
    for entry in entries:
        entry.timestamp = entry.named_time or (None if made_at else entry.zip_time)
    sources = []
    if any(e.named_time for e in entries):
        sources.append("the time in the file name")
    if from_zip and not made_at:
        sources.append(
            "the time stored in the zip for each file (read in this computer's time zone)"
        )
    if made_at:
        report.times = (
            "none: every file in the zip has the same time, the moment the zip was made, "
            "so it says nothing about when students handed in (the zip collected last wins)"
        )
    else:
        report.times = " or ".join(sources) or "none: the zip stores no times"


@dataclass
class _Entry:
    name: str  # path in the zip
    file_id: str  # path under submitted/<student>/<assignment>/
    data: bytes
    named_time: datetime | None  # from the file name (nbgrader's timestamp group)
    zip_time: datetime | None  # stored in the zip for the file
    order: int
    timestamp: datetime | None = None  # the submission time, see _settle_times


def _read_zip(
    archive: Path, plugin: FileNameCollectorPlugin, notebooks: list[str], report: CollectReport
) -> tuple[dict[str, list[_Entry]], set[str]]:
    """{student: [entries]} plus students whose folder in the zip holds no file."""
    students: dict[str, list[_Entry]] = {}
    folders: set[str] = set()
    probe = f"{notebooks[0]}.ipynb" if notebooks else "notebook.ipynb"

    def student_of(path: str) -> dict | None:
        matched = plugin.collect(path)
        return dict(matched) if matched else None

    with zipfile.ZipFile(archive) as zf:
        for order, info in enumerate(zf.infolist()):
            name = info.filename
            if any(junk in f"/{name}" for junk in (f"/{j}" for j in _ZIP_JUNK)):
                continue
            base = name.rstrip("/").rsplit("/", 1)[-1]
            if base in (".DS_Store", "Thumbs.db", "desktop.ini"):
                continue
            if info.is_dir():
                matched = student_of(f"{name.rstrip('/')}/{probe}")
                if matched and matched.get("student_id"):
                    folders.add(matched["student_id"])
                continue
            matched = student_of(name)
            if not matched:
                # not a notebook, or a name the pattern does not know: whose folder is it in?
                folder = name.rsplit("/", 1)[0] if "/" in name else ""
                owner = student_of(f"{folder}/{probe}") if folder else None
                if not owner or not owner.get("student_id"):
                    report.skipped.append(
                        f"{name}: not in a student folder (expected <student_id>/{probe})"
                    )
                    continue
                matched = {**owner, "file_id": base}
            try:
                student = _safe_part(str(matched.get("student_id", "")), "student id")
                if "/" in student:
                    raise ValueError(f"student id {student!r} contains '/'")
                file_id = _safe_part(str(matched.get("file_id", "")), "file name")
            except ValueError as exc:
                report.skipped.append(f"{name}: {exc}")
                continue
            if info.file_size > MAX_FILE_BYTES:
                report.skipped.append(
                    f"{name} ({student}): {info.file_size} bytes, larger than the "
                    f"{MAX_FILE_BYTES // 2**20} MB a submission may have"
                )
                folders.add(student)
                continue
            try:
                data = zf.read(info)
            except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
                report.skipped.append(f"{name} ({student}): cannot be read from the zip: {exc}")
                folders.add(student)
                continue
            entry = _Entry(name, file_id, data, _named_time(matched), _zip_time(info), order)
            students.setdefault(student, []).append(entry)
    return students, folders - set(students)


def _label(when: datetime | None, fallback: Path | None = None) -> str:
    if when is None and fallback is not None and fallback.exists():
        when = datetime.fromtimestamp(fallback.stat().st_mtime, UTC).replace(tzinfo=None)
        return f"collected-{when:%Y-%m-%dT%H-%M-%S}"
    if when is None:
        return f"collected-{_now():%Y-%m-%dT%H-%M-%S}"
    return f"{when:%Y-%m-%dT%H-%M-%S}"


def _unique(path: Path) -> Path:
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


def _archived_copy(archive: Path, files: dict[str, bytes]) -> Path | None:
    """The folder of ``archive`` already holding exactly ``files``, if there is one."""
    if not archive.is_dir():
        return None
    for folder in sorted(archive.iterdir()):
        held = {p.relative_to(folder).as_posix(): p for p in submission_files(folder)}
        if set(held) == set(files) and all(held[k].read_bytes() == files[k] for k in files):
            return folder
    return None


def _write_files(folder: Path, files: dict[str, bytes], when: datetime | None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for file_id, data in files.items():
        target = folder / file_id
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    if when is not None:
        write_timestamp(folder, when)


def archive_folder(course_dir: Path, assignment: str, student: str) -> Path:
    """Where earlier or replaced submissions of ``student`` are kept."""
    return course_dir / ARCHIVE_DIR / assignment / student


def _collect_student(
    course_dir: Path,
    assignment: str,
    student: str,
    entries: list[_Entry],
    notebooks: list[str],
    due: datetime | None,
) -> CollectedStudent:
    archive = archive_folder(course_dir, assignment, student)
    result = CollectedStudent(student, "new")
    notes = []
    # several copies of one file in the zip: the latest is the submission, the rest archived
    chosen: dict[str, _Entry] = {}
    for entry in sorted(entries, key=lambda e: (e.timestamp or datetime.min, e.order)):
        earlier = chosen.get(entry.file_id)
        if earlier is not None:
            if earlier.data != entry.data:
                if _archived_copy(archive, {earlier.file_id: earlier.data}) is None:
                    _write_files(
                        _unique(archive / _label(earlier.timestamp)),
                        {earlier.file_id: earlier.data},
                        earlier.timestamp,
                    )
                why = (
                    "the later one kept"
                    if earlier.timestamp and entry.timestamp
                    else "no times to tell which is later: kept the last one in the zip"
                )
                notes.append(f"two versions of {entry.file_id} in the zip, {why}; other archived")
        chosen[entry.file_id] = entry
    files = {file_id: e.data for file_id, e in chosen.items()}
    times = [e.timestamp for e in chosen.values() if e.timestamp is not None]
    new_time = max(times) if times else None
    result.timestamp = new_time

    target = course_dir / "submitted" / student / assignment
    existing = submission_files(target)
    old_time = read_timestamp(target)
    if not files:
        result.status = "empty"
        if existing:
            result.timestamp = old_time
            notes.append("the folder in this zip is empty; kept the submission collected before")
        else:
            target.mkdir(parents=True, exist_ok=True)
            notes.append("the student's folder in the zip holds no file")
        result.note = "; ".join(notes)
        return result

    old_files = {p.relative_to(target).as_posix(): p.read_bytes() for p in existing}
    if existing and old_files == files:
        result.status = "unchanged"
        if old_time is None and new_time is not None:
            write_timestamp(target, new_time)
        result.timestamp = old_time or new_time
    elif existing and new_time is not None and old_time is not None and new_time < old_time:
        result.status = "older"
        kept = _archived_copy(archive, files)
        if kept is None:
            kept = _unique(archive / _label(new_time))
            _write_files(kept, files, new_time)
        result.timestamp = old_time
        notes.append(
            f"this zip's version is older than the one collected before "
            f"({old_time:%Y-%m-%d %H:%M} UTC), which is kept; this one is in {kept}"
        )
    else:
        if existing:
            moved = _unique(archive / _label(old_time, target))
            moved.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(target), str(moved))
            result.status = "replaced"
            notes.append(f"earlier submission archived in {moved}")
        elif target.exists():
            shutil.rmtree(target)  # an empty folder from an earlier zip
        _write_files(target, files, new_time)
        present = [nb for nb in notebooks if f"{nb}.ipynb" in files]
        if not present:
            result.status = "misnamed"
            expected = " or ".join(f"{nb}.ipynb" for nb in notebooks)
            notes.append(
                f"no {expected} (found: {', '.join(sorted(files))}); rename it in {target} "
                "if it is the notebook"
            )
    if due is not None and result.timestamp is not None and result.timestamp > due:
        result.late = describe_delay((result.timestamp - due).total_seconds())
    result.note = "; ".join(notes)
    return result


def _why(exc: Exception) -> str:
    """An exception in plain words: 'Permission denied: /path' rather than a repr."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}: {exc.filename}" if exc.filename else exc.strerror
    return f"{type(exc).__name__}: {exc}"


def collect_zip(course_dir: Path, assignment: str, archive: Path) -> CollectReport:
    """Bring the submissions in an LMS zip into ``submitted/<student>/<assignment>/``.

    File names are matched with nbgrader's ``FileNameCollectorPlugin`` (its ``named_regexp``
    in ``nbgrader_config.py``). The submission time is the regexp's ``timestamp`` group when
    it has one, else the time stored in the zip for the file (read in this computer's time
    zone); it is written to ``timestamp.txt``, where ``nbgrader autograde`` reads it.

    A student collected before is replaced only by a later submission (or one without a
    time: the zip collected last wins); the earlier one is moved to
    ``archive/<assignment>/<student>/<time>/``. Identical files are left alone, so collecting
    the same zip twice changes nothing. Every student is handled on their own: a problem
    with one is reported for that student, and the others are collected.
    """
    _check_assignment(course_dir, assignment)
    archive = Path(archive)
    if not archive.is_file():
        raise GradingError(f"archive: {archive} does not exist")
    if not zipfile.is_zipfile(archive):
        raise GradingError(f"archive: {archive} is not a zip file")
    notebooks = sorted(p.stem for p in (course_dir / "source" / assignment).glob("*.ipynb"))
    report = CollectReport(assignment)
    plugin = _collector(course_dir)
    try:
        students, empty = _read_zip(archive, plugin, notebooks, report)
        _settle_times(students, archive, report)
    except zipfile.BadZipFile as exc:
        raise GradingError(f"archive: {archive} cannot be read as a zip file: {exc}") from None
    due = due_date(course_dir, assignment)
    for student in sorted(set(students) | empty):
        try:
            result = _collect_student(
                course_dir, assignment, student, students.get(student, []), notebooks, due
            )
        except Exception as exc:  # one student's problem never stops the others
            result = CollectedStudent(
                student, "failed", note=f"could not be collected: {_why(exc)}"
            )
        report.students.append(result)
    from kamtools.grading.grade import submitted_students

    report.in_submitted = submitted_students(course_dir, assignment)
    add_to_record(
        course_dir,
        assignment,
        "collections",
        {
            "when": _now(),
            "zip": str(archive),
            "sha256": hashlib.sha256(archive.read_bytes()).hexdigest(),
            "students": {s.student: s.status for s in report.students},
        },
    )
    return report


def collect_exchange(course_dir: Path, assignment: str) -> CollectReport:
    """Collect the latest submission of every student from nbgrader's exchange.

    A student's earlier collected submission that a newer one replaces is moved to
    ``archive/`` (nbgrader itself would delete it).
    """
    from kamtools.grading.grade import submitted_students

    _check_assignment(course_dir, assignment)
    notebooks = sorted(p.stem for p in (course_dir / "source" / assignment).glob("*.ipynb"))
    api = make_api(course_dir)
    ensure_exchange(api)
    before = {}
    with tempfile.TemporaryDirectory() as keep:
        for student in submitted_students(course_dir, assignment):
            folder = course_dir / "submitted" / student / assignment
            copy = Path(keep) / student
            shutil.copytree(folder, copy)
            before[student] = (read_timestamp(folder), copy)
        result = api.collect(assignment)
        if not result["success"]:
            raise GradingError(f"assignment {assignment!r}: collect failed: {_cause(result)}")
        report = CollectReport(assignment, times="the time nbgrader's exchange noted at submit")
        due = due_date(course_dir, assignment)
        for student in submitted_students(course_dir, assignment):
            folder = course_dir / "submitted" / student / assignment
            when = read_timestamp(folder)
            entry = CollectedStudent(student, "new", timestamp=when)
            if student in before:
                old_time, copy = before[student]
                if old_time == when:
                    entry.status = "unchanged"
                else:
                    moved = _unique(
                        archive_folder(course_dir, assignment, student) / _label(old_time)
                    )
                    moved.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copytree(copy, moved)
                    entry.status = "replaced"
                    entry.note = f"earlier submission archived in {moved}"
            problem = check_submission(folder, notebooks)
            if problem and problem[0] in ("empty", "misnamed"):
                entry.status = problem[0]
                entry.note = "; ".join(filter(None, [entry.note, problem[1]]))
            if due is not None and when is not None and when > due:
                entry.late = describe_delay((when - due).total_seconds())
            if entry.status != "unchanged":
                report.students.append(entry)
    report.in_submitted = submitted_students(course_dir, assignment)
    add_to_record(
        course_dir,
        assignment,
        "collections",
        {
            "when": _now(),
            "exchange": True,
            "students": {s.student: s.status for s in report.students},
        },
    )
    return report


def collect(course_dir: Path, assignment: str, *, archive: Path | None = None) -> CollectReport:
    """Bring submissions into ``submitted/``: from an LMS zip file, or from the exchange."""
    if archive is not None:
        return collect_zip(course_dir, assignment, archive)
    return collect_exchange(course_dir, assignment)
