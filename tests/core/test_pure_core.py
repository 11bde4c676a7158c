"""The annual-report standard must stay usable without Django."""

import subprocess
import sys


def test_core_imports_no_django():
    code = (
        "import sys, pkgutil, importlib, gongkai\n"
        "for m in pkgutil.walk_packages(gongkai.__path__, 'gongkai.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n == 'django' or n.startswith('django.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=None)
    assert out.stdout.strip() == ""
