/* global Twilio */
// In-page driver for the real Voice SDK: tests call window.phone.* through page.evaluate.
(() => {
  const events = [];
  const calls = new Map();
  const volumes = new Map();
  let device = null;
  let nextToken = null;
  let lastId = 0;
  const log = (type, detail = {}) => events.push({ type, at: performance.now(), ...detail });
  const options = (extra) => ({
    logLevel: 'error',
    closeProtection: false,
    publishEvents: false, // private option: no insights posts
    ...extra,
  });

  function track(call) {
    const id = ++lastId;
    calls.set(id, call);
    volumes.set(id, []);
    const sid = () => call.parameters.CallSid;
    call.on('ringing', () => log('ringing', { id, sid: sid() }));
    call.on('accept', () => log('accept', { id, sid: sid() }));
    call.on('disconnect', () => log('disconnect', { id, sid: sid() }));
    call.on('cancel', () => log('cancel', { id, sid: sid() }));
    call.on('reject', () => log('reject', { id, sid: sid() }));
    call.on('error', (e) => log('call-error', { id, code: e.code, message: e.message }));
    call.on('volume', (input, output) => volumes.get(id).push({ at: performance.now(), input, output }));
    return id;
  }

  window.phone = {
    events: () => events,
    identity: () => device && device.identity,
    state: () => device && device.state,
    async register(token, extra = {}) {
      device = new Twilio.Device(token, options(extra));
      // The SDK's sounds live on Twilio's CDN, which tests cannot reach; waiting for them only adds delay.
      for (const sound of ['incoming', 'outgoing', 'disconnect']) device.audio[sound](false);
      device.on('registered', () => log('registered'));
      device.on('unregistered', () => log('unregistered'));
      device.on('error', (e) => log('error', { code: e.code, message: e.message }));
      device.on('tokenWillExpire', () => {
        log('tokenWillExpire');
        if (nextToken) device.updateToken(nextToken);
      });
      device.on('incoming', (call) => {
        const id = track(call);
        const p = call.parameters;
        log('incoming', {
          id,
          sid: p.CallSid,
          from: p.From,
          to: p.To,
          params: Object.fromEntries(call.customParameters),
        });
      });
      await device.register();
    },
    /** Registers a throwaway Device and reports the first error's code (or 'registered'). */
    tryRegister(token) {
      const d = new Twilio.Device(token, options({}));
      return new Promise((resolve) => {
        d.on('error', (e) => resolve(e.code));
        d.on('registered', () => resolve('registered'));
        d.register().catch(() => undefined);
      }).finally(() => d.destroy());
    },
    setNextToken(token) {
      nextToken = token;
    },
    async unregister() {
      await device.unregister();
    },
    async connect(params) {
      return track(await device.connect({ params }));
    },
    accept: (id) => calls.get(id).accept(),
    reject: (id) => calls.get(id).reject(),
    hangup: (id) => calls.get(id).disconnect(),
    mute: (id, muted) => calls.get(id).mute(muted),
    digits: (id, digits) => calls.get(id).sendDigits(digits),
    status: (id) => calls.get(id).status(),
    /** Loudest remote audio (0..1) the SDK measured on this call in the last `ms`. */
    heard(id, ms) {
      const since = performance.now() - ms;
      return Math.max(
        0,
        ...volumes
          .get(id)
          .filter((v) => v.at >= since)
          .map((v) => v.output),
      );
    },
  };
})();
