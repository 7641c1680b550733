"""One build step pyproject.toml cannot declare: the wheel carries the default policy.

Advisers edit the repository's top-level `rules/` and `features/`; `build_py` copies them into
`formadvisor/default_policy/` of the build, so an installed wheel recommends, checks and runs
its scenarios with no checkout (`formadvisor.settings` falls back to that copy). An editable
install gets no copy: it reads the checkout's own folders. Everything else is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
POLICY = ("rules", "features")


class BuildPyWithPolicy(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib) / "formadvisor" / "default_policy"
        for name in POLICY:
            source = HERE / name
            if not source.is_dir():
                raise SystemExit(f"{source} is missing: the wheel carries it as its default policy")
            shutil.rmtree(target / name, ignore_errors=True)
            shutil.copytree(source, target / name)


setup(cmdclass={"build_py": BuildPyWithPolicy})
