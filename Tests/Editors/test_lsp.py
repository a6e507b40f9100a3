"""`infralint lsp` driven by a real client (pytest-lsp, on pygls and lsprotocol)."""

import json
import subprocess

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from conftest import INFRALINT, ROOT

DISTRIBUTED = (ROOT / "examples" / "distributed" / "distributed.infra").read_text()


def open_document(client: LanguageClient, uri: str, text: str, version: int = 1):
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="infra", version=version, text=text)
        )
    )


async def diagnostics_of(client: LanguageClient, uri: str):
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return client.diagnostics[uri]


def where(text: str, needle: str, nth: int = 0) -> types.Position:
    """The position of the nth occurrence of needle (ASCII text: characters are UTF-16 units)."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index)
    return types.Position(line=line, character=index - (text.rfind("\n", 0, index) + 1))


def apply_edits(text: str, edits) -> str:
    """Applies TextEdits (ASCII text), last first, as an editor does."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)

    def offset(position):
        return offsets[position.line] + position.character if position.line < len(lines) else len(text)

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


async def test_diagnostics_are_the_findings_of_lint(client: LanguageClient):
    uri = "file:///designs/distributed.infra"
    open_document(client, uri, DISTRIBUTED)
    diagnostics = await diagnostics_of(client, uri)
    lint = subprocess.run(
        [INFRALINT, "lint", "examples/distributed/distributed.infra", "--format", "json"],
        cwd=ROOT, capture_output=True, text=True,
    )
    findings = json.loads(lint.stdout)["findings"]
    assert [(d.code, d.range.start.line + 1) for d in diagnostics] == [(f["code"], f["line"]) for f in findings]
    av001 = next(d for d in diagnostics if d.code == "AV001")
    assert av001.severity == types.DiagnosticSeverity.Error
    assert av001.source == "infralint"
    assert av001.code_description.href.endswith("/docs/rules/AV001.md")
    assert "lb-01 is a single point of failure" in av001.message


async def test_related_positions_and_parse_errors_as_typed(client: LanguageClient):
    uri = "file:///designs/typing.infra"
    text = "client users\nweb-server web-01\nuser -> web-01 : https\n"
    open_document(client, uri, text)
    parse = await diagnostics_of(client, uri)
    assert [d.code for d in parse] == ["PARSE"]
    assert parse[0].range.start == types.Position(line=2, character=0)
    assert "did you mean 'users'" in parse[0].message

    # An incremental change: the typo is fixed, and the diagnostics follow.
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=types.Position(line=2, character=4), end=types.Position(line=2, character=4)),
                    text="s",
                )
            ],
        )
    )
    fixed = await diagnostics_of(client, uri)
    assert "PARSE" not in [d.code for d in fixed]
    assert "AV001" in [d.code for d in fixed]

    dangling = "database db-01 { role: primary }\nweb-server w\ndatabase db-02 { role: replica, replicates: w }\n"
    open_document(client, "file:///designs/dangling.infra", dangling)
    av007 = [d for d in await diagnostics_of(client, "file:///designs/dangling.infra") if d.code == "AV007"]
    assert av007 and av007[0].related_information
    assert av007[0].related_information[0].location.range.start.line == 1


async def test_hover_says_what_an_element_is_and_what_its_failure_costs(client: LanguageClient):
    uri = "file:///designs/hover.infra"
    open_document(client, uri, DISTRIBUTED)
    await diagnostics_of(client, uri)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=where(DISTRIBUTED, "lb-01"))
    )
    text = hover.contents.value
    assert text.startswith("**lb-01**: load balancer")
    assert "haproxy" in text
    assert "If lb-01 fails: users cannot read or write." in text
    assert "AV001" in text
    web = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=where(DISTRIBUTED, "nginx-01", 1))
    )
    assert "every client can still do everything it could" in web.contents.value
    replica = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=where(DISTRIBUTED, "db-02"))
    )
    assert "replica of db-01, async replication" in replica.contents.value


MANUAL_PAIR = """client users
cluster front { mode: active-passive, failover: manual
  load-balancer lb-a { tls: passthrough }
  load-balancer lb-b
}
web-server web { instances: 2 }
users -> front : https
front -> web : https
"""


async def test_hover_on_a_manual_pair_and_on_a_property(client: LanguageClient):
    uri = "file:///designs/pair.infra"
    open_document(client, uri, MANUAL_PAIR)
    await diagnostics_of(client, uri)
    ident = types.TextDocumentIdentifier(uri=uri)
    active = await client.text_document_hover_async(types.HoverParams(text_document=ident, position=where(MANUAL_PAIR, "lb-a")))
    # What what-if says: the standby serves only once someone promotes it.
    assert "If lb-a fails: every client can still do everything it could, once someone promotes lb-b (failover is manual)." in active.contents.value
    tls = await client.text_document_hover_async(types.HoverParams(text_document=ident, position=where(MANUAL_PAIR, "tls")))
    # What the property means, not only the values it takes.
    assert tls.contents.value.startswith("`tls`: where TLS ends: terminate holds the certificate"), tls.contents.value


async def test_definition_references_and_rename(client: LanguageClient):
    uri = "file:///designs/names.infra"
    open_document(client, uri, DISTRIBUTED)
    await diagnostics_of(client, uri)
    ident = types.TextDocumentIdentifier(uri=uri)
    use = where(DISTRIBUTED, "nginx-01", 2)  # in a link
    definition = await client.text_document_definition_async(types.DefinitionParams(text_document=ident, position=use))
    assert definition.range.start == where(DISTRIBUTED, "nginx-01")
    references = await client.text_document_references_async(
        types.ReferenceParams(text_document=ident, position=use, context=types.ReferenceContext(include_declaration=True))
    )
    assert len(references) == DISTRIBUTED.count("nginx-01")

    prepared = await client.text_document_prepare_rename_async(types.PrepareRenameParams(text_document=ident, position=use))
    assert prepared.placeholder == "nginx-01"
    rename = await client.text_document_rename_async(types.RenameParams(text_document=ident, position=use, new_name="web-a"))
    renamed = apply_edits(DISTRIBUTED, rename.changes[uri])
    assert "nginx-01" not in renamed and renamed.count("web-a") == DISTRIBUTED.count("nginx-01")

    for bad, why in [("2 words", "not a valid identifier"), ("lb-01", "already declared"), ("server", "not a valid identifier")]:
        with pytest.raises(Exception, match=why):
            await client.text_document_rename_async(types.RenameParams(text_document=ident, position=use, new_name=bad))


async def completion_labels(client: LanguageClient, uri: str, text: str, position: types.Position):
    open_document(client, uri, text)
    await diagnostics_of(client, uri)
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position)
    )
    items = result.items if hasattr(result, "items") else result
    return [item.label for item in sorted(items, key=lambda item: item.sort_text)]


async def test_completion_where_the_cursor_stands(client: LanguageClient):
    base = "client users\nload-balancer lb-01 {\n  \n}\nweb-server web-01\n"
    kinds = await completion_labels(client, "file:///c1.infra", base + "\n", types.Position(line=5, character=0))
    assert "load-balancer" in kinds and "cluster" in kinds and "users" in kinds
    typo = await completion_labels(client, "file:///c2.infra", base + "lod", types.Position(line=5, character=3))
    assert typo[0] == "load-balancer", "did-you-mean ordering puts the closest kind first"
    properties = await completion_labels(client, "file:///c3.infra", base.replace("  \n", "  algo\n"), types.Position(line=2, character=6))
    assert properties[0] == "algorithm"
    values = await completion_labels(client, "file:///c4.infra", base.replace("  \n", "  algorithm: \n"), types.Position(line=2, character=13))
    assert "round-robin" in values and "least-connections" in values
    targets = await completion_labels(client, "file:///c5.infra", base + "users -> ", types.Position(line=5, character=9))
    assert set(targets) == {"lb-01", "web-01"}, "after -> only declared names, not the link's own source"
    one_line = base + "database p { role: primary }\ndatabase r { role: replica, replicates: "
    replicated = await completion_labels(client, "file:///c7.infra", one_line, types.Position(line=6, character=44))
    assert replicated == ["p"], "a value in a one-line block: the other databases"
    # A block item starts after `{`, `;` or `,` on the line, as well as on a new line;
    # a server offers what may run on it, not a client or a cdn.
    for n, head in enumerate(["server s { ", "server s { web-server w; ", "server s { software: nginx, "]):
        items = await completion_labels(client, f"file:///c8{n}.infra", head, types.Position(line=0, character=len(head)))
        # A property the block already sets is not offered again.
        assert ("software" in items) != head.endswith("nginx, ") and "web-server" in items and "database" in items, (head, items)
        assert "client" not in items and "cdn" not in items, (head, items)
    held = await completion_labels(client, "file:///c9.infra", "load-balancer lb { ", types.Position(line=0, character=19))
    assert "agent" in held and "algorithm" in held and "web-server" not in held, held
    protocols = await completion_labels(client, "file:///c6.infra", base + "users -> lb-01 : ", types.Position(line=5, character=17))
    assert "https" in protocols


async def test_symbols_formatting_and_fixes(client: LanguageClient):
    uri = "file:///designs/actions.infra"
    open_document(client, uri, DISTRIBUTED)
    diagnostics = await diagnostics_of(client, uri)
    ident = types.TextDocumentIdentifier(uri=uri)
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=ident))
    names = [symbol.name for symbol in symbols]
    assert names[:3] == ["users", "foobar-dns", "lb-01"]
    servers = [symbol for symbol in symbols if symbol.children]
    assert servers and all(child.name for child in servers[0].children)

    messy = "client   users\nweb-server web-01 {software: nginx}\nusers->web-01:https\n"
    open_document(client, "file:///designs/messy.infra", messy)
    await diagnostics_of(client, "file:///designs/messy.infra")
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=types.TextDocumentIdentifier(uri="file:///designs/messy.infra"),
            options=types.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    formatted = apply_edits(messy, edits)
    assert formatted == subprocess.run([INFRALINT, "fmt", "-"], input=messy, capture_output=True, text=True).stdout

    av001 = next(d for d in diagnostics if d.code == "AV001" and "lb-01" in d.message)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=ident, range=av001.range, context=types.CodeActionContext(diagnostics=[av001])
        )
    )
    quick = [a for a in actions if a.kind == types.CodeActionKind.QuickFix and a.diagnostics[0].code == "AV001"]
    assert quick, [a.title for a in actions]
    fixed = apply_edits(DISTRIBUTED, quick[0].edit.changes[uri])
    open_document(client, "file:///designs/fixed.infra", fixed)
    after = await diagnostics_of(client, "file:///designs/fixed.infra")
    assert not [d for d in after if d.code == "AV001" and "lb-01 is" in d.message], "the fix removes its finding"
    # The quick fix for the missing firewall adds a firewall pair in front of lb-01.
    sec001 = next(d for d in diagnostics if d.code == "SEC001")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(text_document=ident, range=sec001.range, context=types.CodeActionContext(diagnostics=[sec001]))
    )
    firewall = next(a for a in actions if a.diagnostics and a.diagnostics[0].code == "SEC001")
    walled = apply_edits(DISTRIBUTED, firewall.edit.changes[uri])
    assert "firewall fw-01" in walled and "fw-01 -> lb-01" in walled.replace("  ", " "), walled
    open_document(client, "file:///designs/walled.infra", walled)
    assert "SEC001" not in [d.code for d in await diagnostics_of(client, "file:///designs/walled.infra")]
    fix_all = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=ident, range=av001.range,
            context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceFixAll]),
        )
    )
    assert all(action.kind == types.CodeActionKind.SourceFixAll for action in fix_all)


async def test_protocol_errors_never_crash(client: LanguageClient):
    with pytest.raises(Exception, match="not open"):
        await client.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(uri="file:///never.infra"), position=types.Position(line=0, character=0))
        )
    with pytest.raises(Exception, match="unknown method"):
        await client.protocol.send_request_async("infralint/nothing", {})
    # The server is still there.
    open_document(client, "file:///after.infra", "client users\n")
    assert await diagnostics_of(client, "file:///after.infra") is not None
