const BRANDS: Record<string, string> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  maestro: 'Maestro',
  discover: 'Discover',
  optima: 'Optima',
  jcb: 'JCB',
  'diners-club': 'Diners Club',
  enroute: 'enRoute',
};

/** A card brand as people write it (`diners-club` → Diners Club); unknown ones are capitalised. */
export function brandName(brand: string | undefined): string {
  if (!brand) return '';
  return BRANDS[brand.toLowerCase()] ?? brand.replace(/-/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
}
