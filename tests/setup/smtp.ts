// A real SMTP server in the test process (smtp-server), and the mail it received parsed as a
// mail client would (mailparser). Nothing of ours is mocked: the app sends by SMTP to it.
import net from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export type Received = { to: string[]; mail: ParsedMail; raw: string };

export async function startSmtpServer(opts: { reject?: (rcpt: string) => string | null } = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    // The app keeps pooled connections open: close them at once when the test is done.
    closeTimeout: 100,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, cb) {
      const why = opts.reject?.(address.address);
      if (why) {
        const err = new Error(why) as Error & { responseCode: number };
        err.responseCode = 550;
        return cb(err);
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail: await simpleParser(raw), raw });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as net.AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An SMTP port that accepts connections and never answers: a send to it hangs. */
export async function startSilentSmtp() {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    connections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The personal page link in a message's text. */
export function linkIn(text: string): string {
  const m = /https?:\/\/\S+\/p\/([A-Za-z0-9_-]+)/.exec(text);
  if (!m) throw new Error(`no personal link in: ${text}`);
  return m[0];
}
