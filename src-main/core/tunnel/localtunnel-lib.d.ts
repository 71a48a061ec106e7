// The localtunnel client class (its package types describe only the top-level function).
declare module 'localtunnel/lib/Tunnel.js' {
  const Tunnel: unknown;
  export default Tunnel;
}
