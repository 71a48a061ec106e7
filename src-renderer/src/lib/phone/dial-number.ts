import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export type DialCheck = { ok: true; e164: string; display: string } | { ok: false; error: string };

/** Checks a typed number and gives it in E.164 (what Twilio dials) and in international form (what the agent reads). */
export function checkNumber(input: string, defaultCountry: CountryCode = 'US'): DialCheck {
  const typed = input.trim();
  if (typed === '') return { ok: false, error: 'Type the number to call.' };
  if (/[^0-9+()\-.\s]/.test(typed))
    return { ok: false, error: 'A phone number has only digits, spaces, + ( ) - and dots.' };
  const parsed = parsePhoneNumberFromString(typed, defaultCountry);
  if (!parsed || !parsed.isPossible())
    return {
      ok: false,
      error: 'That is not a complete phone number. Include the country code, for example +44 20 7946 0958.',
    };
  return { ok: true, e164: parsed.number, display: parsed.formatInternational() };
}
