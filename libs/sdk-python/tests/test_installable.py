"""The SDK as its users get it: `python -m build` makes a wheel and an sdist of it, and the
wheel, installed in a fresh venv outside the repository, publishes through the real gateway
with nothing of the repository on its path.

Run by the gateway fixture, pip uses only its wheelhouse (ONCEPORT_PYTHON_WHEELHOUSE: the
runtime dependencies and the build backend, downloaded beforehand), so this runs without an
index; without it, pip uses the index as usual.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement

PACKAGE = Path(__file__).resolve().parents[1]
REPOSITORY = PACKAGE.parents[1]
PROJECT = tomllib.loads((PACKAGE / "pyproject.toml").read_text())["project"]


def _outside_env() -> dict[str, str]:
    """The environment of every step: no PYTHONPATH (or other PYTHON*) into the source tree."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("PYTHON")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    wheelhouse = os.environ.get("ONCEPORT_PYTHON_WHEELHOUSE")
    if wheelhouse:
        env |= {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": wheelhouse}
    return env


def _run(*command: str | Path, cwd: Path) -> str:
    done = subprocess.run([str(part) for part in command], cwd=cwd, env=_outside_env(), capture_output=True, text=True)
    assert done.returncode == 0, f"{' '.join(map(str, command))} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The wheel and the sdist, built from a copy of the package (so that concurrent suites in
    this checkout never share setuptools' build folders), in an isolated build environment."""
    root = tmp_path_factory.mktemp("onceport-build")
    assert not root.is_relative_to(REPOSITORY), "the build must happen outside the repository"
    source = root / "source"
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info", "build")
    for folder in ("src", "gen"):
        shutil.copytree(PACKAGE / folder, source / folder, ignore=skip)
    for file in ("pyproject.toml", "README.md"):
        shutil.copy(PACKAGE / file, source / file)
    _run(sys.executable, "-m", "build", "--outdir", root / "dist", source, cwd=root)
    (wheel,) = (root / "dist").glob("*.whl")
    (sdist,) = (root / "dist").glob("*.tar.gz")
    return wheel, sdist


def test_the_wheel_and_the_sdist_hold_the_sdk_its_generated_messages_and_its_types(built):
    wheel, sdist = built
    name, version = PROJECT["name"], PROJECT["version"]
    assert wheel.name == f"{name}-{version}-py3-none-any.whl"
    generated = sorted(p.name for p in (PACKAGE / "gen" / "onceport" / "v1").iterdir() if p.suffix in (".py", ".pyi"))
    sdk = sorted(p.name for p in (PACKAGE / "src" / "onceport").iterdir() if p.suffix == ".py")
    assert generated and sdk

    with zipfile.ZipFile(wheel) as archive:
        files = set(archive.namelist())
        metadata = archive.read(f"{name}-{version}.dist-info/METADATA").decode()
    assert {f"onceport/v1/{file}" for file in generated} <= files
    assert {f"onceport/{file}" for file in sdk} | {"onceport/py.typed"} <= files
    assert f"Name: {name}\n" in metadata and f"Version: {version}\n" in metadata
    requires = {str(Requirement(line.removeprefix("Requires-Dist: "))) for line in metadata.splitlines() if line.startswith("Requires-Dist: ")}
    assert {str(Requirement(dependency)) for dependency in PROJECT["dependencies"]} <= requires

    with tarfile.open(sdist) as archive:
        members = {member.name.split("/", 1)[1] for member in archive.getmembers() if "/" in member.name}
    assert {f"gen/onceport/v1/{file}" for file in generated} | {"src/onceport/py.typed", "pyproject.toml"} <= members


# The program, run from a folder of its own by the fresh venv's Python in isolated mode (-I:
# no PYTHON* variables, no script folder, no user site), says where it imported the SDK from.
PROGRAM = """
import json, sys
import onceport
from onceport.v1 import gateway_pb2

address, client_id, topic = sys.argv[1:4]
with onceport.connect(address, client_id) as client:
    result = client.publish([onceport.Record(topic=topic, key=b"k", value=b"from the wheel")])
print(json.dumps({
    "sdk": onceport.__file__,
    "generated": gateway_pb2.__file__,
    "path": sys.path,
    "results": [[r.partition, r.offset, r.message_id] for r in result.results],
}))
"""


def test_the_wheel_installed_in_a_fresh_venv_outside_the_repository_publishes_through_the_gateway(
    built, address, kafka, client_id, tmp_path
):
    wheel, _ = built
    assert not tmp_path.is_relative_to(REPOSITORY)
    environment = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(environment)
    python = environment / "bin" / "python"
    _run(python, "-m", "pip", "install", "--quiet", wheel, cwd=tmp_path)
    app = tmp_path / "app"
    app.mkdir()
    (app / "main.py").write_text(PROGRAM)
    topic = kafka.create_topic()

    output = json.loads(_run(python, "-I", app / "main.py", address, client_id, topic, cwd=app))

    site = environment.resolve()
    assert Path(output["sdk"]).resolve().is_relative_to(site), output["sdk"]
    assert Path(output["generated"]).resolve().is_relative_to(site), output["generated"]
    assert not [entry for entry in output["path"] if entry and Path(entry).resolve().is_relative_to(REPOSITORY)]
    [[partition, offset, message_id]] = output["results"]
    [record] = kafka.read(topic, expected=1)
    assert (record["partition"], record["offset"], record["value"]) == (partition, offset, "from the wheel")
    assert record["headers"]["onceport-message-id"] == message_id
