"""
Eddy's build-time check of a Python handler, run by the function's own interpreter before any
environment starts. It parses the handler's module without importing it (no user code runs) and
prints one JSON line: the interpreter's real path (past a version manager's shim), and either the
module's syntax error or whether the module binds the handler's name at its top level.

    python3 eddy_check_handler.py MODULE_FILE FUNCTION_NAME

Standard library only, and Python 3 only (exit status 3 otherwise).
"""
import ast
import json
import sys

# Calls that can bind module names the parse cannot see: the handler is then taken to be there.
DYNAMIC_CALLS = ("globals", "vars", "locals", "exec", "setattr", "__import__")


def bound_names(tree):
    """
    The names the module binds at its top level, also inside if / try / with / for / while blocks,
    and whether a binding may be hidden from the parse (a star import, globals(), a module
    __getattr__). Names bound inside functions, classes or comprehensions may be counted too: the
    check errs towards letting the runtime decide (Runtime.HandlerNotFound at invocation).
    """
    names = set()
    dynamic = False
    stack = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            continue
        if isinstance(node, ast.Lambda):
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                if alias.name == "*":
                    dynamic = True
                else:
                    names.add(alias.asname or alias.name.split(".")[0])
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in DYNAMIC_CALLS:
            dynamic = True
        else:
            # except ... as name, match captures (case [*rest], case {**rest}, case x).
            for attr in ("name", "rest"):
                value = getattr(node, attr, None)
                if isinstance(value, str):
                    names.add(value)
        stack.extend(ast.iter_child_nodes(node))
    return names, dynamic or "__getattr__" in names


def main():
    if sys.version_info[0] != 3:
        sys.exit(3)
    path, function = sys.argv[1], sys.argv[2]
    out = {"executable": sys.executable}
    try:
        with open(path, "rb") as source:
            tree = ast.parse(source.read(), path)
    except SyntaxError as error:
        out["syntaxError"] = {"line": error.lineno, "column": error.offset, "message": error.msg}
    except (OSError, ValueError):
        out["defined"] = True  # unreadable here, or null bytes before 3.12: the import will say
    else:
        names, dynamic = bound_names(tree)
        out["defined"] = dynamic or function in names
        out["functions"] = [node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
