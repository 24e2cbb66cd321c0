"""The package's imports run one way and never in a circle (docs/architecture.md, "Layers").

commands (with cli, usage, options, context) → services, reports, importers, synthetic → the base
modules (store, migrations, config, parse, formats, errors, i18n, numbers, clock); render sits
beside the domain and is used only by the commands. Every import counts, also one inside a
function: a circle through a lazy import is still a circle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import vrijetijd_cli

PACKAGE = Path(vrijetijd_cli.__file__).parent
TOP = {"cli", "usage", "options", "context", "__main__"}
ALLOWED = {
    "commands": {"commands", "render", "domain", "base"},
    "render": {"render", "base"},
    "domain": {"domain", "base"},
    "base": {"base"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(name: str) -> str:
    parts = name.split(".")
    if len(parts) > 1 and (parts[1] == "commands" or parts[1] in TOP):
        return "commands"
    if len(parts) > 1 and parts[1] == "render":
        return "render"
    if len(parts) > 1 and parts[1] in ("services", "reports", "importers", "synthetic"):
        return "domain"
    return "base"


def imports() -> dict[str, set[str]]:
    """Every module of the package and the package modules it imports."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    found: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("vrijetijd_cli"):
                for alias in node.names:
                    submodule = f"{node.module}.{alias.name}"
                    found[name].add(submodule if submodule in modules else node.module)
            elif isinstance(node, ast.Import):
                found[name].update(a.name for a in node.names if a.name in modules)
        found[name].discard(name)
    return found


def test_imports_run_one_way_down_the_layers():
    wrong = sorted(f"{name} -> {target}" for name, targets in imports().items() for target in targets
                   if layer(target) not in ALLOWED[layer(name)])
    assert wrong == []


def test_no_import_circles():
    graph = imports()
    circles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the path, 2 done
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for target in sorted(graph.get(name, ())):
            if state.get(target) == 1:
                circles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target)
        path.pop()
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)
    assert circles == []


def test_the_layer_rules_catch_a_wrong_import():
    assert layer("vrijetijd_cli.services.audit") == "domain" and layer("vrijetijd_cli.context") == "commands"
    assert "commands" not in ALLOWED["domain"] and "render" not in ALLOWED["domain"]
