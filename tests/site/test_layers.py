"""The layers import one way: ``casestudies/`` -> ``community/`` -> ``yokoten/``.

- ``community/`` never imports ``casestudies/``;
- ``yokoten/`` (plumbing) imports domain code only in ``urls.py`` and ``api.py``,
  and there only the modules that are mounted (``urls``, ``views``, ``api``,
  ``sitemaps``);
- no production code imports the demo package (``casestudies/demo/``), which
  production does not install.

Imports are read from the source (every ``import`` and ``from … import``,
including those inside functions), so a lazy import cannot slip through.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MOUNTABLE = ("urls", "views", "api", "sitemaps")


def imports_of(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = ".".join(path.relative_to(root).with_suffix("").parts[:-1])
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found += [f"{module}.{alias.name}" if module else alias.name for alias in node.names]
    return found


def python_files(top: str, *, without: tuple[str, ...] = ()) -> list[Path]:
    return [
        path
        for path in sorted((ROOT / top).rglob("*.py"))
        if not any(path.is_relative_to(ROOT / excluded) for excluded in without)
    ]


def offending(files, rule) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}: {name}"
        for path in files
        for name in imports_of(path)
        if rule(path, name)
    ]


def test_the_census_reads_relative_and_lazy_imports(tmp_path):
    module = tmp_path / "community" / "forum" / "services" / "sneaky.py"
    module.parent.mkdir(parents=True)
    module.write_text(
        "from ..models import Question\n"
        "def later():\n"
        "    from casestudies.cases import models\n"
        "    import casestudies.demo.seed\n"
    )
    assert imports_of(module, tmp_path) == [
        "community.forum.models.Question",
        "casestudies.cases.models",
        "casestudies.demo.seed",
    ]


def test_community_never_imports_casestudies():
    assert (
        offending(python_files("community"), lambda path, name: name.split(".")[0] == "casestudies")
        == []
    )


def test_plumbing_imports_domain_code_only_to_mount_it():
    def rule(path, name):
        if name.split(".")[0] not in ("community", "casestudies"):
            return False
        mounting = path.name in ("urls.py", "api.py") and any(
            part in MOUNTABLE for part in name.split(".")[2:3]
        )
        return not mounting

    assert offending(python_files("yokoten"), rule) == []


@pytest.mark.parametrize("top", ["yokoten", "community", "casestudies"])
def test_production_code_never_imports_the_demo_package(top):
    files = python_files(top, without=("casestudies/demo",))
    assert offending(files, lambda path, name: name.startswith("casestudies.demo")) == []
