/**
 * sqld picks a namespace from the Host header (`<namespace>.<anything>`), and
 * neither workerd nor Node resolve `*.localhost` or let a fetch set Host. This
 * loopback proxy maps `/ns/<namespace>/…` to sqld's `/…` with that Host, so a
 * database URL such as `http://127.0.0.1:PORT/ns/t42/` names one namespace
 * (@libsql/client keeps the URL's path). Bytes pass through untouched.
 */
import { createServer, request, type Server } from 'node:http';
import { freePort } from './sqld.ts';

export interface NamespaceProxy {
  /** Database URL of one namespace. */
  urlFor(namespace: string): string;
  close(): Promise<void>;
}

export async function startNamespaceProxy(sqldUrl: string): Promise<NamespaceProxy> {
  const target = new URL(sqldUrl);
  const server: Server = createServer((req, res) => {
    const m = /^\/ns\/([a-z0-9-]+)(\/.*)$/.exec(req.url ?? '');
    if (!m) return void res.writeHead(404).end('no namespace in path');
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: m[2],
        headers: { ...req.headers, host: `${m[1]}.sqld` },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end('sqld unreachable'));
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 60_000;
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    urlFor: (namespace) => `http://127.0.0.1:${port}/ns/${namespace}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
