export interface ExpectedFuse {
  key: string;
  index: number;
  want: boolean;
}
export function expectedFuses(config: { electronFuses?: Record<string, boolean> }): ExpectedFuse[];
export function fuseProblems(expected: ExpectedFuse[], wire: Record<number, unknown>): string[];
