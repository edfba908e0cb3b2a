// Dars with the test SMTP server, for journeys that follow a link Dars sends
// by e-mail. The links carry the public URL given as site; local() turns one
// into the same path on the test server.
//
//   const { server, smtp, local } = await startDarsWithMail(SITE);
//   await page.goto(local(await mailLink(smtp, 'a@example.org', /\/invitations\//)));
import { startDars } from './dars.js';
import { mailsTo, until } from './mime.js';
import { startSmtp } from './smtp.js';

export async function startDarsWithMail(site, opts = {}) {
  const smtp = await startSmtp();
  let server;
  try {
    server = await startDars({
      ...opts,
      env: { DARS_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, DARS_PUBLIC_URL: site, ...opts.env },
    });
  } catch (e) {
    await smtp.stop(); // nobody else holds it yet
    throw e;
  }
  return { server, smtp, local: (url) => server.url + url.slice(site.length) };
}

// The first link matching re in a message to address, once such a message has arrived.
export async function mailLink(smtp, address, re) {
  const mail = await until(() => mailsTo(smtp, address).find((m) => m.link(re)));
  return mail.link(re);
}
