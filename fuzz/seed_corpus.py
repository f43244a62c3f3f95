#!/usr/bin/env python3
"""Writes the seed corpora of the loader, topic and glob fuzzers under fuzz/corpus/.

Loader seeds are the policy files of examples/ and tests/data/ of at most 16 KiB:
every file for json_loader_fuzzer, and the YAML files with the product's JSON examples
for yaml_loader_fuzzer. Topic and glob seeds pair the topic filters, globs and keys of
the JSON policies under tests/data/vectors/ and examples/product/ with the requests of
tests/data/vectors/cases.tsv and examples/quickstart/requests.jsonl. They are written in
the layout the fuzzers read (fuzz/topic_fuzzer.cc and fuzz/glob_fuzz_policy.h), and
hand-made cases add each glob matching method. The seeds depend only on those files, so running the
script again writes the same files.

Usage: fuzz/seed_corpus.py (from any directory; only the standard library is needed).
"""

import hashlib
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
MAX_SEED_FILE_BYTES = 16 * 1024
MAX_FUZZ_STRING_BYTES = 256  # kMaxStringBytes of topic_fuzzer.cc
MAX_GLOB_STRING_BYTES = 2048  # kMaxStringBytes of glob_fuzzer.cc
MAX_TOPIC_SEEDS = 400
MAX_GLOB_SEEDS = 300


def provider_strings(strings):
    """Joins strings in FuzzedDataProvider's ConsumeRandomLengthString format: a
    backslash is doubled, and a backslash followed by a space ends a string."""
    return b"\\ ".join(s.replace(b"\\", b"\\\\") for s in strings)


def utf8(text):
    """Returns text as UTF-8, and bytes as they are."""
    return text if isinstance(text, bytes) else text.encode("utf-8")


def write_seeds(target, seeds):
    """Writes one file per distinct seed into fuzz/corpus/TARGET, named by its SHA-1 as
    libFuzzer names corpus files. Inputs that fuzz/run.sh --update-corpus merged into the
    folder stay."""
    directory = CORPUS / target
    directory.mkdir(parents=True, exist_ok=True)
    for seed in seeds:
        (directory / hashlib.sha1(seed).hexdigest()).write_bytes(seed)
    print(f"{target}: {len(set(seeds))} seeds")


def policy_files(suffixes):
    files = []
    for folder in (ROOT / "examples", ROOT / "tests" / "data"):
        for path in sorted(folder.rglob("*")):
            if path.suffix in suffixes and path.stat().st_size <= MAX_SEED_FILE_BYTES:
                files.append(path)
    return files


def resources(document):
    """Yields every broker and state store resource of a JSON policy, in any shape."""
    if isinstance(document, dict):
        if "method" in document:
            yield document
        for value in document.values():
            yield from resources(value)
    elif isinstance(document, list):
        for value in document:
            yield from resources(value)


def load_policies(folder):
    """Returns the JSON policies of a folder by file name, without invalid ones, which
    only the loader seeds need."""
    policies = {}
    for path in sorted(folder.glob("*.json")):
        try:
            policies[path.name] = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
    return policies


def client_strings(request):
    """Returns the client of a request as the fuzzers read it: id, username, one
    attribute name and its value, and whether the username is present."""
    attributes = request.get("attributes") or {}
    name, value = next(iter(sorted(attributes.items())), ("", ""))
    username = request.get("username")
    return [utf8(request.get("clientId", "")), utf8(username or ""), utf8(name), utf8(value)], (
        username is not None
    )


def requests():
    """Yields (policy file name or None, request) from cases.tsv and the quick start."""
    for line in (ROOT / "tests/data/vectors/cases.tsv").read_text(encoding="utf-8").splitlines():
        fields = line.split("\t", 2)
        if len(fields) == 3:
            yield fields[0], json.loads(fields[2])
    quickstart = ROOT / "examples/quickstart/requests.jsonl"
    for line in quickstart.read_text(encoding="utf-8").splitlines():
        if line.strip():
            yield None, json.loads(line)


def topic_seeds(vectors, product):
    """Pairs each publish and subscribe request of cases.tsv with the filters of its
    policy, and each of the quick start with the filters of every product example."""
    seeds = []
    for policy_name, request in requests():
        action = request.get("action")
        if action not in ("publish", "subscribe"):
            continue
        sources = [vectors[policy_name]] if policy_name in vectors else product
        client, has_username = client_strings(request)
        for policy in sources:
            for resource in resources(policy):
                if str(resource.get("method", "")).lower() != action:
                    continue
                for allowed in resource.get("topics", []):
                    strings = [utf8(allowed), utf8(request["topic"])] + client
                    if max(len(s) for s in strings) <= MAX_FUZZ_STRING_BYTES:
                        seeds.append(provider_strings(strings) + bytes([int(has_username)]))
    return sorted(set(seeds))[:MAX_TOPIC_SEEDS]


KEY_TYPE_BITS = {"pattern": 0, "string": 2, "binary": 3}
METHOD_BITS = {"read": 0, "write": 1, "readwrite": 2}


def glob_seed(client, has_username, patterns, keys, rule_per_pattern=False):
    """Builds one glob fuzzer input from at most four (text, key type, method) patterns
    and at most four keys."""
    key_types = methods = 0
    for i, (_, key_type, method) in enumerate(patterns):
        key_types |= KEY_TYPE_BITS[key_type.lower()] << (2 * i)
        methods |= METHOD_BITS[method.lower()] << (2 * i)
    counts = (len(patterns) - 1) | ((len(keys) - 1) << 2)
    if has_username:
        counts |= 0x10
    if rule_per_pattern:
        counts |= 0x20
    strings = client + [utf8(text) for text, _, _ in patterns] + [utf8(key) for key in keys]
    return provider_strings(strings) + bytes([methods, key_types, counts])


def state_store_patterns(policy):
    patterns = []
    for resource in resources(policy):
        if str(resource.get("method", "")).lower() not in METHOD_BITS:
            continue
        for key in resource.get("keys", []):
            patterns.append((key, resource.get("keyType", "Pattern"), resource["method"]))
    return patterns


def glob_seeds(vectors, product):
    """Pairs the keys of each policy of cases.tsv with its requested keys, four at a time,
    and the clientIds globs of each product example with the quick start's clients."""
    seeds = []
    keys_by_policy = {}
    clients = {}
    for policy_name, request in requests():
        if "key" in request and policy_name in vectors:
            keys_by_policy.setdefault(policy_name, []).append(request["key"])
            clients.setdefault(policy_name, client_strings(request))
    for policy_name, keys in sorted(keys_by_policy.items()):
        patterns = state_store_patterns(vectors[policy_name])[:4]
        if not patterns:
            continue
        client, has_username = clients[policy_name]
        for start in range(0, len(keys), 4):
            chunk = keys[start:start + 4]
            texts = [p[0] for p in patterns] + chunk
            if max(len(utf8(t)) for t in texts) <= MAX_GLOB_STRING_BYTES:
                seeds.append(glob_seed(client, has_username, patterns, chunk))

    for policy in product:
        globs = [g for r in resources(policy) for g in r.get("clientIds", [])]
        for _, request in requests():
            if globs and request.get("action") == "connect":
                client, has_username = client_strings(request)
                patterns = [(g, "Pattern", "Read") for g in globs[:4]]
                seeds.append(glob_seed(client, has_username, patterns, [request["clientId"]]))
    return sorted(set(seeds))[:MAX_GLOB_SEEDS] + handmade_glob_seeds()


def handmade_glob_seeds():
    """One case per glob matching method of compiler/glob_entry.h, and byte corners."""
    building = [b"dev-1", b"", b"building", b"b22"]
    return [
        # Literal, prefix and database methods, with String and Binary keys beside them.
        glob_seed(building, False, [("exact-key", "Pattern", "ReadWrite"),
                                    ("b17-*", "Pattern", "Read"),
                                    ("a[bc]?d", "Pattern", "Write"),
                                    ("exact-key", "String", "Read")],
                  ["exact-key", "b17-x", "abxd", "a"]),
        glob_seed(building, False, [("ZXhhY3Q=", "Binary", "Read"), ("[^a]*", "Pattern", "Read")],
                  ["exact", "b"], rule_per_pattern=True),
        # Prefix prefilter and prefilter: globs with tokens.
        glob_seed(building, False, [("{principal.attributes.building}*", "Pattern", "Read"),
                                    ("*{principal.clientId}?x", "Pattern", "ReadWrite"),
                                    ("clients/{principal.clientId}/*", "Pattern", "Write"),
                                    ("{principal.attributes.building}", "String", "Read")],
                  ["b22-x", "a/dev-1zx", "clients/dev-1/k", "b22"]),
        # The matcher: more than 64 '*' runs, and an expression over 8,000 bytes.
        glob_seed(building, False, [("*a" * 65, "Pattern", "Read")], ["a" * 65, "a" * 64 + "b"]),
        glob_seed(building, False, [("[^a]" * 420, "Pattern", "Read")], ["b" * 420]),
        # NUL, 0xFF and newline bytes, escapes and reversed ranges.
        glob_seed(building, True, [(b"\0*\xff", "Pattern", "Read"), ("a[bc]", "Pattern", "Read"),
                                   ("\\*[z-a]\\?", "Pattern", "Read"), ("[+--]", "Pattern", "Read")],
                  [b"\0ab\xff", "ab\n", "*m?", ","]),
    ]


def main():
    json_files = policy_files({".json"})
    yaml_files = policy_files({".yaml", ".yml"})
    write_seeds("json_loader_fuzzer", [p.read_bytes() for p in json_files])
    product_json = [p for p in json_files if p.parent.name == "product"]
    write_seeds("yaml_loader_fuzzer", [p.read_bytes() for p in yaml_files + product_json])

    vectors = load_policies(ROOT / "tests/data/vectors")
    product = list(load_policies(ROOT / "examples/product").values())
    write_seeds("topic_fuzzer", topic_seeds(vectors, product))
    write_seeds("glob_fuzzer", glob_seeds(vectors, product))


if __name__ == "__main__":
    main()
