#!/usr/bin/env python3
"""Writes a reproducible policy and request stream of realistic shape at a given scale.

The policy (CLI-config JSON) has one rule per device, building or operator:
  - 70% device rules: one client id each, token topics under
    devices/{principal.clientId}/, a per-device state-store sandbox, and a String key;
  - 20% building rules: an attribute principal per building, literal building topics
    with '+' and '#', and a Binary key;
  - 10% operator rules: a username each, fleet-wide '+' subscriptions;
  - one monitoring rule for clients with role=monitor that may subscribe to '#'.
The requests (mqauthz replay format) come from those clients: about 70% are allowed,
the rest miss by one level, one client or one key. The same arguments give the same
files.

Usage: generate_workload.py --rules N --requests M [--seed S] --out DIR
Writes DIR/policy-N.json and DIR/requests-N.jsonl.
"""

import argparse
import base64
import json
import os
import random


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
    "brokerResources": [
        {"method": "Publish",
         "topics": ["statestore/v1/FA9AE35F-2F64-47CD-9BFF-08E2B32A0FE8/command/invoke"]},
    ],
}


def kind_of(index):
    slot = index % 10
    if slot < 7:
        return "device"
    if slot < 9:
        return "building"
    return "operator"


def make_policy(rule_count):
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
    return {**client, "action": "get", "key": f"config/dev-{index if rng.random() < 0.8 else other}"}


def building_request(rng, index):
    client = {"clientId": f"b{index}-gw", "attributes": {"building": f"b{index}"}}
    choice = rng.randrange(4)
    if choice == 0:
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
    return {**client, "action": "subscribe",
            "topic": rng.choice(["devices/+/telemetry", "fleet/+/alerts", "devices/#"])}


def make_requests(rng, rule_count, request_count):
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
            yield building_request(rng, rng.choice(indices["building"]))
        elif indices["operator"]:
            yield operator_request(rng, rng.choice(indices["operator"]))
        else:
            yield {"clientId": "monitor", "attributes": {"role": "monitor"},
                   "action": "subscribe", "topic": "devices/#"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=int, required=True, help="number of rules (at least 3)")
    parser.add_argument("--requests", type=int, required=True, help="number of requests")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", required=True, help="output folder")
    args = parser.parse_args()
    if args.rules < 3:
        parser.error("--rules must be at least 3")

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, f"policy-{args.rules}.json"), "w") as policy_file:
        json.dump(make_policy(args.rules), policy_file, separators=(",", ":"))

    rng = random.Random(args.seed)
    with open(os.path.join(args.out, f"requests-{args.rules}.jsonl"), "w") as request_file:
        for request in make_requests(rng, args.rules, args.requests):
            request_file.write(json.dumps(request, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
