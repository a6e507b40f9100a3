"""Shared setup for the editor tests: the infralint under test and a client fixture.

INFRALINT names the executable (the Swift test that runs this suite sets it);
otherwise the debug build is used.
"""

import os
import pathlib

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

ROOT = pathlib.Path(__file__).resolve().parents[2]
INFRALINT = str(pathlib.Path(os.environ.get("INFRALINT", str(ROOT / ".build" / "debug" / "infralint"))).resolve())


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[INFRALINT, "lsp", "--stdio"]))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=client_capabilities("visual-studio-code"))
    )
    yield
    await lsp_client.shutdown_session()
