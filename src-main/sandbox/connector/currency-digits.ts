/**
 * ISO 4217 minor units as Twilio's 64003 applies them. Kept apart from the client's table
 * (src-shared/payments/currencies.ts) so one mistake cannot pass in both; codes come from Intl,
 * digits from ISO (Intl's CLDR data says 0 for IQD, ISO says 3).
 */
const ZERO = new Set('BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF'.split(' '));
const THREE = new Set('BHD IQD JOD KWD LYD OMR TND'.split(' '));
const KNOWN = new Set(Intl.supportedValuesOf('currency'));

/** Decimal places a ChargeAmount may have in this currency, or undefined for a code ISO does not list. */
export function currencyDigits(code: string): number | undefined {
  const upper = code.toUpperCase();
  if (ZERO.has(upper)) return 0;
  if (THREE.has(upper)) return 3;
  return KNOWN.has(upper) ? 2 : undefined;
}
