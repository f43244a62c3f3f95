// Pieces of Cedar policy text: string literals, `like` patterns, principal token values,
// and conjunctions and disjunctions of conditions.

// Returns `text` as a Cedar string literal. Cedar strings take the escapes of Rust
// strings: \\, \", \n, \r, \t, \0 and \u{HEX}.
export function cedarString(text) {
  return `"${escapeCedar(text, false)}"`;
}

function escapeCedar(text, inPattern) {
  let out = '';
  for (const character of text) {
    const code = character.codePointAt(0);
    if (character === '\\' || character === '"') {
      out += `\\${character}`;
    } else if (inPattern && character === '*') {
      out += '\\*';
    } else if (code < 0x20 || code === 0x7f) {
      out += `\\u{${code.toString(16)}}`;
    } else {
      out += character;
    }
  }
  return out;
}

// Returns a Cedar `like` pattern literal for glob elements that are {literal} or {star}.
// A literal '*' is escaped as \*, the only wildcard `like` has.
export function likePattern(elements) {
  let out = '';
  for (const element of elements) {
    out += element.star ? '*' : escapeCedar(element.literal, true);
  }
  return `"${out}"`;
}

// Returns {value, guard} for a principal token: the Cedar expression of the client's
// value, and a condition that holds when that value is present and not empty. A token
// without a value matches nothing in mqauthz, so every use of `value` goes with `guard`.
export function tokenValue(token) {
  if (token.kind === 'clientId') {
    return {value: 'principal.clientId', guard: 'principal.clientId != ""'};
  }
  if (token.kind === 'username') {
    return {
      value: 'principal.username',
      guard: 'principal has username && principal.username != ""',
    };
  }
  const name = cedarString(token.name);
  const value = `principal.attributes[${name}]`;
  return {value, guard: `principal.attributes has ${name} && ${value} != ""`};
}

// Returns the conjunction of conditions; 'true' when there are none. Each condition is
// wrapped in parentheses when it contains '||'.
export function allOf(conditions) {
  if (conditions.length === 0) return 'true';
  return conditions.map((condition) => (condition.includes('||') ? `(${condition})` : condition))
      .join(' && ');
}

// Returns the disjunction of conditions; 'false' when there are none.
export function anyOf(conditions) {
  if (conditions.length === 0) return 'false';
  if (conditions.length === 1) return conditions[0];
  return conditions.map((condition) => `(${condition})`).join(' || ');
}
