// A restify server for integration tests, set up like the app's (query and body parsers as in bot/app.ts), on a free
// loopback port, with only the routes a test registers.
import restify, { type Server } from 'restify';

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the server named `name` with the routes `register` adds. On close, the connections left open are ended:
 * the idle ones only (`'idle'`), or all of them, including any response still streaming (`'all'`).
 */
export async function startRestifyServer(name: string, register: (server: Server) => void, closeConnections: 'idle' | 'all'): Promise<TestServer> {
  const server = restify.createServer({ name, handleUncaughtExceptions: false });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024 }));
  register(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if (closeConnections === 'all') server.server.closeAllConnections();
        else server.server.closeIdleConnections();
      }),
  };
}
