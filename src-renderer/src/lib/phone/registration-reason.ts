/** Why Twilio would not register the Device, in words an agent can act on. */
export function registrationReason(error: {
  code?: number;
  message?: string;
  originalError?: unknown;
}): string {
  const detail = (error.originalError as { message?: string } | undefined)?.message;
  const why =
    error.code === 20101 || error.code === 31204
      ? 'Twilio refused the access token: the API key or its secret is wrong or was deleted. Run the Twilio setup again.'
      : error.code === 20104 || error.code === 31205
        ? 'The access token expired and could not be renewed.'
        : error.code === 31005 || error.code === 53000 || error.code === 31009
          ? "Cannot reach Twilio's calling service; check the network connection."
          : (error.message ?? 'Twilio would not register the phone.');
  return detail && !why.includes(detail) ? `${why} (${detail})` : why;
}
