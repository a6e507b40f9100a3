"""infralint lint beside OWASP pytm on the same generated designs.

    python3 Benchmarks/pytm/compare.py model FILE.infra   # build FILE as a pytm model, check it, resolve its threats
    python3 Benchmarks/pytm/compare.py compare INFRALINT DIR SIZE...   # both, as whole commands (median of 3)

`scripts/benchmark --pytm` runs the comparison in a virtual environment with pytm.

The design file is read as `infralint-bench --write-shapes` writes its
generated design: every element becomes a pytm element (a client an Actor, a
database a Datastore, an agent a Process, anything else a Server), every network
a Boundary holding its elements, and every link one Dataflow per pair of
elements it joins (a cluster end stands for each of its members), with TLS on
the flows whose protocol is encrypted. pytm then runs what its command line
runs before writing a report: `check()` and `resolve()`, which matches each of
its threats against each element and flow.
"""
import os
import re
import resource
import statistics
import subprocess
import sys

KINDS = {"client", "dns", "cdn", "firewall", "load-balancer", "web-server", "app-server", "database",
         "server", "cache", "queue", "monitor", "agent", "storage"}
ENCRYPTED = {"https", "tls", "ssh", "mysqls", "wss", "grpcs"}
TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|#[^\n]*|->|[{}\[\],;:\n]|[^\s{}\[\],;:"#]+')


def read_design(text):
    """The elements {name: (kind, network)}, the clusters' direct members and the links (source, target, protocol)."""
    elements, clusters, links = {}, {}, []
    tokens = [t for t in TOKEN.findall(text) if not t.startswith("#")]
    blocks = []  # for each open brace: the cluster it is the body of, or None
    statement = []

    def end_statement():
        words = [t for t in statement if t != "\n"]
        statement.clear()
        if "->" not in words:
            return
        colon = words.index(":") if ":" in words else len(words)
        protocol = words[colon + 1] if colon + 1 < len(words) else "tcp"
        stages = [[]]
        for word in words[:colon]:
            if word == "->":
                stages.append([])
            elif word != ",":
                stages[-1].append(word)
        for sources, targets in zip(stages, stages[1:]):
            links.extend((source, target, protocol) for source in sources for target in targets)

    for index, token in enumerate(tokens):
        if token == "{":
            words = [t for t in statement if t != "\n"]
            blocks.append(words[1] if len(words) >= 2 and words[0] == "cluster" else None)
            statement.clear()
        elif token == "}":
            end_statement()
            if blocks:
                blocks.pop()
        elif token in ("\n", ";"):
            end_statement()
        else:
            statement.append(token)
            if len(statement) == 2 and statement[0] in KINDS and token not in (":", ",", "->", "["):
                following = tokens[index + 1:index + 3]
                network = following[1] if len(following) == 2 and following[0] == "in" else None
                elements[token] = (statement[0], network)
                if blocks and blocks[-1]:
                    clusters.setdefault(blocks[-1], []).append(token)
    end_statement()
    return elements, clusters, links


def members(name, clusters, elements):
    if name in clusters:
        return [m for m in clusters[name] if m in elements]
    return [name] if name in elements else []


def model(path):
    from pytm import TM, Actor, Boundary, Dataflow, Datastore, Process, Server
    with open(path, encoding="utf-8") as handle:
        elements, clusters, links = read_design(handle.read())
    tm = TM(path)
    tm.description = "generated design"
    boundaries = {}
    made = {}
    for name, (kind, network) in elements.items():
        if network and network not in boundaries:
            boundaries[network] = Boundary(network)
        kind_class = Actor if kind == "client" else Datastore if kind == "database" else Process if kind == "agent" else Server
        element = kind_class(name)
        if network:
            element.inBoundary = boundaries[network]
        made[name] = element
    flows = 0
    for source, target, protocol in links:
        for a in members(source, clusters, elements):
            for b in members(target, clusters, elements):
                if a == b:
                    continue
                flow = Dataflow(made[a], made[b], f"{a}->{b}")
                flow.protocol = protocol
                flow.isEncrypted = protocol in ENCRYPTED
                flows += 1
    tm.check()
    tm.resolve()
    print(f"{len(made)} elements, {flows} flows, {len(tm.findings)} findings")


def timed(command):
    """CPU seconds (user + system) of a child process run to its end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def compare(infralint, folder, sizes):
    print(f"{'size':>9} {'infralint CPU':>14} {'pytm CPU':>10} {'ratio':>8}")
    for size in sizes:
        bench = os.path.join(os.path.dirname(infralint), "infralint-bench")
        subprocess.run([bench, "--write-shapes", folder, str(size)],
                       check=True, stdout=subprocess.DEVNULL)
        path = f"{folder}/generated-{size}.infra"
        ours = statistics.median(timed([infralint, "lint", path, "--format", "json", "-o", "/dev/null"]) for _ in range(5))
        theirs = statistics.median(timed([sys.executable, __file__, "model", path]) for _ in range(3))
        print(f"{size:>9} {ours:>13.3f}s {theirs:>9.2f}s {theirs / max(ours, 1e-9):>7.0f}x")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "model":
        model(sys.argv[2])
    elif len(sys.argv) >= 5 and sys.argv[1] == "compare":
        compare(sys.argv[2], sys.argv[3], [int(size) for size in sys.argv[4:]])
    else:
        sys.exit(__doc__)
