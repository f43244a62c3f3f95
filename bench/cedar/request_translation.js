// Translates one request of the `mqauthz replay` format into a Cedar authorization
// request: the principal, action and resource uids and the entities they refer to.
//
//   principal  MQTT::Client::"<clientId>" {clientId, username (when given), attributes}
//   action     Action::"Connect" | "Publish" | "Subscribe" | "Get" | "KeyNotify" | "Set"
//              | "Del" | "VDel"
//   resource   connect:   MQTT::Broker::"broker"
//              publish, subscribe: MQTT::Topic::"<topic>" {levelCount, level0, level1, ...};
//                a subscription's $share/GROUP/ prefix is removed first
//              state store: MQTT::Key::"<base64>" {base64, and when the key is UTF-8:
//                text, segmentCount, segment0..., tail0...}, where segments are split
//                on '/' and tailN is the text from segment N on
//
// A topic name, topic filter, shared subscription or key that mqauthz denies as invalid
// becomes MQTT::Invalid::"...", which no translated policy permits. The checks follow
// docs/semantics.md ("Decisions").

const ACTIONS = {
  connect: 'Connect',
  publish: 'Publish',
  subscribe: 'Subscribe',
  get: 'Get',
  keynotify: 'KeyNotify',
  set: 'Set',
  del: 'Del',
  vdel: 'VDel',
};

const MAX_TOPIC_BYTES = 65535;
const SHARE_PREFIX = '$share/';
const utf8 = new TextDecoder('utf-8', {fatal: true});
// A UTF-16 surrogate without its partner: text that is not valid UTF-8 once encoded.
// (String.prototype.isWellFormed needs Node.js 20, and Debian 12 ships Node.js 18.)
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function validTopicText(text) {
  return text.length > 0 && Buffer.byteLength(text) <= MAX_TOPIC_BYTES && !text.includes('\0') &&
      !LONE_SURROGATE.test(text);
}

function validTopicName(topic) {
  return validTopicText(topic) && !topic.includes('+') && !topic.includes('#');
}

function validTopicFilter(filter) {
  if (!validTopicText(filter)) return false;
  const levels = filter.split('/');
  return levels.every((level, index) => {
    if (level === '#') return index === levels.length - 1;
    if (level === '+') return true;
    return !level.includes('#') && !level.includes('+');
  });
}

// Returns the filter without a $share/GROUP/ prefix, or null for an invalid shared
// subscription.
function stripSharePrefix(filter) {
  if (!filter.startsWith(SHARE_PREFIX)) return filter;
  const rest = filter.slice(SHARE_PREFIX.length);
  const slash = rest.indexOf('/');
  const group = slash < 0 ? rest : rest.slice(0, slash);
  if (group === '' || group.includes('+') || group.includes('#')) return null;
  if (slash < 0 || slash + 1 === rest.length) return null;
  return rest.slice(slash + 1);
}

function invalidResource(id) {
  return {uid: {type: 'MQTT::Invalid', id}, attrs: {}, parents: []};
}

function topicResource(topic) {
  const levels = topic.split('/');
  const attrs = {levelCount: levels.length};
  levels.forEach((level, index) => {
    attrs[`level${index}`] = level;
  });
  return {uid: {type: 'MQTT::Topic', id: topic}, attrs, parents: []};
}

function keyBytes(request) {
  if (request.key !== undefined) return Buffer.from(request.key, 'utf8');
  return Buffer.from(request.keyBase64, 'base64');
}

function keyResource(bytes) {
  const base64 = bytes.toString('base64');
  if (bytes.length === 0) return invalidResource(base64);
  const attrs = {base64};
  let text = null;
  try {
    text = utf8.decode(bytes);
  } catch {
    return {uid: {type: 'MQTT::Key', id: base64}, attrs, parents: []};
  }

  attrs.text = text;
  const segments = text.split('/');
  attrs.segmentCount = segments.length;
  let offset = 0;
  segments.forEach((segment, index) => {
    attrs[`segment${index}`] = segment;
    attrs[`tail${index}`] = text.slice(offset);
    offset += segment.length + 1;
  });
  return {uid: {type: 'MQTT::Key', id: base64}, attrs, parents: []};
}

function resourceEntity(request) {
  if (request.action === 'connect') {
    return {uid: {type: 'MQTT::Broker', id: 'broker'}, attrs: {}, parents: []};
  }
  if (request.action === 'publish') {
    return validTopicName(request.topic) ? topicResource(request.topic)
                                         : invalidResource(request.topic);
  }
  if (request.action === 'subscribe') {
    const filter = stripSharePrefix(request.topic);
    return filter !== null && validTopicFilter(filter) ? topicResource(filter)
                                                       : invalidResource(request.topic);
  }
  return keyResource(keyBytes(request));
}

function principalEntity(request) {
  const attrs = {clientId: request.clientId, attributes: request.attributes ?? {}};
  if (request.username !== undefined) attrs.username = request.username;
  return {uid: {type: 'MQTT::Client', id: request.clientId}, attrs, parents: []};
}

// Returns the Cedar request for one parsed JSON request line: {principal, action,
// resource, context, entities}. Throws an Error for an unknown action.
export function translateRequest(request) {
  const action = ACTIONS[request.action];
  if (action === undefined) throw new Error(`unknown action '${request.action}'`);
  const principal = principalEntity(request);
  const resource = resourceEntity(request);
  return {
    principal: principal.uid,
    action: {type: 'Action', id: action},
    resource: resource.uid,
    context: {},
    entities: [principal, resource],
  };
}
