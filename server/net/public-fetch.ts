/**
 * Node only (node.ts): the webhook transport. The address it checks is the address it connects to,
 * so a name that resolves to a public address for the check and to 127.0.0.1 for the connection
 * (DNS rebinding) is refused too. Redirects are never followed (node:http does not follow them).
 */
import { lookup as dnsLookup } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { assertPublicTarget, isPublicAddress, RefusedTarget } from './private-address.ts';

/** dns.lookup that fails unless every address of the name is public. */
export const publicLookup: LookupFunction = (hostname, options, callback) =>
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused || !addresses[0]) return callback(new RefusedTarget(`${hostname} is not public`), '', 0);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });

/**
 * The subset of fetch deliveries use (method, string headers, string body, signal), answered with
 * the status only. Refuses non-public targets before connecting.
 */
export const publicFetch = (async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
  const url = new URL(String(input));
  await assertPublicTarget(url.href);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<Response>((resolve, reject) => {
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const options = { method: init.method ?? 'GET', headers, lookup: publicLookup, signal: init.signal ?? undefined };
    const req = request(url, options, (res) => {
      res.resume();
      try {
        resolve(new Response(null, { status: res.statusCode ?? 0 }));
      } catch (e) {
        reject(e);
      }
    });
    req.on('error', reject);
    req.end(typeof init.body === 'string' ? init.body : undefined);
  });
}) as typeof fetch;
