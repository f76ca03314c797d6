"""`import storyline` is light: the public names load on first use and keep their meaning."""

from __future__ import annotations

import storyline
from support import run_python


def test_import_storyline_loads_no_stage_nor_store() -> None:
    """A worker importing storyline.workers does not load the pipeline, the store or tldextract."""
    code = (
        "import sys, storyline.workers\n"
        "heavy = ('storyline.pipeline', 'storyline.store', 'storyline.ingest', 'tldextract')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    assert run_python(code) == "[]"


def test_ingest_and_clean_stay_the_functions_when_their_packages_load() -> None:
    """storyline.ingest and storyline.clean are the pipeline's, even after the subpackages load."""
    code = (
        "import storyline, storyline.pipeline as p\n"
        "import storyline.clean.text, storyline.ingest.files\n"
        "print(storyline.ingest is p.ingest, storyline.clean is p.clean)"
    )
    assert run_python(code) == "True True"


def test_public_names_resolve() -> None:
    """Every name in __all__ resolves, and submodules are reached as attributes as before."""
    for name in storyline.__all__:
        assert getattr(storyline, name) is not None
    assert storyline.store.Store is storyline.Store
    assert set(storyline.__all__) <= set(dir(storyline))


def test_console_script_module_loads_no_command_line() -> None:
    """A spawned worker re-imports the console script: its module must not load the CLI."""
    code = (
        "import sys, storyline.console\n"
        "heavy = ('storyline.cli', 'click', 'rich', 'storyline.pipeline')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    assert run_python(code) == "[]"
