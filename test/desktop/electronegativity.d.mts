export interface Finding {
  id: string;
  severity: string;
  confidence: string;
  file: string;
  location: string;
  sample: string;
  description: string;
}
export interface Review {
  id: string;
  sample: string;
  why: string;
}
export const BLOCKING: string[];
export const REVIEWED: Review[];
export function reviewFor(finding: Finding, reviewed?: Review[]): Review | undefined;
export function parseFailures(errors: { file: string; message: string; tolerable: boolean }[]): string[];
export function verdict(
  findings: Finding[],
  failures: string[],
  reviewed?: Review[],
): { ok: boolean; problems: string[] };
export function downlevel(from: string, to: string): void;
export function scan(input?: string, work?: string): { ok: boolean; problems: string[]; findings: Finding[] };
