// Times Cedar (the @cedar-policy/cedar-wasm package under Node.js) on an mqauthz
// benchmark workload, as the baseline that mqauthz is compared with.
//
// Usage:
//   node bench/cedar/run.js --policy POLICY.json --requests REQUESTS.jsonl [--seconds S]
//
// It translates the policy and the requests (policy_translation.js and
// request_translation.js state what is exact and what is not), parses the Cedar policy
// set once with preparsePolicySet, and builds every request before timing. Then it
// warms up, and times statefulIsAuthorized, the cedar-wasm call that decides against
// the preparsed set, in batches of consecutive requests that cycle through the file.
// It prints one JSON object on standard output:
//
//   {"engine":"cedar-wasm","version":"4.13.0","node":"v20...","rules":100,
//    "cedar_policies":456,"inexact_patterns":70,"requests":10000,"translate_ms":...,
//    "prepare_ms":...,"batch_size":...,"decisions":...,"allowed":...,"denied":...,
//    "failures":0,"evaluation_errors":0,"ns_per_decision_median":...,
//    "ns_per_decision_min":...,"ns_per_decision_max":...,"samples":[...]}
//
// "samples" contains the nanoseconds per decision of each batch, and the median, min and
// max are over them. "allowed" and "denied" count the timed decisions. Exit status: 0
// after a run, 1 when Cedar rejects the translated policy set, 2 on a usage error.

import * as cedar from '@cedar-policy/cedar-wasm/nodejs';

import {loadWorkload, parseOptions, usageError} from './workload.js';

const USAGE = `Usage: node bench/cedar/run.js --policy POLICY.json --requests REQUESTS.jsonl [--seconds S]

Times Cedar's statefulIsAuthorized on an mqauthz workload and prints one JSON object.

  --policy FILE     mqauthz policy, JSON (bench/generate_workload.py writes one)
  --requests FILE   requests, one JSON object per line, as mqauthz replay reads them
  --seconds S       timed seconds, from 0.1 to 3600 (default 3); warm-up adds a tenth
`;

// Number of batches that the timed seconds are split into, and the minimum number.
const TARGET_BATCHES = 30;
const MIN_BATCHES = 5;
const POLICY_SET_ID = 'workload';

function parseSeconds(text) {
  if (text === undefined) return 3;
  const seconds = Number(text);
  if (text.trim() === '' || !Number.isFinite(seconds) || seconds < 0.1 || seconds > 3600) {
    usageError(`--seconds '${text}' is invalid; give a number of seconds from 0.1 to 3600`,
               USAGE);
  }
  return seconds;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// Decides `count` requests starting at `state.next`, cycling through `calls`, and
// counts the outcomes in `state`. Returns the elapsed nanoseconds.
function decideBatch(calls, count, state) {
  const start = process.hrtime.bigint();
  for (let done = 0; done < count; ++done) {
    const answer = cedar.statefulIsAuthorized(calls[state.next]);
    state.next = (state.next + 1) % calls.length;
    if (answer.type !== 'success') {
      state.failures += 1;
      if (state.firstFailure === null) state.firstFailure = answer.errors;
    } else {
      if (answer.response.decision === 'allow') state.allowed += 1;
      else state.denied += 1;
      if (answer.response.diagnostics.errors.length > 0) state.evaluationErrors += 1;
    }
  }
  return Number(process.hrtime.bigint() - start);
}

function newCounts(next) {
  return {next, allowed: 0, denied: 0, failures: 0, evaluationErrors: 0, firstFailure: null};
}

// Decides requests for about `seconds`. Returns the mean nanoseconds per decision.
function warmUp(calls, seconds) {
  const state = newCounts(0);
  let decisions = 0;
  let nanoseconds = 0;
  while (nanoseconds < seconds * 1e9) {
    nanoseconds += decideBatch(calls, 1, state);
    decisions += 1;
  }
  return nanoseconds / decisions;
}

function main() {
  const options = parseOptions(process.argv.slice(2), ['--policy', '--requests', '--seconds'],
                               USAGE);
  if (options['--policy'] === undefined) usageError('--policy is required', USAGE);
  if (options['--requests'] === undefined) usageError('--requests is required', USAGE);
  const seconds = parseSeconds(options['--seconds']);

  let start = process.hrtime.bigint();
  const {translation, calls} = loadWorkload(options['--policy'], options['--requests'], USAGE);
  const translateMs = Number(process.hrtime.bigint() - start) / 1e6;

  start = process.hrtime.bigint();
  const parsed = cedar.preparsePolicySet(POLICY_SET_ID, {staticPolicies: translation.policies});
  const prepareMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (parsed.type !== 'success') {
    process.stderr.write(`Cedar rejected the translated policies: ${JSON.stringify(parsed.errors)}\n`);
    process.exit(1);
  }
  const statefulCalls = calls.map(({entities, ...request}) =>
    ({...request, entities, preparsedPolicySetId: POLICY_SET_ID}));

  const nsPerDecision = warmUp(statefulCalls, seconds / 10);
  const batchSize = Math.max(1, Math.round(seconds * 1e9 / TARGET_BATCHES / nsPerDecision));
  const state = newCounts(0);
  const samples = [];
  let elapsed = 0;
  while (elapsed < seconds * 1e9 || samples.length < MIN_BATCHES) {
    const nanoseconds = decideBatch(statefulCalls, batchSize, state);
    elapsed += nanoseconds;
    samples.push(nanoseconds / batchSize);
  }
  if (state.firstFailure !== null) {
    process.stderr.write(`statefulIsAuthorized failed: ${JSON.stringify(state.firstFailure)}\n`);
  }

  const round = (value) => Math.round(value * 100) / 100;
  process.stdout.write(`${JSON.stringify({
    engine: 'cedar-wasm',
    version: cedar.getCedarVersion(),
    node: process.version,
    rules: translation.rules,
    cedar_policies: Object.keys(translation.policies).length,
    inexact_patterns: translation.deviations.length,
    requests: calls.length,
    translate_ms: round(translateMs),
    prepare_ms: round(prepareMs),
    batch_size: batchSize,
    decisions: samples.length * batchSize,
    allowed: state.allowed,
    denied: state.denied,
    failures: state.failures,
    evaluation_errors: state.evaluationErrors,
    ns_per_decision_median: round(median(samples)),
    ns_per_decision_min: round(Math.min(...samples)),
    ns_per_decision_max: round(Math.max(...samples)),
    samples: samples.map(round),
  })}\n`);
}

main();
