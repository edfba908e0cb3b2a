// A minimal SMTP server for tests (RFC 5321 subset): EHLO/HELO, AUTH PLAIN and
// LOGIN (any credentials, recorded), MAIL FROM, RCPT TO, DATA, RSET, NOOP, QUIT,
// on 127.0.0.1 at a random port. Each accepted message is recorded as
// { from, to: [...], data, auth } with data as sent (CRLF, dot-stuffing undone).
//
//   const smtp = await startSmtp();
//   ... DARS_SMTP_URL: `smtp://127.0.0.1:${smtp.port}` ...
//   await smtp.waitFor(1); smtp.messages[0].data
//   await smtp.stop();
import net from 'node:net';

export async function startSmtp() {
  const messages = [];
  const waiters = [];
  const sockets = new Set();

  function wake() {
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (messages.length >= waiters[i].n) {
        waiters[i].resolve(messages);
        waiters.splice(i, 1);
      }
    }
  }

  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => {});
    let buf = Buffer.alloc(0);
    let mode = 'cmd'; // cmd | data | auth-plain | auth-user | auth-pass
    let from = null, to = [], auth = null, user = null;
    const say = (line) => sock.write(line + '\r\n');
    say('220 localhost test SMTP ready');

    function command(line) {
      const verb = line.split(' ')[0].toUpperCase();
      const arg = line.slice(verb.length).trim();
      if (mode === 'auth-plain') {
        const parts = Buffer.from(line, 'base64').toString().split('\0');
        auth = { user: parts[1], password: parts[2] };
        mode = 'cmd';
        return say('235 2.7.0 authenticated');
      }
      if (mode === 'auth-user') {
        user = Buffer.from(line, 'base64').toString();
        mode = 'auth-pass';
        return say('334 UGFzc3dvcmQ6');
      }
      if (mode === 'auth-pass') {
        auth = { user, password: Buffer.from(line, 'base64').toString() };
        mode = 'cmd';
        return say('235 2.7.0 authenticated');
      }
      switch (verb) {
        case 'EHLO':
          sock.write('250-localhost\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 AUTH PLAIN LOGIN\r\n');
          return;
        case 'HELO': return say('250 localhost');
        case 'AUTH': {
          const [mech, initial] = arg.split(' ');
          if (/^plain$/i.test(mech)) {
            if (initial) { mode = 'auth-plain'; return command(initial); }
            mode = 'auth-plain';
            return say('334 ');
          }
          if (/^login$/i.test(mech)) {
            if (initial) { user = Buffer.from(initial, 'base64').toString(); mode = 'auth-pass'; return say('334 UGFzc3dvcmQ6'); }
            mode = 'auth-user';
            return say('334 VXNlcm5hbWU6');
          }
          return say('504 5.5.4 unrecognised authentication type');
        }
        case 'MAIL': {
          const m = arg.match(/^FROM:\s*<([^>]*)>/i);
          if (!m) return say('501 5.5.4 syntax: MAIL FROM:<address>');
          from = m[1];
          to = [];
          return say('250 2.1.0 ok');
        }
        case 'RCPT': {
          const m = arg.match(/^TO:\s*<([^>]*)>/i);
          if (!m) return say('501 5.5.4 syntax: RCPT TO:<address>');
          if (from === null) return say('503 5.5.1 MAIL first');
          to.push(m[1]);
          return say('250 2.1.5 ok');
        }
        case 'DATA':
          if (!to.length) return say('503 5.5.1 RCPT first');
          mode = 'data';
          return say('354 end data with <CR><LF>.<CR><LF>');
        case 'RSET': from = null; to = []; return say('250 2.0.0 ok');
        case 'NOOP': return say('250 2.0.0 ok');
        case 'QUIT': say('221 2.0.0 bye'); sock.end(); return;
        default: return say('502 5.5.2 command not recognised');
      }
    }

    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (mode === 'data') {
          const end = buf.indexOf('\r\n.\r\n');
          const atStart = buf.indexOf('.\r\n') === 0;
          if (end < 0 && !atStart) return;
          const raw = atStart ? '' : buf.subarray(0, end + 2).toString('utf8');
          buf = buf.subarray(atStart ? 3 : end + 5);
          const data = raw.split('\r\n').map((l) => (l.startsWith('..') ? l.slice(1) : l)).join('\r\n');
          messages.push({ from, to, data, auth });
          from = null;
          to = [];
          mode = 'cmd';
          say('250 2.0.0 queued');
          wake();
          continue;
        }
        const i = buf.indexOf('\r\n');
        if (i < 0) return;
        const line = buf.subarray(0, i).toString('utf8');
        buf = buf.subarray(i + 2);
        command(line);
      }
    });
  });

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    messages,
    // Resolves with the messages once at least n arrived; rejects after timeout ms.
    waitFor(n, timeout = 15000) {
      if (messages.length >= n) return Promise.resolve(messages);
      return new Promise((resolve, reject) => {
        const w = { n, resolve };
        waiters.push(w);
        setTimeout(() => {
          const i = waiters.indexOf(w);
          if (i >= 0) {
            waiters.splice(i, 1);
            reject(new Error(`waited for ${n} messages, got ${messages.length}`));
          }
        }, timeout).unref();
      });
    },
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
