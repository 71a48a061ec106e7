/** RFC 2822 date as the 2010 REST API writes it: `Wed, 18 Dec 2019 20:02:01 +0000`. */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

/** ISO-8601 with milliseconds, as real Payments callbacks were observed carrying (reference §1.2). */
export function iso(date: Date): string {
  return date.toISOString();
}
