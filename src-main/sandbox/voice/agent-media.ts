import {
  MediaStream,
  MediaStreamTrack,
  RTCPeerConnection,
  RTCRtpCodecParameters,
  RtpHeader,
  RtpPacket,
  usePCMU,
} from 'werift';
import { randomInt } from 'node:crypto';
import { FRAME_SAMPLES, silentFrame, type AudioSource } from './audio';

/** RFC 4733 event codes 0-11 as the keys that make them. */
const DTMF_KEYS = '0123456789*#';
const FRAME_MS = 20;

/**
 * The sandbox's side of one Voice SDK call's WebRTC media (what Twilio's media edge is on the real
 * service): it plays what the other party says into the agent's ear, measures how loud the agent is,
 * and decodes the keys the agent presses (RFC 4733). PCMU only, the SDK's first choice.
 */
export class AgentMedia {
  private source: AudioSource | null = null;
  private readonly track = new MediaStreamTrack({ kind: 'audio' });
  private readonly digitListeners = new Set<(digit: string) => void>();
  private readonly audioListeners = new Set<(frame: Uint8Array) => void>();
  private readonly eventPayloadTypes = new Set<number>();
  private lastEventTimestamp = -1;
  private sequence = randomInt(0, 0xffff);
  private timestamp = randomInt(0, 0xffffffff);
  private readonly ssrc = randomInt(1, 0xffffffff);
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  private constructor(private readonly pc: RTCPeerConnection) {
    pc.onTrack.subscribe((remote) => {
      remote.onReceiveRtp.subscribe((rtp) => this.receive(rtp));
    });
    this.timer = setInterval(() => this.sendFrame(), FRAME_MS);
  }

  /** Answers the SDK's offer (an outgoing call); resolves once the answer carries our ICE candidates. */
  static async answer(offerSdp: string): Promise<{ media: AgentMedia; sdp: string }> {
    assertAudioSdp(offerSdp);
    const media = new AgentMedia(newPeer());
    media.learnEventTypes(offerSdp);
    await media.pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    media.pc.addTrack(media.track, new MediaStream({ id: 'sandbox', tracks: [media.track] }));
    await media.pc.setLocalDescription(await media.pc.createAnswer());
    return { media, sdp: await media.gatheredSdp() };
  }

  /** Makes an offer for an incoming call to the SDK; call `accept` with the SDK's answer. */
  static async offer(): Promise<{ media: AgentMedia; sdp: string }> {
    const media = new AgentMedia(newPeer());
    media.pc.addTrack(media.track, new MediaStream({ id: 'sandbox', tracks: [media.track] }));
    await media.pc.setLocalDescription(await media.pc.createOffer());
    const sdp = await media.gatheredSdp();
    media.learnEventTypes(sdp);
    return { media, sdp };
  }

  /** Applies the SDK's answer to our offer. */
  async accept(answerSdp: string): Promise<void> {
    assertAudioSdp(answerSdp);
    await this.pc.setRemoteDescription({ type: 'answer', sdp: answerSdp });
  }

  /** Answers a re-offer (ICE restart) on the same connection. */
  async reanswer(offerSdp: string): Promise<string> {
    assertAudioSdp(offerSdp);
    await this.pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    return this.gatheredSdp();
  }

  /** What the agent hears from now on; `null` (or a source that ends) is silence. */
  play(source: AudioSource | null): void {
    this.source = source;
  }

  /** Subscribes to the agent's audio, one PCMU frame at a time; returns an unsubscribe function. */
  onAudio(listener: (frame: Uint8Array) => void): () => void {
    this.audioListeners.add(listener);
    return () => this.audioListeners.delete(listener);
  }

  /** Subscribes to keys the agent presses in-band; returns an unsubscribe function. */
  onDigit(listener: (digit: string) => void): () => void {
    this.digitListeners.add(listener);
    return () => this.digitListeners.delete(listener);
  }

  /** Stops media and releases the connection; safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.digitListeners.clear();
    this.audioListeners.clear();
    void this.pc.close().catch(() => undefined);
  }

  private sendFrame(): void {
    const frame = this.source?.() ?? null;
    if (frame === null) this.source = null;
    this.sequence = (this.sequence + 1) & 0xffff;
    this.timestamp = (this.timestamp + FRAME_SAMPLES) >>> 0;
    const header = new RtpHeader({
      payloadType: 0,
      sequenceNumber: this.sequence,
      timestamp: this.timestamp,
      ssrc: this.ssrc,
    });
    this.track.writeRtp(new RtpPacket(header, Buffer.from(frame ?? silentFrame())));
  }

  private receive(rtp: RtpPacket): void {
    if (this.eventPayloadTypes.has(rtp.header.payloadType)) return this.receiveEvent(rtp);
    if (rtp.header.payloadType !== 0) return;
    for (const listener of this.audioListeners) listener(rtp.payload);
  }

  /** One key press arrives as several RTP packets sharing a timestamp; report it once. */
  private receiveEvent(rtp: RtpPacket): void {
    const key = DTMF_KEYS[rtp.payload[0] ?? 255];
    if (key === undefined || rtp.header.timestamp === this.lastEventTimestamp) return;
    this.lastEventTimestamp = rtp.header.timestamp;
    for (const listener of this.digitListeners) listener(key);
  }

  private learnEventTypes(sdp: string): void {
    for (const match of sdp.matchAll(/a=rtpmap:(\d+) telephone-event\/8000/g)) {
      this.eventPayloadTypes.add(Number(match[1]));
    }
  }

  private async gatheredSdp(): Promise<string> {
    if (this.pc.iceGatheringState !== 'complete') {
      await this.pc.iceGatheringStateChange.watch((state) => state === 'complete');
    }
    const sdp = this.pc.localDescription?.sdp;
    if (!sdp) throw new Error('The sandbox media connection has no local description.');
    return sdp;
  }
}

/** werift takes any string as SDP; refuse what cannot carry a call before it gets that far. */
function assertAudioSdp(sdp: string): void {
  if (!/^v=0\r?\n/.test(sdp) || !/^m=audio /m.test(sdp)) {
    throw new Error('The SDP is not a session description with an audio section.');
  }
}

function newPeer(): RTCPeerConnection {
  return new RTCPeerConnection({
    codecs: {
      audio: [
        usePCMU(),
        new RTCRtpCodecParameters({ mimeType: 'audio/telephone-event', clockRate: 8000, payloadType: 101 }),
      ],
    },
    // Loopback is not gathered by default, and in tests it is the only way in.
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceUseIpv6: false,
  });
}
