"""Make the nbgitpuller link that gives every participant the course on a JupyterHub.

A participant who opens the link logs in to the hub (if not yet logged in), their server
starts, nbgitpuller clones the course repository into their home folder (or, on a later
click, merges the new commits without overwriting their own changes), and JupyterLab opens
the first notebook::

    python tools/nbgitpuller_link.py --hub https://hub.example.org \\
        --repo https://github.com/example/kam-academy --branch main

    https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2F...

Options: ``--path`` the notebook to open (``course/00_start_here.ipynb``), ``--targetpath``
the folder in each home (the repository's name). See course/JUPYTERHUB.md.
"""

from __future__ import annotations

import argparse
import posixpath
import re
import sys
import urllib.parse

__all__ = ["DEFAULT_PATH", "git_pull_link", "git_pull_path", "lab_path", "repo_folder", "main"]

#: The notebook a participant lands on.
DEFAULT_PATH = "course/00_start_here.ipynb"

_SCHEMES = ("http", "https")
_REPO_SCHEMES = ("http", "https", "git", "ssh", "file")


def _check_relative(name: str, value: str) -> str:
    """``value`` as a clean relative POSIX path, or a ValueError naming ``name``."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(
            f"`{name}` must be a relative path such as {DEFAULT_PATH!r}, got {value!r}."
        )
    clean = posixpath.normpath(value.strip().replace("\\", "/"))
    if clean.startswith("/") or clean == ".." or clean.startswith("../"):
        raise ValueError(
            f"`{name}` must be a path inside the course repository such as {DEFAULT_PATH!r}, "
            f"but {value!r} points outside it."
        )
    return clean


def repo_folder(repo: str) -> str:
    """The folder nbgitpuller clones ``repo`` into: its last path part without ``.git``.

    >>> repo_folder("https://github.com/example/kam-academy.git")
    'kam-academy'
    """
    name = repo.rstrip("/").split("/")[-1].split(":")[-1]
    name = name[: -len(".git")] if name.endswith(".git") else name
    if not name or name in (".", ".."):
        raise ValueError(f"`repo` must end with the repository's name, but {repo!r} does not.")
    return name


def lab_path(targetpath: str, path: str = DEFAULT_PATH) -> str:
    """JupyterLab's path (below a user's server) of ``path`` in the pulled folder.

    >>> lab_path("kam-academy")
    'lab/tree/kam-academy/course/00_start_here.ipynb'
    """
    folder = _check_relative("targetpath", targetpath)
    if "/" in folder or folder == ".":
        raise ValueError(
            f"`targetpath` must be a single folder name such as 'kam-academy', got {targetpath!r}."
        )
    return f"lab/tree/{folder}/{_check_relative('path', path)}"


def git_pull_path(
    repo: str,
    *,
    branch: str = "main",
    path: str = DEFAULT_PATH,
    targetpath: str | None = None,
) -> str:
    """``git-pull?...``: nbgitpuller's address below a user's server, with its query.

    >>> git_pull_path("https://github.com/example/kam-academy", branch="main")
    'git-pull?repo=https%3A%2F%2Fgithub.com%2Fexample%2Fkam-academy&branch=main&targetpath=kam-academy&urlpath=lab%2Ftree%2Fkam-academy%2Fcourse%2F00_start_here.ipynb'
    """
    if not isinstance(repo, str) or not repo.strip():
        raise ValueError(f"`repo` must be the git URL of the course repository, got {repo!r}.")
    repo = repo.strip()
    scheme = urllib.parse.urlsplit(repo).scheme
    scp_like = re.fullmatch(r"[\w.-]+@[\w.-]+:.+", repo)  # git@host:org/repo.git
    if scheme not in _REPO_SCHEMES and not scp_like:
        raise ValueError(
            f"`repo` must be a git URL starting with one of {', '.join(_REPO_SCHEMES)} "
            f"(e.g. 'https://github.com/example/kam-academy'), but {repo!r} was given."
        )
    if not isinstance(branch, str) or not re.fullmatch(r"[\w./-]+", branch) or ".." in branch:
        raise ValueError(f"`branch` must be a git branch name such as 'main', got {branch!r}.")
    folder = repo_folder(repo) if targetpath is None else targetpath
    query = {
        "repo": repo,
        "branch": branch,
        "targetpath": _check_relative("targetpath", folder),
        "urlpath": lab_path(folder, path),
    }
    return "git-pull?" + urllib.parse.urlencode(query, quote_via=urllib.parse.quote, safe="")


def git_pull_link(
    hub: str,
    repo: str,
    *,
    branch: str = "main",
    path: str = DEFAULT_PATH,
    targetpath: str | None = None,
) -> str:
    """The link to hand out: ``<hub>/hub/user-redirect/git-pull?...``.

    ``hub`` is the address participants open (with a prefix if the hub has a base URL).

    >>> link = git_pull_link("https://hub.example.org/", "https://github.com/example/kam-academy")
    >>> link.split("?")[0]
    'https://hub.example.org/hub/user-redirect/git-pull'
    """
    if not isinstance(hub, str):
        raise ValueError(
            f"`hub` must be the hub's address, e.g. 'https://hub.example.org', got {hub!r}."
        )
    parts = urllib.parse.urlsplit(hub.strip())
    if parts.scheme not in _SCHEMES or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(
            "`hub` must be the hub's address starting with http:// or https://, "
            f"e.g. 'https://hub.example.org', but {hub!r} was given."
        )
    base = f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
    pull = git_pull_path(repo, branch=branch, path=path, targetpath=targetpath)
    return f"{base}/hub/user-redirect/{pull}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Print the nbgitpuller link that opens the KAM Academy course on a hub."
    )
    parser.add_argument(
        "--hub", required=True, help="the hub's address, e.g. https://hub.example.org"
    )
    parser.add_argument("--repo", required=True, help="git URL of the course repository")
    parser.add_argument("--branch", default="main", help="branch to pull (default: main)")
    parser.add_argument("--path", default=DEFAULT_PATH, help=f"notebook to open ({DEFAULT_PATH})")
    parser.add_argument(
        "--targetpath", help="folder in each home to pull into (default: the repository's name)"
    )
    args = parser.parse_args(argv)
    try:
        link = git_pull_link(
            args.hub, args.repo, branch=args.branch, path=args.path, targetpath=args.targetpath
        )
    except ValueError as exc:
        parser.error(str(exc))
    print(link)
    return 0


if __name__ == "__main__":
    sys.exit(main())
