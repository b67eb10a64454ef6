// An HTTP proxy on 127.0.0.1 in front of the embedded Cosmos server that can hold every request until it is let go:
// a store that does not answer, for real, under the real @azure/cosmos SDK. Loopback only.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlowProxy {
  url: string;
  /** Requests arriving from now on wait, unforwarded, until `release`. */
  hold(): void;
  /** Forwards the held requests, and the later ones at once. */
  release(): void;
  /** Requests the store has answered (through the proxy) so far. */
  answered: number;
  /** Requests held right now (arrived while held, not yet forwarded). */
  waiting: number;
  /** What the held requests are, each as its method, path and body: a test waits for the one it caused. */
  held: string[];
  close(): Promise<void>;
}

export async function startSlowProxy(target: string): Promise<SlowProxy> {
  const to = new URL(target);
  let gate: Promise<void> = Promise.resolve();
  let open = () => {};
  const proxy: SlowProxy = {
    url: '',
    answered: 0,
    waiting: 0,
    held: [],
    hold: () => {
      gate = new Promise<void>((resolve) => (open = resolve));
    },
    release: () => open(),
    close: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      proxy.waiting++;
      const what = `${req.method} ${req.url}\n${Buffer.concat(chunks).toString('utf8')}`;
      proxy.held.push(what);
      void gate.then(() => {
        proxy.waiting--;
        proxy.held.splice(proxy.held.indexOf(what), 1);
        const upstream = http.request(
          { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: { ...req.headers, host: to.host } },
          (answer) => {
            const body: Buffer[] = [];
            answer.on('data', (c: Buffer) => body.push(c));
            answer.on('end', () => {
              let payload = Buffer.concat(body);
              // The account document names the server's locations as http(s)://<its address>: the SDK must keep
              // talking to the proxy, over http.
              if (req.method === 'GET' && req.url === '/') {
                payload = Buffer.from(
                  payload
                    .toString('utf8')
                    .replaceAll(`https://${to.host}`, proxy.url)
                    .replaceAll(`http://${to.host}`, proxy.url)
                    .replaceAll('https://', 'http://'),
                );
              }
              const headers = { ...answer.headers, 'content-length': String(payload.length) };
              delete headers['transfer-encoding'];
              res.writeHead(answer.statusCode ?? 502, headers);
              res.end(payload);
              proxy.answered++;
            });
          },
        );
        upstream.on('error', () => res.destroy());
        upstream.end(Buffer.concat(chunks));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return proxy;
}
