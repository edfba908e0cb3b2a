// Reading the e-mails the test SMTP server received: headers, the decoded
// subject, the text/plain and text/html parts of a multipart/alternative
// message (also inside a multipart/mixed one), the links in them, and the
// attached files, decoded.
//
//   const m = mime(smtp.messages[0].data);
//   m.subject; m.text; m.html; m.link(/\/invitations\//)
//   m.attachments[0].filename; m.attachments[0].data (a Buffer)

export function decodeSubject(header) {
  return header.replace(/\r\n /g, '').replace(/=\?UTF-8\?B\?([^?]*)\?=/g,
    (_, b) => Buffer.from(b, 'base64').toString('utf8'));
}

function split(data) {
  const i = data.indexOf('\r\n\r\n');
  return [data.slice(0, i), data.slice(i + 4)];
}

function header(head, name) {
  const m = head.match(new RegExp(`^${name}: (.*(?:\\r\\n[ \\t].*)*)`, 'mi'));
  return m ? m[1] : null;
}

export function mime(data) {
  const [head, body] = split(data);
  const type = header(head, 'Content-Type') || '';
  const out = { head, type, to: header(head, 'To'), subject: decodeSubject(header(head, 'Subject') || ''), parts: [] };
  const b = type.match(/boundary="([^"]+)"/);
  if (b) {
    for (const chunk of body.split(`--${b[1]}`).slice(1)) {
      if (chunk.startsWith('--')) break;
      const [ph, pb] = split(chunk.replace(/^\r\n/, ''));
      out.parts.push({ type: header(ph, 'Content-Type'), head: ph, body: pb });
    }
  } else {
    out.parts.push({ type, head, body });
  }
  // a multipart/alternative inside multipart/mixed: its parts join the list
  for (const p of [...out.parts]) {
    if (p.type && p.type.startsWith('multipart/')) out.parts.push(...mime(`${p.head}\r\n\r\n${p.body}`).parts);
  }
  out.attachments = out.parts.filter((p) => /^attachment/i.test(header(p.head, 'Content-Disposition') || '')).map((p) => {
    const disp = header(p.head, 'Content-Disposition');
    const plain = disp.match(/filename="([^"]*)"/);
    const encoded = disp.match(/filename\*=UTF-8''([^;\s]*)/);
    return {
      filename: plain ? plain[1] : decodeURIComponent(encoded[1]),
      type: p.type.split(';')[0],
      data: Buffer.from(p.body.replace(/\s+/g, ''), 'base64'),
    };
  });
  const part = (t) => out.parts.find((p) => p.type && p.type.startsWith(t));
  out.text = part('text/plain')?.body ?? '';
  out.html = part('text/html')?.body ?? '';
  // The first URL of the plain part that matches re.
  out.link = (re) => (out.text.match(/https?:\/\/\S+/g) || []).find((u) => re.test(u));
  return out;
}

// The messages received for one address, decoded.
export const mailsTo = (smtp, address) =>
  smtp.messages.filter((m) => m.to.includes(address)).map((m) => mime(m.data));

// Wait until fn() is truthy (polling), or fail after ms.
export async function until(fn, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
