import type { WebSocket } from 'ws';
import { AccessTokenError, keySecrets, verifyAccessToken, type VoiceGrant } from './access-token';
import { clientFrame, errorFrame, frame, type ClientFrame } from './pstream';
import type { VoiceHost } from './voice-host';

/** An SDK `invite` frame's payload: the Device places a call. */
export interface Invite {
  callsid: string;
  sdp: string;
  twilio?: { params?: string };
}

/** What a Device's signaling hands its frames to (the switchboard). */
export interface DeviceBoard {
  readonly host: VoiceHost;
  register(session: DeviceSession): void;
  unregister(session: DeviceSession): void;
  disconnected(session: DeviceSession): void;
  placeCall(session: DeviceSession, invite: Invite): Promise<void>;
  answered(session: DeviceSession, callsid: string, sdp: string): Promise<void>;
  reinvited(session: DeviceSession, callsid: string, sdp: string): Promise<void>;
  clientHungUp(session: DeviceSession, callsid: string): void;
  rejected(session: DeviceSession, callsid: string): void;
  dtmf(session: DeviceSession, callsid: string, digits: string): void;
}

/** The SDK drops a socket that is silent for 15 s; a bare newline every 10 s keeps it alive. */
export const HEARTBEAT_MS = 10_000;

/** One Voice SDK Device's signaling connection: checks its token and hands call frames to the switchboard. */
export class DeviceSession {
  grant: VoiceGrant | undefined;
  registered = false;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly socket: WebSocket,
    private readonly board: DeviceBoard,
    heartbeatMs = HEARTBEAT_MS,
  ) {
    this.heartbeat = setInterval(() => this.sendRaw('\n'), heartbeatMs);
    socket.on('message', (data) => this.receive(String(data)));
    socket.on('close', () => {
      clearInterval(this.heartbeat);
      board.disconnected(this);
    });
  }

  /** The identity of the token last accepted on this connection. */
  get identity(): string | undefined {
    return this.grant?.identity;
  }

  /** Sends one PStream frame. */
  send(type: string, payload: Record<string, unknown> = {}): void {
    this.sendRaw(frame(type, payload));
  }

  /** Sends a signaling error (e.g. 31204), optionally about one call. */
  sendError(code: number, message: string, callsid?: string): void {
    this.sendRaw(errorFrame(code, message, callsid));
  }

  private sendRaw(text: string): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(text);
  }

  private receive(text: string): void {
    if (text.trim() === '') return; // the SDK echoes our heartbeat
    let parsed: ReturnType<typeof clientFrame.safeParse>;
    try {
      parsed = clientFrame.safeParse(JSON.parse(text));
    } catch {
      return this.sendError(31100, 'The signaling frame is not JSON.');
    }
    if (!parsed.success) {
      return this.sendError(31100, 'The signaling frame is malformed or of an unknown type.');
    }
    if (parsed.data.type === 'listen') return this.listen(parsed.data.payload.token);
    if (!this.grant) {
      return this.sendError(31204, 'Send listen with a valid access token before anything else.');
    }
    const data = parsed.data;
    const callsid = 'callsid' in data.payload ? data.payload.callsid : undefined;
    // A frame the sandbox cannot handle (say, an SDP werift rejects) is answered, never left to crash the app.
    const failed = () => {
      this.board.host.log('voice.frame_failed', { type: data.type });
      this.sendError(31000, `The sandbox could not handle the ${data.type} frame.`, callsid);
    };
    try {
      void this.dispatch(data)?.catch(failed);
    } catch {
      failed();
    }
  }

  private listen(token: string): void {
    try {
      const host = this.board.host;
      this.grant = verifyAccessToken(token, host.credentials.accountSid, keySecrets(host));
    } catch (error) {
      if (!(error instanceof AccessTokenError)) throw error;
      return this.sendError(error.code, error.message);
    }
    this.send('connected', {
      region: 'US_EAST_VIRGINIA',
      edge: 'sandbox',
      home: 'us1',
      token: { identity: this.grant.identity, ttl: this.grant.ttl },
    });
  }

  private dispatch(f: Exclude<ClientFrame, { type: 'listen' }>): Promise<void> | void {
    const board = this.board;
    switch (f.type) {
      case 'register':
        return this.register(f.payload.media.audio);
      case 'invite':
        return board.placeCall(this, f.payload);
      case 'answer':
        return board.answered(this, f.payload.callsid, f.payload.sdp);
      case 'reinvite':
        return board.reinvited(this, f.payload.callsid, f.payload.sdp);
      case 'hangup':
        return board.clientHungUp(this, f.payload.callsid);
      case 'reject':
        return board.rejected(this, f.payload.callsid);
      case 'dtmf':
        return board.dtmf(this, f.payload.callsid, f.payload.dtmf);
      case 'message':
        // User-defined call messages are acknowledged; the sandbox has no one to deliver them to.
        return this.send('ack', {
          callsid: f.payload.callsid,
          acktype: 'message',
          voiceeventsid: f.payload.voiceeventsid,
        });
    }
  }

  private register(audio: boolean): void {
    if (audio && !this.grant?.incomingAllow) {
      return this.sendError(
        31204,
        'The access token does not allow incoming calls (VoiceGrant incomingAllow).',
      );
    }
    this.registered = audio;
    if (audio) this.board.register(this);
    else this.board.unregister(this);
    this.send(audio ? 'ready' : 'offline');
  }
}
