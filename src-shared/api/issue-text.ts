import type { z } from 'zod';

/** `callSid` → "call SID", `minPostalCodeLength` → "min postal code length". */
export function fieldLabel(path: readonly PropertyKey[]): string {
  const key = [...path].reverse().find((p) => typeof p === 'string' && !/^\d+$/.test(p));
  if (typeof key !== 'string') return 'value';
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/\bsid\b/, 'SID');
}

// zod's own wording starts like this; our schemas' messages never do.
const ZOD_WORDING = /^(Invalid|Too (big|small)|Unrecognized|Expected|Required)\b|expected \w+, received/;

const sentence = (text: string) => {
  const trimmed = text.trim().replace(/\.+$/, '');
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}.`;
};

const KIND_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a group of fields',
  record: 'a group of fields',
  null: 'empty (null)',
};
const kindWord = (kind: string) => KIND_WORDS[kind] ?? `a ${kind}`;

/** What a value is, in the words KIND_WORDS uses. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** The value at `path` inside `root`, or `absent` when some step of the path is not there. */
function valueAt(root: unknown, path: readonly PropertyKey[]): { value: unknown } | 'absent' {
  let here = root;
  for (const key of path) {
    if (here === null || typeof here !== 'object' || !(key in here)) return 'absent';
    here = (here as Record<PropertyKey, unknown>)[key];
  }
  return { value: here };
}

/**
 * What was given where a value of another type was expected: from the original input when the
 * caller passes it, else from zod's own wording ("… received number"); undefined means missing.
 */
function givenKind(issue: z.core.$ZodIssue, input: unknown): string | undefined {
  if (input !== NO_INPUT) {
    const found = valueAt(input, issue.path);
    return found === 'absent' || found.value === undefined ? undefined : kindOf(found.value);
  }
  if (issue.input !== undefined) return kindOf(issue.input);
  const received = /received (\w+)/.exec(issue.message)?.[1];
  return received === undefined || received === 'undefined' ? undefined : received;
}

const NO_INPUT = Symbol('no input');

/**
 * One zod issue as a sentence an agent can act on; our schemas' own messages are kept. Pass the
 * input that was parsed, so a value of the wrong type is told apart from a missing one.
 */
export function issueSentence(issue: z.core.$ZodIssue, input: unknown = NO_INPUT): string {
  const label = fieldLabel(issue.path);
  if (!ZOD_WORDING.test(issue.message)) return sentence(issue.message);
  switch (issue.code) {
    case 'invalid_type': {
      const given = givenKind(issue, input);
      return given === undefined
        ? sentence(`The ${label} is missing`)
        : sentence(`The ${label} must be ${kindWord(issue.expected)}, not ${kindWord(given)}`);
    }
    case 'unrecognized_keys':
      return sentence(`Callpay does not know the option "${issue.keys[0] ?? ''}"; remove it`);
    case 'invalid_key':
      return sentence(`The ${label} has a name Callpay cannot use`);
    case 'too_big':
      return sentence(`The ${label} is too ${issue.origin === 'string' ? 'long' : 'large'}`);
    case 'too_small':
      return sentence(`The ${label} is too ${issue.origin === 'string' ? 'short' : 'small'}`);
    default:
      return sentence(`The ${label} is not valid`);
  }
}
