// Compares Cedar's decisions on a translated workload with mqauthz's, request by request.
//
// Usage:
//   build/mqauthz replay POLICY.json REQUESTS.jsonl > DECISIONS.jsonl
//   node bench/cedar/check_agreement.js --policy POLICY.json --requests REQUESTS.jsonl \
//       --decisions DECISIONS.jsonl [--sample N]
//
// Decides the first N requests (default: all) with cedar-wasm's statefulIsAuthorized and
// prints the share on which Cedar and mqauthz agree. Then it prints each kind of
// disagreement (action, mqauthz decision, Cedar decision) with its count and up to three
// examples, which name the mqauthz grant and the Cedar policies that allowed.
//
// Exit status: 0 after a comparison, whatever the rate. 1 when Cedar rejects the
// translated policies or returns an error. 2 on a usage error, or when the decision file
// does not line up with the request file.

import {readFileSync} from 'node:fs';

import * as cedar from '@cedar-policy/cedar-wasm/nodejs';

import {loadWorkload, parseOptions, usageError} from './workload.js';

const USAGE = `Usage: node bench/cedar/check_agreement.js --policy POLICY.json --requests REQUESTS.jsonl --decisions DECISIONS.jsonl [--sample N]

Compares Cedar's decisions on the translated workload with those of mqauthz replay.

  --policy FILE      mqauthz policy, JSON
  --requests FILE    requests, one JSON object per line, as mqauthz replay reads them
  --decisions FILE   the output of 'mqauthz replay POLICY REQUESTS' for the same files
  --sample N         compare the first N requests only (default: all)
`;

const POLICY_SET_ID = 'agreement';
const EXAMPLES_PER_KIND = 3;

function readDecisions(path, count) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    usageError(`cannot read decision file '${path}': ${error.message}`, USAGE);
  }
  const decisions = text.split('\n').filter((line) => line.trim() !== '').map((line, index) => {
    const decision = JSON.parse(line);
    if (decision.decision === undefined) {
      usageError(`${path}:${index + 1} is not a decision: ${line}; ` +
                 'replay a request file without malformed lines', USAGE);
    }
    return decision;
  });
  if (decisions.length !== count) {
    usageError(`${path} has ${decisions.length} decisions for ${count} requests; ` +
               'write it with mqauthz replay from the same request file', USAGE);
  }
  return decisions;
}

function parseSample(text, total) {
  if (text === undefined) return total;
  const sample = Number(text);
  if (!Number.isInteger(sample) || sample < 1) {
    usageError(`--sample '${text}' is invalid; give a whole number of requests, at least 1`,
               USAGE);
  }
  return Math.min(sample, total);
}

function describeMqauthz(decision) {
  if (decision.decision === 'deny') return `deny (${decision.reason})`;
  return `allow by ${decision.resource}${decision.pattern ? ` '${decision.pattern}'` : ''}`;
}

function main() {
  const options = parseOptions(
      process.argv.slice(2), ['--policy', '--requests', '--decisions', '--sample'], USAGE);
  for (const required of ['--policy', '--requests', '--decisions']) {
    if (options[required] === undefined) usageError(`${required} is required`, USAGE);
  }
  const {translation, requests, calls} =
      loadWorkload(options['--policy'], options['--requests'], USAGE);
  const decisions = readDecisions(options['--decisions'], calls.length);
  const sample = parseSample(options['--sample'], calls.length);

  const parsed = cedar.preparsePolicySet(POLICY_SET_ID, {staticPolicies: translation.policies});
  if (parsed.type !== 'success') {
    process.stderr.write(`Cedar rejected the translated policies: ${JSON.stringify(parsed.errors)}\n`);
    process.exit(1);
  }

  const kinds = new Map();
  let agreed = 0;
  for (let index = 0; index < sample; ++index) {
    const answer = cedar.statefulIsAuthorized({...calls[index], preparsedPolicySetId: POLICY_SET_ID});
    if (answer.type !== 'success') {
      process.stderr.write(
          `request ${index + 1}: Cedar returned an error: ${JSON.stringify(answer.errors)}\n`);
      process.exit(1);
    }
    const cedarDecision = answer.response.decision;
    const mqauthzDecision = decisions[index].decision;
    if (cedarDecision === mqauthzDecision) {
      agreed += 1;
      continue;
    }
    const key = `${requests[index].action}: mqauthz ${mqauthzDecision}, Cedar ${cedarDecision}`;
    const kind = kinds.get(key) ?? {count: 0, examples: []};
    kind.count += 1;
    if (kind.examples.length < EXAMPLES_PER_KIND) {
      kind.examples.push(`line ${index + 1}: ${JSON.stringify(requests[index])}\n` +
          `      mqauthz ${describeMqauthz(decisions[index])}; Cedar policies that allowed: ` +
          `${JSON.stringify(answer.response.diagnostics.reason)}`);
    }
    kinds.set(key, kind);
  }

  const rate = (100 * agreed / sample).toFixed(2);
  process.stdout.write(`agreement: ${agreed} of ${sample} requests (${rate}%); ` +
      `${translation.deviations.length} inexact patterns in the translation\n`);
  for (const [key, kind] of [...kinds].sort((a, b) => b[1].count - a[1].count)) {
    process.stdout.write(`${key}: ${kind.count}\n`);
    for (const example of kind.examples) process.stdout.write(`    ${example}\n`);
  }
}

main();
