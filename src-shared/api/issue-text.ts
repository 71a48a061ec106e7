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

/** One zod issue as a sentence an agent can act on; our schemas' own messages are kept. */
export function issueSentence(issue: z.core.$ZodIssue): string {
  const label = fieldLabel(issue.path);
  if (!ZOD_WORDING.test(issue.message)) return sentence(issue.message);
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? sentence(`The ${label} is missing`)
        : sentence(`The ${label} must be ${issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}`);
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
