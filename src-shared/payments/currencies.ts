/**
 * ISO 4217 active currency codes and their minor units (ISO's table, not CLDR's, which differ
 * for a few such as IQD). Fund codes and precious metals are left out: nobody pays by phone in them.
 */
const TWO_DIGITS =
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF ' +
  'CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL ' +
  'HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP ' +
  'MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD ' +
  'SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD UYU UZS ' +
  'VED VES WST XCD XCG YER ZAR ZMW ZWG';
const ZERO_DIGITS = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF';
const THREE_DIGITS = 'BHD IQD JOD KWD LYD OMR TND';

const table = new Map<string, number>();
for (const [list, digits] of [
  [TWO_DIGITS, 2],
  [ZERO_DIGITS, 0],
  [THREE_DIGITS, 3],
] as const) {
  for (const code of list.split(' ')) table.set(code, digits);
}

/** The number of minor-unit digits of an ISO 4217 currency, or undefined when the code is not one. */
export function minorUnits(currency: string): number | undefined {
  return table.get(currency.toUpperCase());
}

/** Every accepted currency code, sorted. */
export const CURRENCY_CODES: readonly string[] = [...table.keys()].sort();
