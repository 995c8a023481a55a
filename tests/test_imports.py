"""The code's shape a newcomer relies on (issue #17): no import cycle between the app's
modules, no project import inside a function (the usual way to hide a cycle), no private
name imported from another module, and no training outside ``ui/run.py``'s ``act``."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("ui", "views", "w2v_viz")


def _modules() -> dict:
    out = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            out[name.removesuffix(".__init__")] = path
    return out


MODULES = _modules()


def _target(module: str, node: ast.ImportFrom) -> str:
    if node.level:
        base = module.split(".")
        if not MODULES[module].name == "__init__.py":
            base = base[:-1]
        base = base[: len(base) - (node.level - 1)]
        return ".".join([*base, node.module] if node.module else base)
    return node.module or ""


def _imports(module: str) -> list:
    """(imported module, names, inside a function) of each project import."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.ImportFrom):
                target = _target(module, child)
                if target.split(".")[0] in PACKAGES:
                    found.append((target, [a.name for a in child.names], in_function))
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.split(".")[0] in PACKAGES:
                        found.append((alias.name, [], in_function))
            elif isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue                  # for annotations only: never run
            visit(child, inside)

    visit(tree, False)
    return found


def _resolve(target: str, names: list) -> set:
    """The project modules an import needs (``from ui import run``: ``ui.run``; a name
    that is no submodule: the module that defines it)."""
    subs = {f"{target}.{n}" for n in names if f"{target}.{n}" in MODULES}
    others = [n for n in names if f"{target}.{n}" not in MODULES]
    return subs | ({target} if target in MODULES and (others or not names) else set())


def test_no_project_import_inside_a_function():
    inside = [(m, t) for m in MODULES for t, _, f in _imports(m) if f]
    assert inside == []


def test_no_private_name_imported_from_another_module():
    private = [(m, t, n) for m in MODULES for t, names, _ in _imports(m) for n in names
               if n.startswith("_")]
    assert private == []


def test_the_modules_import_no_cycle():
    graph = {m: set().union(*[_resolve(t, n) for t, n, _ in _imports(m)] or [set()]) - {m}
             for m in MODULES}
    state = {}

    def visit(m, path):
        if state.get(m) == "done":
            return
        if state.get(m) == "open":
            pytest.fail("import cycle: " + " -> ".join([*path[path.index(m):], m]))
        state[m] = "open"
        for n in sorted(graph[m]):
            visit(n, [*path, m])
        state[m] = "done"

    for m in MODULES:
        visit(m, [])


TRAINING = {"step", "run", "run_epoch", "run_epochs", "set_lr", "reset", "apply", "replay"}


def test_only_the_run_module_trains_the_visitors_model():
    """In the app (ui/, app_pages/, app.py) the visitor's trainer is trained through
    ``ui/run.py``'s ``act`` alone: a direct ``trainer.step()`` would not be logged, and
    the link would replay another run."""
    files = [*sorted((ROOT / "ui").glob("*.py")), *sorted((ROOT / "app_pages").glob("*.py")),
             ROOT / "app.py"]
    calls = []
    for path in files:
        if path.name == "run.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in TRAINING
                    and "trainer" in ast.unparse(node.func.value).lower()):
                calls.append(f"{path.name}: {ast.unparse(node)}")
    assert calls == []
