import twilio from 'twilio';
import { E164_PATTERN } from '@shared/domain/sids';

const { VoiceResponse } = twilio.twiml;

/**
 * The TwiML App's voice URL answer: dial the number the agent typed from the configured caller ID,
 * with a status callback on the customer's (child) leg, which is the leg a payment attaches to.
 */
export function dialNumberTwiml(input: {
  to: string | undefined;
  callerId: string | undefined;
  legStatusUrl: string;
}) {
  const response = new VoiceResponse();
  if (input.to === undefined || !E164_PATTERN.test(input.to)) {
    response.say('That number is not in international format, so the call was not placed.');
    response.hangup();
    return response.toString();
  }
  if (input.callerId === undefined) {
    response.say('No caller ID is set up in Callpay, so the call was not placed.');
    response.hangup();
    return response.toString();
  }
  const dial = response.dial({ callerId: input.callerId, answerOnBridge: true });
  dial.number(
    {
      statusCallback: input.legStatusUrl,
      statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
      statusCallbackMethod: 'POST',
    },
    input.to,
  );
  return response.toString();
}

/**
 * The phone number's voice URL answer: ring the agent's client, passing the customer's CallSid
 * (the parent leg, which a payment attaches to) as a custom parameter.
 */
export function dialAgentTwiml(input: {
  /** One agent, or a ring group: every identity rings at once and the first to answer takes the call. */
  agentIdentity: string | readonly string[];
  customerCallSid: string;
  legStatusUrl: string;
}) {
  const response = new VoiceResponse();
  const dial = response.dial({ answerOnBridge: true });
  for (const identity of typeof input.agentIdentity === 'string'
    ? [input.agentIdentity]
    : input.agentIdentity) {
    const client = dial.client({
      statusCallback: input.legStatusUrl,
      statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
      statusCallbackMethod: 'POST',
    });
    client.identity(identity);
    client.parameter({ name: 'customerCallSid', value: input.customerCallSid });
  }
  return response.toString();
}
