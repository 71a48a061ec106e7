import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';

const { RequestClient: BaseRequestClient } = twilio;

/** A twilio RequestClient that sends every request to a base URL (the sandbox) instead of https://*.twilio.com */
export function sandboxHttpClient(
  baseUrl: string,
  options: RequestClient.RequestClientOptions = {},
): RequestClient {
  const base = new URL(baseUrl);
  const client = new BaseRequestClient(options);
  // The sandbox is on loopback: an HTTP(S)_PROXY from the environment must never see its traffic.
  client.axios.defaults.proxy = false;
  const send = client.request.bind(client);
  client.request = (opts) => {
    const target = new URL(opts.uri);
    target.protocol = base.protocol;
    target.host = base.host;
    return send({ ...opts, uri: target.toString() });
  };
  return client;
}
