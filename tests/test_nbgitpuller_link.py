"""tools/nbgitpuller_link.py: the link a facilitator hands out opens the course on the hub.

The link itself is followed in a real browser by tests/hub/test_hub_smoke.py; here: its
parts, the checks of bad input, the command line and the docstring examples.
"""

from __future__ import annotations

import doctest
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import nbgitpuller_link as npl  # noqa: E402

REPO = "https://github.com/example/kam-academy"


def _query(link: str) -> dict[str, str]:
    parts = urllib.parse.urlsplit(link)
    query = urllib.parse.parse_qs(parts.query, strict_parsing=True)
    assert all(len(v) == 1 for v in query.values()), query
    return {k: v[0] for k, v in query.items()}


def test_link_opens_the_start_notebook_in_jupyterlab():
    link = npl.git_pull_link("https://hub.example.org", REPO, branch="main")
    parts = urllib.parse.urlsplit(link)
    assert (parts.scheme, parts.netloc) == ("https", "hub.example.org")
    assert parts.path == "/hub/user-redirect/git-pull"
    assert _query(link) == {
        "repo": REPO,
        "branch": "main",
        "targetpath": "kam-academy",
        "urlpath": "lab/tree/kam-academy/course/00_start_here.ipynb",
    }


def test_link_keeps_a_hub_prefix_and_drops_a_trailing_slash():
    link = npl.git_pull_link("https://example.org/academy/", REPO)
    assert link.startswith("https://example.org/academy/hub/user-redirect/git-pull?")


def test_repository_folder_drops_dot_git_and_can_be_chosen():
    assert _query(npl.git_pull_link("https://h.org", REPO + ".git"))["targetpath"] == "kam-academy"
    assert npl.repo_folder("git@github.com:example/kam-academy.git") == "kam-academy"
    query = _query(
        npl.git_pull_link(
            "https://h.org",
            REPO,
            branch="spring-2026",
            path="course/03_pareto_analysis.ipynb",
            targetpath="kam",
        )
    )
    assert query["branch"] == "spring-2026"
    assert query["targetpath"] == "kam"
    assert query["urlpath"] == "lab/tree/kam/course/03_pareto_analysis.ipynb"


def test_git_pull_path_is_the_part_below_a_users_server():
    path = npl.git_pull_path("file:///srv/kam-academy", branch="main")
    assert path.startswith("git-pull?")
    assert _query("http://x/" + path)["repo"] == "file:///srv/kam-academy"
    assert npl.lab_path("kam-academy") == "lab/tree/kam-academy/course/00_start_here.ipynb"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"hub": "hub.example.org"}, r"`hub` must be the hub's address .* 'hub.example.org'"),
        ({"hub": "ftp://hub.example.org"}, r"`hub` must .* 'ftp://hub.example.org'"),
        ({"hub": "https://hub.example.org/?x=1"}, r"`hub` must"),
        ({"repo": ""}, r"`repo` must be the git URL"),
        (
            {"repo": "github.com/example/kam"},
            r"`repo` must be a git URL .* 'github.com/example/kam'",
        ),
        ({"branch": "my branch"}, r"`branch` must be a git branch name .* 'my branch'"),
        ({"branch": "../main"}, r"`branch`"),
        ({"path": "../secrets.ipynb"}, r"`path` must be a path inside .* '../secrets.ipynb'"),
        ({"path": "/etc/passwd"}, r"`path` must be a path inside"),
        ({"targetpath": "a/b"}, r"`targetpath` must be a single folder name .* 'a/b'"),
        ({"targetpath": ".."}, r"`targetpath`"),
    ],
)
def test_bad_input_names_the_field_and_the_value(kwargs, message):
    args = {"hub": "https://hub.example.org", "repo": REPO, **kwargs}
    hub, repo = args.pop("hub"), args.pop("repo")
    with pytest.raises(ValueError, match=message):
        npl.git_pull_link(hub, repo, **args)


def test_command_line_prints_the_link():
    script = ROOT / "tools" / "nbgitpuller_link.py"
    done = subprocess.run(
        [sys.executable, str(script), "--hub", "https://hub.example.org", "--repo", REPO],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == npl.git_pull_link("https://hub.example.org", REPO)


def test_command_line_explains_a_bad_hub_address():
    script = ROOT / "tools" / "nbgitpuller_link.py"
    done = subprocess.run(
        [sys.executable, str(script), "--hub", "hub.example.org", "--repo", REPO],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "`hub` must be the hub's address" in done.stderr and done.stdout == ""


def test_docstring_examples():
    result = doctest.testmod(npl, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 4 and result.failed == 0
