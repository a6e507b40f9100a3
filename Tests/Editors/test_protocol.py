"""The protocol's edges, written as raw bytes: what a client library would never send."""

import json
import subprocess

from conftest import INFRALINT


def frame(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def message(obj) -> bytes:
    return frame(json.dumps(obj).encode())


def responses(stdout: bytes):
    out = []
    while stdout:
        header, _, rest = stdout.partition(b"\r\n\r\n")
        length = int(header.split(b":")[1])
        out.append(json.loads(rest[:length]))
        stdout = rest[length:]
    return out


def run(stdin: bytes):
    done = subprocess.run([INFRALINT, "lsp"], input=stdin, capture_output=True, timeout=60)
    return done.returncode, responses(done.stdout)


INITIALIZE = message({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})


def test_malformed_json_bad_headers_and_requests_before_initialize():
    status, answers = run(
        message({"jsonrpc": "2.0", "id": 0, "method": "textDocument/hover", "params": {}})
        + INITIALIZE
        + frame(b"{not json")
        + b"Content-Type: x\r\n\r\n"  # no Content-Length: skipped
        + message({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
        + message({"jsonrpc": "2.0", "id": 3, "method": "textDocument/hover", "params": {}})
        + message({"jsonrpc": "2.0", "method": "exit"})
    )
    by_id = {answer.get("id"): answer for answer in answers if "method" not in answer}
    assert by_id[0]["error"]["code"] == -32002
    assert "capabilities" in by_id[1]["result"]
    assert by_id[None]["error"]["code"] == -32700
    assert by_id[2]["result"] is None
    assert by_id[3]["error"]["code"] == -32600
    assert status == 0


def test_exit_without_shutdown_and_a_closed_input():
    assert run(INITIALIZE + message({"jsonrpc": "2.0", "method": "exit"}))[0] == 1
    assert run(INITIALIZE)[0] == 1
