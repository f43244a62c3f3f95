// Reads a benchmark workload (a policy JSON file and a JSON Lines request file in the
// `mqauthz replay` format) and translates it for Cedar, and parses the command-line
// options that run.js and check_agreement.js share.

import {readFileSync} from 'node:fs';

import {translatePolicy} from './policy_translation.js';
import {translateRequest} from './request_translation.js';

// Prints `message` and the usage text on standard error and exits with status 2.
export function usageError(message, usage) {
  process.stderr.write(`${message}\n\n${usage}`);
  process.exit(2);
}

// Parses `--name value` and `--name=value` options into an object keyed by name.
// `known` lists the option names; an unknown option or a missing value is a usage error.
export function parseOptions(argv, known, usage) {
  const options = {};
  for (let index = 0; index < argv.length; ++index) {
    const arg = argv[index];
    if (arg === '-h' || arg === '--help') {
      process.stdout.write(usage);
      process.exit(0);
    }
    const equals = arg.indexOf('=');
    const name = equals < 0 ? arg : arg.slice(0, equals);
    if (!known.includes(name)) usageError(`unknown argument '${arg}'`, usage);
    if (equals >= 0) {
      options[name] = arg.slice(equals + 1);
    } else if (index + 1 < argv.length) {
      options[name] = argv[++index];
    } else {
      usageError(`${name} needs a value`, usage);
    }
  }
  return options;
}

function readText(path, description, usage) {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    return usageError(`cannot read ${description} '${path}': ${error.message}`, usage);
  }
}

// Reads and translates the workload. Returns {translation, requests, calls}: the output
// of translatePolicy, the parsed request lines, and one Cedar request per line, without
// the policy set. Blank lines are skipped. A file that cannot be read or parsed is a
// usage error that names the file and line.
export function loadWorkload(policyPath, requestsPath, usage) {
  let document;
  try {
    document = JSON.parse(readText(policyPath, 'policy file', usage));
  } catch (error) {
    usageError(`policy file '${policyPath}' is not JSON: ${error.message}; ` +
               'the Cedar translation reads JSON policies only', usage);
  }
  let translation;
  try {
    translation = translatePolicy(document);
  } catch (error) {
    usageError(`policy file '${policyPath}': ${error.message}`, usage);
  }

  const requests = [];
  const calls = [];
  const lines = readText(requestsPath, 'request file', usage).split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      const request = JSON.parse(line);
      calls.push(translateRequest(request));
      requests.push(request);
    } catch (error) {
      usageError(`${requestsPath}:${index + 1}: ${error.message}; ` +
                 'fix the line (mqauthz replay names the problem in detail)', usage);
    }
  });
  if (calls.length === 0) usageError(`${requestsPath} has no requests`, usage);
  return {translation, requests, calls};
}
