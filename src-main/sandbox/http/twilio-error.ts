/** An error the sandbox answers with Twilio's body `{code, message, more_info, status}`. */
export class TwilioError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'TwilioError';
  }

  /** The JSON body Twilio sends for this error. */
  body(): TwilioErrorBody {
    return {
      code: this.code,
      message: this.message,
      more_info: `https://www.twilio.com/docs/errors/${this.code}`,
      status: this.status,
    };
  }
}

export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

/** 20404: the resource does not exist (unknown SID or path). */
export function notFound(what: string): TwilioError {
  return new TwilioError(404, 20404, `The requested resource ${what} was not found`);
}

/** 20003: the credentials are missing or wrong. */
export function authenticate(): TwilioError {
  return new TwilioError(401, 20003, 'Authenticate');
}

/** 64020: a parameter value is missing, misspelled or ill-formatted. */
export function invalidParameter(message: string): TwilioError {
  return new TwilioError(400, 64020, message);
}
