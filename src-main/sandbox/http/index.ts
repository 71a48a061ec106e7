// What outsiders may use of this folder: import it from here, not from its files.
export { type SecretLookup, basicAuth } from './auth';
export { type AllowedOrigins, browserRefusal, installBrowserGuard } from './browser-guard';
export { installErrorHandling } from './error-handling';
export { pageOf } from './page';
export { postForm } from './post-form';
export { TwilioError, invalidParameter, notFound } from './twilio-error';
