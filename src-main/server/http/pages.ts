const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escape(title)} · Callpay Server</title>
<style>body{font:16px system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}button{font:inherit;padding:.5rem 1rem}</style>
</head><body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;

/**
 * What an invite link opens: a button, so that a link preview or a mail scanner fetching the
 * link does not spend the invite; only the person's press does.
 */
export function joinPage(code: string): string {
  return page(
    'Join your team on Callpay',
    `<p>This link signs you in on this device and works once.</p>
<form method="post" action="/join"><input type="hidden" name="code" value="${escape(code)}">
<button type="submit">Sign in</button></form>`,
  );
}

/** A page that says one thing and what to do about it. */
export function messagePage(title: string, sentence: string): string {
  return page(title, `<p role="alert">${escape(sentence)}</p>`);
}
