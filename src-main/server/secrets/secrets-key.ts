import { readFile } from 'node:fs/promises';
import { AppError } from '@shared/api';

/** How an admin gives the server its key: the sentence a refusal and a bad key both end with. */
export const HOW_TO_GIVE_A_KEY =
  'start the server with --secrets-key-file <file> or CALLPAY_SECRETS_KEY set to 32 random bytes ' +
  'in base64 (make one with: openssl rand -base64 32), the same on every instance.';

const bad = (where: string) =>
  new AppError('bad_secrets_key', `The secrets key in ${where} is not 32 bytes: ${HOW_TO_GIVE_A_KEY}`);

/** 32 bytes from their base64 or hex text, or from a file holding the raw bytes. */
function keyFrom(bytes: Buffer, where: string): Buffer {
  if (bytes.length === 32) return bytes;
  const text = bytes.toString('utf8').trim();
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw bad(where);
  return key;
}

/**
 * The key that seals the Twilio secrets an admin enters: from `--secrets-key-file`, else from
 * CALLPAY_SECRETS_KEY; undefined when neither is given (the console then refuses to take secrets).
 */
export async function readSecretsKey(
  file: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Buffer | undefined> {
  if (file !== undefined) {
    const bytes = await readFile(file).catch(() => {
      throw new AppError('bad_secrets_key', `Cannot read the secrets key file ${file}: ${HOW_TO_GIVE_A_KEY}`);
    });
    return keyFrom(bytes, file);
  }
  const text = env.CALLPAY_SECRETS_KEY?.trim();
  return text ? keyFrom(Buffer.from(text), 'CALLPAY_SECRETS_KEY') : undefined;
}
