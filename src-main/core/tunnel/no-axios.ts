/**
 * Stands in for axios inside the bundled localtunnel client (electron.vite.config.ts aliases it
 * here): the provider replaces the client's only HTTP step, so localtunnel's old axios and its
 * advisories never ship. Reaching this means a localtunnel update started using it again.
 */
function unused(): never {
  throw new Error(
    'tunnel_http_unavailable: the tunnel client tried an HTTP request Callpay does not ship; update localtunnel-provider.ts.',
  );
}

export default Object.assign(unused, { get: unused, post: unused, request: unused });
