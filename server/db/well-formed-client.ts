import type { Client, InArgs, InStatement } from '@libsql/client';

/** `String.prototype.toWellFormed` (ES2024, not yet in this project's lib). */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const wellFormed = (v: unknown) => (typeof v === 'string' ? v.replace(loneSurrogate, '\uFFFD') : v);

function fixArgs(args: InArgs | undefined): InArgs | undefined {
  if (!args) return args;
  if (Array.isArray(args)) return args.map(wellFormed) as InArgs;
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, wellFormed(v)])) as InArgs;
}

function fixStatement(stmt: InStatement): InStatement {
  return typeof stmt === 'string' ? stmt : { sql: stmt.sql, args: fixArgs(stmt.args) ?? [] };
}

/**
 * A remote libSQL client whose string arguments are well-formed UTF-16 (a lone
 * surrogate becomes U+FFFD). JSON may carry `"\ud800"`, the embedded driver
 * stores it, but sqld refuses it on the wire — which would turn client input
 * into a 503. Used by the Workers entry.
 */
export function wellFormedClient(client: Client): Client {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === 'execute')
        return (stmt: InStatement | string, args?: InArgs) =>
          typeof stmt === 'string'
            ? target.execute({ sql: stmt, args: fixArgs(args) ?? [] })
            : target.execute(fixStatement(stmt));
      if (prop === 'batch')
        return (stmts: InStatement[], mode?: Parameters<Client['batch']>[1]) =>
          target.batch(stmts.map(fixStatement), mode);
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
