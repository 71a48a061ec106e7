import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** A `<Number>` status callback request: which events, where. */
export interface StatusCallback {
  url: string;
  /** Subset of initiated, ringing, answered, completed; Twilio's default is completed only. */
  events: ReadonlySet<string>;
}

/** Who a `<Dial>` calls. */
export type DialTarget =
  | { kind: 'number'; number: string; statusCallback?: StatusCallback }
  | { kind: 'client'; identity: string; params: Record<string, string>; statusCallback?: StatusCallback };

/** The TwiML verbs the sandbox runs. */
export type Verb =
  | { verb: 'Say'; text: string; loop: number }
  | { verb: 'Play'; url: string; loop: number }
  | { verb: 'Pause'; seconds: number }
  | { verb: 'Hangup' }
  | { verb: 'Reject'; reason: 'busy' | 'rejected' }
  | { verb: 'Redirect'; url: string }
  | {
      verb: 'Dial';
      targets: DialTarget[];
      action?: string;
      callerId?: string;
      timeoutSeconds: number;
      /** Keep the caller's leg unanswered (ringing) until the dialled party answers. */
      answerOnBridge: boolean;
    };

/** A TwiML document the sandbox cannot run, with the Twilio error code it would log (12100, 12200). */
export class TwimlError extends Error {
  constructor(
    readonly code: 12100 | 12200,
    message: string,
  ) {
    super(message);
  }
}

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
});

/** Parses a TwiML response into verbs, rejecting malformed XML and verbs the sandbox does not know. */
export function parseTwiml(xml: string): Verb[] {
  if (XMLValidator.validate(xml) !== true) throw new TwimlError(12100, 'The TwiML is not well-formed XML.');
  const root = (parser.parse(xml) as Node[]).find((node) => 'Response' in node);
  if (!root) throw new TwimlError(12200, 'The TwiML has no <Response> root element.');
  return children(root).map(toVerb);
}

function tagOf(node: Node): string {
  return Object.keys(node).find((key) => key !== ':@') ?? '';
}

function children(node: Node): Node[] {
  const value = node[tagOf(node)];
  return Array.isArray(value) ? (value as Node[]).filter((child) => tagOf(child) !== '#text') : [];
}

function text(node: Node): string {
  const value = node[tagOf(node)];
  if (!Array.isArray(value)) return '';
  return (value as Node[])
    .map((child) => child['#text'])
    .filter((t) => t !== undefined)
    .join('')
    .trim();
}

function attrs(node: Node): Record<string, string> {
  return node[':@'] ?? {};
}

function count(value: string | undefined, fallback: number): number {
  const n = Number(value ?? fallback);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

function toVerb(node: Node): Verb {
  const a = attrs(node);
  switch (tagOf(node)) {
    case 'Say':
      return { verb: 'Say', text: text(node), loop: count(a.loop, 1) };
    case 'Play':
      return { verb: 'Play', url: text(node), loop: count(a.loop, 1) };
    case 'Pause':
      return { verb: 'Pause', seconds: count(a.length, 1) };
    case 'Hangup':
      return { verb: 'Hangup' };
    case 'Reject':
      return { verb: 'Reject', reason: a.reason === 'busy' ? 'busy' : 'rejected' };
    case 'Redirect':
      return { verb: 'Redirect', url: text(node) };
    case 'Dial':
      return toDial(node, a);
    default:
      throw new TwimlError(12200, `The sandbox does not support the TwiML verb <${tagOf(node)}>.`);
  }
}

function toDial(node: Node, a: Record<string, string>): Verb {
  const nouns = children(node);
  const bare = text(node);
  const targets: DialTarget[] = nouns.map(toTarget);
  if (targets.length === 0 && bare) targets.push({ kind: 'number', number: bare });
  if (targets.length === 0) throw new TwimlError(12200, '<Dial> needs a number, a <Number> or a <Client>.');
  return {
    verb: 'Dial',
    targets,
    timeoutSeconds: count(a.timeout, 30),
    answerOnBridge: a.answerOnBridge === 'true',
    ...(a.action ? { action: a.action } : {}),
    ...(a.callerId ? { callerId: a.callerId } : {}),
  };
}

function toTarget(noun: Node): DialTarget {
  const a = attrs(noun);
  const statusCallback = a.statusCallback
    ? { url: a.statusCallback, events: new Set((a.statusCallbackEvent ?? 'completed').split(/[\s,]+/)) }
    : undefined;
  const withCallback = statusCallback ? { statusCallback } : {};
  if (tagOf(noun) === 'Number') return { kind: 'number', number: text(noun), ...withCallback };
  if (tagOf(noun) === 'Client') {
    const parts = children(noun);
    const identityNode = parts.find((p) => tagOf(p) === 'Identity');
    const params = Object.fromEntries(
      parts.filter((p) => tagOf(p) === 'Parameter').map((p) => [attrs(p).name ?? '', attrs(p).value ?? '']),
    );
    const identity = identityNode ? text(identityNode) : text(noun);
    if (!identity) throw new TwimlError(12200, '<Client> needs an identity.');
    return { kind: 'client', identity, params, ...withCallback };
  }
  throw new TwimlError(12200, `The sandbox does not support <${tagOf(noun)}> inside <Dial>.`);
}
