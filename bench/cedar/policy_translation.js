// Translates an mqauthz policy (JSON, any of the four document shapes) into Cedar
// policies that ask the same questions of the entities that request_translation.js
// builds. One Cedar policy is written per broker or state-store resource of each rule,
// with the id "rules[R].brokerResources[B]" or "rules[R].stateStoreResources[S]".
//
// Exact: usernames, client ids and attribute maps without tokens or with a token as
// the whole entry; topic filters, including '+', '#', the '$' rule, whole-level tokens
// and subscription coverage, because a topic arrives as its levels
// (resource.levelCount, resource.level0, ...); Binary keys, String keys without tokens,
// and Pattern keys made of literal text and '*'; keys with tokens that fill whole
// '/'-separated segments (devices/{principal.clientId}/*), compared segment by segment.
//
// Wider than mqauthz (Cedar may allow what mqauthz denies), each one listed in
// `deviations` with its path:
//   - '?' and [...] classes in globs become '*', because `like` has only '*';
//   - a token inside other text (user-{principal.clientId}, a clientIds glob with a
//     token, a key whose token is not a whole segment) becomes '*', because Cedar cannot
//     join strings.
// Narrower (Cedar may deny what mqauthz allows): a key compared segment by segment does
// not match when the token value contains '/', and a key that is not UTF-8 matches only
// Binary keys.

import {parseGlob, parseTemplate, templateAsGlob} from './patterns.js';
import {allOf, anyOf, cedarString, likePattern, tokenValue} from './cedar_text.js';

const STATE_STORE_ACTIONS = {
  read: ['Get', 'KeyNotify'],
  write: ['Set', 'Del', 'VDel'],
  readwrite: ['Get', 'KeyNotify', 'Set', 'Del', 'VDel'],
};

// Returns the `authorizationPolicies` object of a CLI config, custom resource, ARM
// resource or bare rule list.
export function findAuthorizationPolicies(document) {
  if (Array.isArray(document)) return {rules: document};
  const policies = document.authorizationPolicies ?? document.spec?.authorizationPolicies ??
      document.properties?.authorizationPolicies;
  if (!policies || !Array.isArray(policies.rules)) {
    throw new Error('no authorizationPolicies.rules list in the policy document');
  }
  return policies;
}

// Collects the places where the translation is not exact.
class Deviations {
  constructor() {
    this.list = [];
  }

  add(path, reason) {
    this.list.push({path, reason});
  }
}

function isLiteral(elements) {
  return elements.every((element) => element.literal !== undefined);
}

function literalText(elements) {
  return elements.map((element) => element.literal).join('');
}

// Returns a `like` pattern for glob elements with every token, '?' and class as '*',
// and the guards of the tokens. Records a deviation when anything became '*'.
function widenedLike(elements, path, deviations) {
  const guards = [];
  const widened = elements.map((element) => {
    if (element.literal !== undefined || element.star) return element;
    if (element.token) guards.push(tokenValue(element.token).guard);
    return {star: true};
  });
  if (widened.some((element, index) => element !== elements[index])) {
    deviations.add(path, 'tokens, ? and [...] classes matched as * (wider)');
  }
  return {pattern: likePattern(widened), guards};
}

// Returns the condition that the string `subject` equals `text` once its tokens take the
// client's values.
function equalsTemplate(subject, text, path, deviations) {
  const parts = parseTemplate(text);
  if (parts.length === 1 && parts[0].token) {
    const {value, guard} = tokenValue(parts[0].token);
    return allOf([guard, `${subject} == ${value}`]);
  }
  if (parts.every((part) => part.literal !== undefined)) return `${subject} == ${cedarString(text)}`;
  const {pattern, guards} = widenedLike(templateAsGlob(parts), path, deviations);
  return allOf([...guards, `${subject} like ${pattern}`]);
}

// Returns the condition that the string `subject` matches glob elements as a whole.
function globCondition(subject, elements, path, deviations) {
  if (isLiteral(elements)) return `${subject} == ${cedarString(literalText(elements))}`;
  const widened = widenedLike(elements, path, deviations);
  return allOf([...widened.guards, `${subject} like ${widened.pattern}`]);
}

// Returns {scope, condition} for a rule's principals, or null when they match no client.
function translatePrincipals(principals, path, deviations) {
  const usernames = principals.usernames ?? [];
  const clientIds = principals.clientIds ?? [];
  const attributeMaps = principals.attributes ?? [];
  const onlyClientId = usernames.length === 0 && attributeMaps.length === 0 &&
      clientIds.length === 1 && parseTemplate(clientIds[0]).every((part) => !part.token);
  if (onlyClientId) {
    return {scope: `principal == MQTT::Client::${cedarString(clientIds[0])}`, condition: 'true'};
  }

  const alternatives = [];
  if (usernames.length > 0) {
    const entries = usernames.map((text, index) => equalsTemplate(
        'principal.username', text, `${path}.usernames[${index}]`, deviations));
    alternatives.push(allOf(['principal has username', anyOf(entries)]));
  }
  clientIds.forEach((text, index) => {
    const entryPath = `${path}.clientIds[${index}]`;
    const literal = parseTemplate(text).every((part) => !part.token);
    alternatives.push(literal ? `principal == MQTT::Client::${cedarString(text)}`
                              : equalsTemplate('principal.clientId', text, entryPath, deviations));
  });
  attributeMaps.forEach((map, index) => {
    const pairs = Object.entries(map).map(([name, value]) => {
      const attribute = `principal.attributes[${cedarString(name)}]`;
      const valuePath = `${path}.attributes[${index}].${name}`;
      return allOf([`principal.attributes has ${cedarString(name)}`,
                    equalsTemplate(attribute, value, valuePath, deviations)]);
    });
    alternatives.push(allOf(pairs));
  });
  if (alternatives.length === 0) return null;
  return {scope: 'principal', condition: anyOf(alternatives)};
}

// Returns the condition that level `index` of the requested topic name fits a filter level.
function publishLevel(level, index) {
  const subject = `resource.level${index}`;
  if (level === '+') return index === 0 ? `!(${subject} like "$*")` : null;
  const parts = parseTemplate(level);
  if (parts.length === 1 && parts[0].token) {
    const {value, guard} = tokenValue(parts[0].token);
    return allOf([guard, `${subject} == ${value}`]);
  }
  return `${subject} == ${cedarString(level)}`;
}

// Returns the condition that a policy filter matches the requested topic name.
function publishCondition(filter) {
  const levels = filter.split('/');
  const multiLevel = levels.at(-1) === '#';
  const fixed = multiLevel ? levels.slice(0, -1) : levels;
  const conditions = [];
  if (!multiLevel) conditions.push(`resource.levelCount == ${fixed.length}`);
  else if (fixed.length > 0) conditions.push(`resource.levelCount >= ${fixed.length}`);
  else conditions.push('!(resource.level0 like "$*")');
  fixed.forEach((level, index) => {
    const condition = publishLevel(level, index);
    if (condition !== null) conditions.push(condition);
  });
  return allOf(conditions);
}

// Returns the condition that a policy filter level covers level `index` of the requested
// filter: a literal covers only itself, '+' covers anything but '#' (and no '$' name at
// level 0), and a token covers the literal level equal to its value.
function coverLevel(level, index) {
  const subject = `resource.level${index}`;
  if (level === '+') {
    const notHash = `${subject} != "#"`;
    return index === 0 ? allOf([notHash, `!(${subject} like "$*")`]) : notHash;
  }
  const parts = parseTemplate(level);
  if (parts.length === 1 && parts[0].token) {
    const {value, guard} = tokenValue(parts[0].token);
    return allOf([guard, `${subject} == ${value}`, `${value} != "+"`, `${value} != "#"`]);
  }
  return `${subject} == ${cedarString(level)}`;
}

// Returns the condition that a policy filter covers the requested filter: every topic
// name the requested filter matches, the policy filter matches too (docs/design.md,
// "Topic tries", states the same rules).
function subscribeCondition(filter) {
  const levels = filter.split('/');
  const multiLevel = levels.at(-1) === '#';
  const fixed = multiLevel ? levels.slice(0, -1) : levels;
  const covered = fixed.map(coverLevel);
  if (!multiLevel) return allOf([`resource.levelCount == ${fixed.length}`, ...covered]);

  const count = fixed.length;
  const base = allOf([
    count > 0 ? `resource.levelCount >= ${count}` : '!(resource.level0 like "$*")',
    ...covered,
  ]);
  // '+/#' covers '#', and '/+/#' covers '/#': the one name they miss is empty, and an
  // empty topic name is invalid.
  const plusLevel = count - 1;
  if (fixed.at(-1) !== '+' || plusLevel > 1) return base;
  const plusBeforeHash = allOf([
    `resource.levelCount == ${count}`,
    `resource.level${plusLevel} == "#"`,
    ...(plusLevel === 1 ? ['resource.level0 == ""'] : []),
    ...covered.slice(0, plusLevel),
  ]);
  return anyOf([base, plusBeforeHash]);
}

// Returns the condition of one key segment: literal text, or one whole token.
function segmentCondition(elements, index) {
  const subject = `resource.segment${index}`;
  if (isLiteral(elements)) return `${subject} == ${cedarString(literalText(elements))}`;
  if (elements.length === 1 && elements[0].token) {
    const {value, guard} = tokenValue(elements[0].token);
    return allOf([guard, `${subject} == ${value}`]);
  }
  return null;
}

// Returns the condition for a key with tokens, compared segment by segment, or null when
// a token does not fill a whole segment or a wildcard comes before the last '/'.
function segmentedKeyCondition(elements, path, deviations) {
  const segments = [[]];
  for (const element of elements) {
    if (element.literal === '/') segments.push([]);
    else segments.at(-1).push(element);
  }
  const last = segments.length - 1;
  const conditions = [];
  for (let index = 0; index < last; ++index) {
    const condition = segmentCondition(segments[index], index);
    if (condition === null) return null;
    conditions.push(condition);
  }

  const tail = segments[last];
  const exactTail = segmentCondition(tail, last);
  if (exactTail !== null) {
    return allOf([`resource.segmentCount == ${segments.length}`, ...conditions, exactTail]);
  }
  if (tail.some((element) => element.token)) return null;
  conditions.unshift(`resource.segmentCount >= ${segments.length}`);
  if (tail.length === 1 && tail[0].star) return allOf(conditions);
  const widened = widenedLike(tail, path, deviations);
  return allOf([...conditions, `resource.tail${last} like ${widened.pattern}`]);
}

// Returns the condition that the requested key matches one key of a state-store resource.
function keyCondition(keyType, key, path, deviations) {
  if (keyType === 'binary') return `resource.base64 == ${cedarString(key)}`;
  const elements = keyType === 'string' ? templateAsGlob(parseTemplate(key)) : parseGlob(key);
  if (elements.some((element) => element.token)) {
    const segmented = segmentedKeyCondition(elements, path, deviations);
    if (segmented !== null) {
      deviations.add(path, 'a token value that contains "/" matches no segment (narrower)');
      return allOf(['resource has text', segmented]);
    }
  }
  return allOf(['resource has text', globCondition('resource.text', elements, path, deviations)]);
}

function brokerPolicy(principals, resource, path, deviations) {
  const method = resource.method.toLowerCase();
  const clientIds = resource.clientIds ?? [];
  const conditions = [principals.condition];
  if (clientIds.length > 0) {
    conditions.push(anyOf(clientIds.map((glob, index) => globCondition(
        'principal.clientId', parseGlob(glob), `${path}.clientIds[${index}]`, deviations))));
  }

  if (method === 'connect') {
    return permit(principals.scope, 'action == Action::"Connect"', 'resource', conditions);
  }
  const topics = resource.topics ?? [];
  const match = method === 'publish' ? publishCondition : subscribeCondition;
  conditions.push(anyOf(topics.map(match)));
  const action = method === 'publish' ? 'Publish' : 'Subscribe';
  return permit(principals.scope, `action == Action::"${action}"`, 'resource is MQTT::Topic',
                conditions);
}

function stateStorePolicy(principals, resource, path, deviations) {
  const actions = STATE_STORE_ACTIONS[resource.method.toLowerCase()]
      .map((action) => `Action::"${action}"`).join(', ');
  const keyType = (resource.keyType ?? 'Pattern').toLowerCase();
  const keys = resource.keys.map((key, index) => keyCondition(
      keyType, key, `${path}.keys[${index}]`, deviations));
  return permit(principals.scope, `action in [${actions}]`, 'resource is MQTT::Key',
                [principals.condition, anyOf(keys)]);
}

function permit(principalScope, actionScope, resourceScope, conditions) {
  const condition = allOf(conditions.filter((entry) => entry !== 'true'));
  const when = condition === 'true' ? '' : ` when { ${condition} }`;
  return `permit (${principalScope}, ${actionScope}, ${resourceScope})${when};`;
}

// Returns {policies, rules, deviations}: Cedar policy text by id, the number of mqauthz
// rules, and the places where the translation is not exact.
export function translatePolicy(document) {
  const {rules} = findAuthorizationPolicies(document);
  const deviations = new Deviations();
  const policies = {};
  rules.forEach((rule, ruleIndex) => {
    const rulePath = `rules[${ruleIndex}]`;
    const principals = translatePrincipals(rule.principals, `${rulePath}.principals`, deviations);
    if (principals === null) return;
    (rule.brokerResources ?? []).forEach((resource, index) => {
      const path = `${rulePath}.brokerResources[${index}]`;
      policies[path] = brokerPolicy(principals, resource, path, deviations);
    });
    (rule.stateStoreResources ?? []).forEach((resource, index) => {
      const path = `${rulePath}.stateStoreResources[${index}]`;
      policies[path] = stateStorePolicy(principals, resource, path, deviations);
    });
  });
  return {policies, rules: rules.length, deviations: deviations.list};
}
