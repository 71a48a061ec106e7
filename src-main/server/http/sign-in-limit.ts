/** Route config for a sign-in route: so many attempts per address per minute, then a sentence. */
export function signInRateLimit(perMinute = 10) {
  return {
    rateLimit: {
      max: perMinute,
      timeWindow: 60_000,
      errorResponseBuilder: (_request: unknown, context: { ttl: number }) => ({
        statusCode: 429,
        error: {
          code: 'sign_in_rate_limited',
          message: `Too many sign-in attempts from this address. Try again in ${Math.ceil(context.ttl / 1000)} seconds.`,
        },
      }),
    },
  };
}
