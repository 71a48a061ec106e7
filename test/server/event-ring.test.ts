import { describe, expect, it } from 'vitest';
import { ApiHost } from '../../src-main/core/api/host';
import { EventRing } from '../../src-main/server/link';
import { handlersWith } from '../helpers/handlers';

function ringOf(capacity: number) {
  const host = new ApiHost(handlersWith({}));
  const ring = new EventRing(host, capacity);
  const dial = (n: number) => host.emit('phone.dial', { number: `+1415555${String(n).padStart(4, '0')}` });
  return { ring, dial };
}

describe('the link’s event ring', () => {
  it('replays what came after the client’s number, then carries live events with no gap or repeat', () => {
    const { ring, dial } = ringOf(10);
    for (let i = 1; i <= 5; i++) dial(i);
    const live: number[] = [];
    const resume = ring.follow((e) => live.push(e.seq), { epoch: ring.epoch, seq: 3 });
    expect(resume.resumed).toBe(true);
    expect(resume.events.map((e) => e.seq)).toEqual([4, 5]);
    dial(6);
    expect(live).toEqual([6]);
    resume.stop();
    dial(7);
    expect(live).toEqual([6]);
  });

  it('tells a client further back than the ring holds, or from another run, to read state afresh', () => {
    const { ring, dial } = ringOf(3);
    for (let i = 1; i <= 6; i++) dial(i);
    // Holds 4, 5, 6: a client at 3 resumes, one at 2 missed event 3.
    expect(ring.follow(() => {}, { epoch: ring.epoch, seq: 3 }).events.map((e) => e.seq)).toEqual([4, 5, 6]);
    expect(ring.follow(() => {}, { epoch: ring.epoch, seq: 2 })).toMatchObject({
      resumed: false,
      events: [],
    });
    expect(ring.follow(() => {}, { epoch: 'another-run', seq: 5 })).toMatchObject({ resumed: false });
    expect(ring.follow(() => {}, { epoch: ring.epoch, seq: 99 })).toMatchObject({ resumed: false });
    expect(ring.follow(() => {})).toMatchObject({ resumed: false });
    // Up to date: nothing to replay, and that is a resume.
    expect(ring.follow(() => {}, { epoch: ring.epoch, seq: 6 })).toMatchObject({ resumed: true, events: [] });
  });
});
