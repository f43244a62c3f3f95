#!/usr/bin/env python3
"""Writes a reproducible policy and request stream of realistic shape at a given scale.

Three kinds of workload, chosen with --kind; the same arguments give the same files.

realistic (the default): one rule per device, building or operator.
  - 70% device rules: one client id each, token topics under
    devices/{principal.clientId}/, a per-device state-store sandbox, and a String key;
  - 20% building rules: an attribute principal per building, literal building topics
    with '+' and '#', a Connect glob on the client id, and a Binary key;
  - 10% operator rules: a username each, fleet-wide '+' subscriptions;
  - one monitoring rule for clients with role=monitor that may subscribe to '#', and one
    rule that lets devices publish to the state store's request topic.
  The requests come from those clients: connect, publish, subscribe and state-store
  reads and writes. About 80% are allowed, and the rest miss by one level, one client id
  or one key. Writes DIR/policy-N.json and DIR/requests-N.jsonl.

users: what a Mosquitto ACL file with one `user` block per user expresses. Each of N
  users may publish to users/USER/telemetry and users/USER/events/+ and subscribe to
  users/USER/commands/#. Two `pattern` lines apply to every client:
  clients/%c/status (client id) and presence/%u (username). Each becomes one rule.
  About 20% of the requests are denied: another user's topic or an unknown subtopic.
  Writes DIR/policy-users-N.json, DIR/acl-users-N.conf and DIR/requests-users-N.jsonl.

patterns: N Mosquitto `pattern` lines with %c, such as
  `pattern write plant/line7/%c/telemetry`, each written as one rule whose principal
  is every client ({principal.clientId}) and whose Publish filter has the client id
  token in place of %c. A request publishes to a uniformly chosen line's topic. About
  20% are denied because they name another client's id, which makes a line scan read
  every line. Writes DIR/policy-patterns-N.json, DIR/acl-patterns-N.conf and
  DIR/requests-patterns-N.jsonl.

Policies are CLI-config JSON and requests are in the `mqauthz replay` format. The
Mosquitto ACL files (mosquitto.conf `acl_file` syntax) allow exactly what the policy of
the same name allows for publish requests.

Usage: generate_workload.py [--kind realistic|users|patterns] --rules N --requests M
                            [--seed S] --out DIR
"""

import argparse
import base64
import json
import os
import random

STATE_STORE_TOPIC = "statestore/v1/FA9AE35F-2F64-47CD-9BFF-08E2B32A0FE8/command/invoke"

# Share of requests that are built to be denied in the users and patterns workloads.
DENIED_SHARE = 0.2


# --- realistic ---------------------------------------------------------------------------

def device_rule(index):
    return {
        "principals": {"clientIds": [f"dev-{index}"]},
        "brokerResources": [
            {"method": "Connect"},
            {"method": "Publish", "topics": ["devices/{principal.clientId}/telemetry",
                                             "devices/{principal.clientId}/events/+"]},
            {"method": "Subscribe", "topics": ["devices/{principal.clientId}/commands/#"]},
        ],
        "stateStoreResources": [
            {"method": "ReadWrite", "keyType": "Pattern",
             "keys": ["devices/{principal.clientId}/*"]},
            {"method": "Read", "keyType": "String", "keys": [f"config/dev-{index}"]},
        ],
    }


def building_key(index):
    return base64.b64encode(b"\x00bld" + index.to_bytes(4, "big")).decode()


def building_rule(index):
    return {
        "principals": {"attributes": [{"building": f"b{index}"}]},
        "brokerResources": [
            {"method": "Connect", "clientIds": [f"b{index}-*"]},
            {"method": "Publish", "topics": [f"buildings/b{index}/+/status"]},
            {"method": "Subscribe", "topics": [f"buildings/b{index}/#"]},
        ],
        "stateStoreResources": [
            {"method": "Read", "keyType": "Binary", "keys": [building_key(index)]},
        ],
    }


def operator_rule(index):
    return {
        "principals": {"usernames": [f"ops-{index}"]},
        "brokerResources": [
            {"method": "Connect"},
            {"method": "Subscribe", "topics": ["devices/+/telemetry", "fleet/+/alerts"]},
            {"method": "Publish", "topics": ["ops/{principal.username}/#"]},
        ],
    }


MONITOR_RULE = {
    "principals": {"attributes": [{"role": "monitor"}]},
    "brokerResources": [{"method": "Connect"}, {"method": "Subscribe", "topics": ["#"]}],
}

STATE_STORE_RULE = {
    "principals": {"attributes": [{"role": "device"}]},
    "brokerResources": [{"method": "Publish", "topics": [STATE_STORE_TOPIC]}],
}


def kind_of(index):
    slot = index % 10
    if slot < 7:
        return "device"
    if slot < 9:
        return "building"
    return "operator"


def make_realistic_policy(rule_count):
    rules = [MONITOR_RULE, STATE_STORE_RULE]
    makers = {"device": device_rule, "building": building_rule, "operator": operator_rule}
    for index in range(rule_count - len(rules)):
        rules.append(makers[kind_of(index)](index))
    return {"authorizationPolicies": {"cache": "Enabled", "rules": rules}}


def device_request(rng, index, other):
    client = {"clientId": f"dev-{index}", "attributes": {"role": "device"}}
    choice = rng.randrange(10)
    if choice < 4:
        level = f"dev-{index}" if rng.random() < 0.8 else f"dev-{other}"
        return {**client, "action": "publish", "topic": f"devices/{level}/telemetry"}
    if choice < 6:
        return {**client, "action": "publish",
                "topic": f"devices/dev-{index}/events/{rng.choice(['boot', 'alarm', 'x/y'])}"}
    if choice < 7:
        tail = rng.choice(["#", "+", "ota/+", "reboot"])
        return {**client, "action": "subscribe", "topic": f"devices/dev-{index}/commands/{tail}"}
    if choice < 9:
        owner = index if rng.random() < 0.8 else other
        return {**client, "action": rng.choice(["get", "set", "del"]),
                "key": f"devices/dev-{owner}/reading-{rng.randrange(100)}"}
    if rng.random() < 0.5:
        return {**client, "action": "connect"}
    return {**client, "action": "get", "key": f"config/dev-{index if rng.random() < 0.8 else other}"}


def building_request(rng, index, other):
    client = {"clientId": f"b{index}-gw", "attributes": {"building": f"b{index}"}}
    choice = rng.randrange(4)
    if choice == 0:
        # A gateway that claims another building's client id prefix is denied.
        if rng.random() < 0.2:
            client = {**client, "clientId": f"b{other}-gw"}
        return {**client, "action": "connect"}
    if choice == 1:
        return {**client, "action": "publish",
                "topic": f"buildings/b{index}/floor{rng.randrange(9)}/status"}
    if choice == 2:
        return {**client, "action": "subscribe",
                "topic": rng.choice([f"buildings/b{index}/+/status", "buildings/#"])}
    return {**client, "action": "get", "keyBase64": building_key(index)}


def operator_request(rng, index):
    client = {"clientId": f"console-{index}", "username": f"ops-{index}"}
    if rng.random() < 0.1:
        return {**client, "action": "connect"}
    return {**client, "action": "subscribe",
            "topic": rng.choice(["devices/+/telemetry", "fleet/+/alerts", "devices/#"])}


def make_realistic_requests(rng, rule_count, request_count):
    generated_rules = rule_count - 2
    indices = {"device": [], "building": [], "operator": []}
    for index in range(generated_rules):
        indices[kind_of(index)].append(index)

    for _ in range(request_count):
        roll = rng.random()
        if roll < 0.7 and indices["device"]:
            index = rng.choice(indices["device"])
            yield device_request(rng, index, rng.choice(indices["device"]))
        elif roll < 0.9 and indices["building"]:
            index = rng.choice(indices["building"])
            yield building_request(rng, index, rng.choice(indices["building"]))
        elif indices["operator"]:
            yield operator_request(rng, rng.choice(indices["operator"]))
        else:
            yield {"clientId": "monitor", "attributes": {"role": "monitor"},
                   "action": "subscribe", "topic": "devices/#"}


# --- users -------------------------------------------------------------------------------

# The pattern lines of the users workload: (Mosquitto filter, mqauthz principals, filter).
USERS_PATTERN_LINES = [
    ("clients/%c/status", {"clientIds": ["{principal.clientId}"]},
     "clients/{principal.clientId}/status"),
    ("presence/%u", {"usernames": ["{principal.username}"]},
     "presence/{principal.username}"),
]


def user_rule(index):
    user = f"user-{index}"
    return {
        "principals": {"usernames": [user]},
        "brokerResources": [
            {"method": "Publish", "topics": [f"users/{user}/telemetry", f"users/{user}/events/+"]},
            {"method": "Subscribe", "topics": [f"users/{user}/commands/#"]},
        ],
    }


def make_users_policy(user_count):
    rules = [{"principals": principals,
              "brokerResources": [{"method": "Publish", "topics": [topic]}]}
             for _, principals, topic in USERS_PATTERN_LINES]
    rules += [user_rule(index) for index in range(user_count)]
    return {"authorizationPolicies": {"cache": "Enabled", "rules": rules}}


def make_users_acl(user_count):
    lines = ["# Pattern lines apply to every client: %c is the client id, %u the username."]
    lines += [f"pattern write {mosquitto_filter}" for mosquitto_filter, _, _ in USERS_PATTERN_LINES]
    for index in range(user_count):
        user = f"user-{index}"
        lines += ["", f"user {user}",
                  f"topic write users/{user}/telemetry",
                  f"topic write users/{user}/events/+",
                  f"topic read users/{user}/commands/#"]
    return "\n".join(lines) + "\n"


def make_users_requests(rng, user_count, request_count):
    for _ in range(request_count):
        index = rng.randrange(user_count)
        user = f"user-{index}"
        client = {"clientId": f"c-{index}", "username": user}
        if rng.random() < DENIED_SHARE:
            topic = rng.choice([f"users/user-{rng.randrange(user_count)}/telemetry",
                                f"users/{user}/commands/reboot", f"users/{user}/events/a/b"])
        else:
            topic = rng.choice([f"users/{user}/telemetry",
                                f"users/{user}/events/{rng.choice(['boot', 'alarm'])}",
                                f"clients/c-{index}/status", f"presence/{user}"])
        yield {**client, "action": "publish", "topic": topic}


# --- patterns ----------------------------------------------------------------------------

def pattern_line_filter(line):
    """Returns the Mosquitto filter of pattern line `line`, with %c for the client id."""
    shape = line % 3
    if shape == 0:
        return f"plant/line{line}/%c/telemetry"
    if shape == 1:
        return f"plant/line{line}/%c/events/+"
    return f"plant/line{line}/%c/cmd/#"


def make_patterns_policy(line_count):
    rules = []
    for line in range(line_count):
        topic = pattern_line_filter(line).replace("%c", "{principal.clientId}")
        rules.append({"principals": {"clientIds": ["{principal.clientId}"]},
                      "brokerResources": [{"method": "Publish", "topics": [topic]}]})
    return {"authorizationPolicies": {"cache": "Enabled", "rules": rules}}


def make_patterns_acl(line_count):
    lines = ["# One pattern line per plant line; %c is the client id."]
    lines += [f"pattern write {pattern_line_filter(line)}" for line in range(line_count)]
    return "\n".join(lines) + "\n"


def make_patterns_requests(rng, line_count, request_count):
    client_count = 1000
    for _ in range(request_count):
        client_id = f"sensor-{rng.randrange(client_count)}"
        line = rng.randrange(line_count)
        level = client_id if rng.random() >= DENIED_SHARE else f"sensor-{rng.randrange(client_count)}x"
        topic = pattern_line_filter(line).replace("%c", level)
        topic = topic.replace("+", "alarm").replace("#", "reboot/now")
        yield {"clientId": client_id, "username": f"u-{client_id}", "action": "publish",
               "topic": topic}


# --- output ------------------------------------------------------------------------------

def write_json(path, document):
    with open(path, "w") as output:
        json.dump(document, output, separators=(",", ":"))


def write_requests(path, requests):
    with open(path, "w") as output:
        for request in requests:
            output.write(json.dumps(request, separators=(",", ":")) + "\n")


def write_text(path, text):
    with open(path, "w") as output:
        output.write(text)


def write_workload(kind, size, request_count, seed, out):
    """Writes the workload's files and returns their paths."""
    rng = random.Random(seed)
    if kind == "realistic":
        policy = os.path.join(out, f"policy-{size}.json")
        requests = os.path.join(out, f"requests-{size}.jsonl")
        write_json(policy, make_realistic_policy(size))
        write_requests(requests, make_realistic_requests(rng, size, request_count))
        return [policy, requests]

    makers = {
        "users": (make_users_policy, make_users_acl, make_users_requests),
        "patterns": (make_patterns_policy, make_patterns_acl, make_patterns_requests),
    }
    make_policy, make_acl, make_requests = makers[kind]
    policy = os.path.join(out, f"policy-{kind}-{size}.json")
    acl = os.path.join(out, f"acl-{kind}-{size}.conf")
    requests = os.path.join(out, f"requests-{kind}-{size}.jsonl")
    write_json(policy, make_policy(size))
    write_text(acl, make_acl(size))
    write_requests(requests, make_requests(rng, size, request_count))
    return [policy, acl, requests]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=["realistic", "users", "patterns"], default="realistic",
                        help="workload kind (default realistic)")
    parser.add_argument("--rules", type=int, required=True,
                        help="number of rules: at least 3 for realistic; the number of users or "
                             "of pattern lines, at least 1, for users and patterns")
    parser.add_argument("--requests", type=int, required=True,
                        help="number of requests, at least 1")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", required=True, help="output folder")
    args = parser.parse_args()
    minimum = 3 if args.kind == "realistic" else 1
    if args.rules < minimum:
        parser.error(f"--rules is {args.rules}, but a {args.kind} workload needs at least {minimum}")
    if args.requests < 1:
        parser.error(f"--requests is {args.requests}, but the benchmarks need at least 1")

    os.makedirs(args.out, exist_ok=True)
    paths = write_workload(args.kind, args.rules, args.requests, args.seed, args.out)
    print(f"{args.kind} workload of {args.rules:,} rules and {args.requests:,} requests: "
          + ", ".join(paths))


if __name__ == "__main__":
    main()
