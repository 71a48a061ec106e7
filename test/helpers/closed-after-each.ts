import { afterEach } from 'vitest';

/**
 * For what a test opens that keeps a file open (an audit log, a session journal), as the app's do
 * until it stops: `tracked(x)` returns x, and x is closed after each test, as a stop would close it.
 * Call it after the hook that removes the test's folder: after-hooks run last-registered first.
 */
export function closedAfterEach() {
  const open: Array<{ close(): unknown }> = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((thing) => thing.close()));
  });
  return <T extends { close(): unknown }>(thing: T): T => {
    open.push(thing);
    return thing;
  };
}
