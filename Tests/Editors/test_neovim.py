"""Debian's Neovim, headless, as an editor user: findings as the file opens and as
one types, a rename of lb-01 that renames every use, and the quick fix that adds
the firewall (neovim.lua drives it)."""

import json
import os
import shutil
import subprocess

import pytest

from conftest import INFRALINT, ROOT

NVIM = shutil.which("nvim")


@pytest.mark.skipif(NVIM is None and os.environ.get("INFRALINT_REQUIRE_EDITORS") != "1", reason="nvim is not installed")
def test_neovim_edits_the_distributed_example(tmp_path):
    assert NVIM, "scripts/ensure-dependencies installs neovim"
    design = tmp_path / "distributed.infra"
    design.write_text((ROOT / "examples" / "distributed" / "distributed.infra").read_text())
    out = tmp_path / "out.json"
    environment = dict(os.environ, INFRALINT=INFRALINT, INFRALINT_NVIM_FILE=str(design), INFRALINT_NVIM_OUT=str(out))
    subprocess.run(
        [NVIM, "--headless", "--clean", "-c", "luafile " + str(ROOT / "Tests" / "Editors" / "neovim.lua")],
        cwd=tmp_path, env=environment, timeout=120, check=False, capture_output=True,
    )
    result = json.loads(out.read_text())
    assert "error" not in result, result.get("error")
    assert "AV001" in result["opened"] and "SEC001" in result["opened"]
    assert "PARSE" in result["typed"], "a mistake shows as it is typed"
    assert "PARSE" not in result["untyped"]
    original = design.read_text()
    assert "lb-01" not in result["renamed"]
    assert result["renamed"].count("edge-lb") == original.count("lb-01"), "every use is renamed"
    assert "SEC001" in result["fixed_with"]
    assert "firewall fw-01" in result["fixed"]
    assert "SEC001" not in result["after_fix"], "the fix removes its finding"
