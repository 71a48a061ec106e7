/** The HTTP status each refusal the server's routes explain is sent with (400 for any other). */
export const HTTP_STATUS: Record<string, number> = {
  invite_used: 410,
  invite_expired: 410,
  invite_unknown: 404,
  device_unknown: 404,
  invalid_argument: 400,
};
