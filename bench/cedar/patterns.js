// Parsing of the mqauthz policy text that the Cedar translation needs: principal tokens
// in plain text (`{principal.clientId}`, `{principal.username}`,
// `{principal.attributes.NAME}`) and globs in the Redis 7.4 `KEYS` dialect
// (docs/semantics.md). The input must be a policy that `mqauthz validate` accepts, so
// malformed tokens and globs are not diagnosed here.

const TOKEN_PREFIX = '{principal.';

// Reads the token that starts at text[start]; returns {token, end} or null when the text
// there is not a token. A token is {kind: 'clientId' | 'username' | 'attribute', name}.
function readToken(text, start) {
  if (!text.startsWith(TOKEN_PREFIX, start)) return null;
  const close = text.indexOf('}', start);
  if (close < 0) return null;
  const body = text.slice(start + TOKEN_PREFIX.length, close);
  if (body === 'clientId') return {token: {kind: 'clientId'}, end: close + 1};
  if (body === 'username') return {token: {kind: 'username'}, end: close + 1};
  if (body.startsWith('attributes.')) {
    return {token: {kind: 'attribute', name: body.slice('attributes.'.length)}, end: close + 1};
  }
  return null;
}

// Splits plain text (a principal entry, a String key, a topic level) into parts:
// {literal: '...'} runs and {token} entries, in order.
export function parseTemplate(text) {
  const parts = [];
  let literal = '';
  let index = 0;
  while (index < text.length) {
    const read = readToken(text, index);
    if (read === null) {
      literal += text[index];
      index += 1;
      continue;
    }
    if (literal !== '') parts.push({literal});
    literal = '';
    parts.push({token: read.token});
    index = read.end;
  }
  if (literal !== '') parts.push({literal});
  return parts;
}

// Returns the index just past the class that starts with '[' at pattern[start]: the
// first ']' that no '\' escapes.
function classEnd(pattern, start) {
  let index = start + 1;
  while (index < pattern.length && pattern[index] !== ']') {
    index += pattern[index] === '\\' ? 2 : 1;
  }
  return index + 1;
}

// Splits a glob into elements: {literal: 'c'} (one character, escapes removed), {star},
// {question}, {class: '[...]'} and {token}.
export function parseGlob(pattern) {
  const elements = [];
  let index = 0;
  while (index < pattern.length) {
    const character = pattern[index];
    if (character === '\\') {
      elements.push({literal: pattern[index + 1]});
      index += 2;
    } else if (character === '*') {
      elements.push({star: true});
      index += 1;
    } else if (character === '?') {
      elements.push({question: true});
      index += 1;
    } else if (character === '[') {
      const end = classEnd(pattern, index);
      elements.push({class: pattern.slice(index, end)});
      index = end;
    } else {
      const read = readToken(pattern, index);
      if (read === null) {
        elements.push({literal: character});
        index += 1;
      } else {
        elements.push({token: read.token});
        index = read.end;
      }
    }
  }
  return elements;
}

// Turns template parts into glob elements, so that exact text and globs share one
// translation.
export function templateAsGlob(parts) {
  const elements = [];
  for (const part of parts) {
    if (part.token) {
      elements.push({token: part.token});
    } else {
      for (const character of part.literal) elements.push({literal: character});
    }
  }
  return elements;
}
