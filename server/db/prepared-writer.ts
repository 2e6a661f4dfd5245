import { resolve } from 'node:path';
import type { Client, InStatement, InValue, ResultSet, Row } from '@libsql/client';
import Database from 'libsql';
import { FILE_PRAGMAS } from './open-database.ts';

type Statement = ReturnType<Database.Database['prepare']>;
type Args = unknown[] | Record<string, unknown>;
type StatementArgs = Exclude<InStatement, string>['args'];

/** A write batch runner: what the write queue needs of a client. */
export type BatchWriter = Pick<Client, 'batch'>;

/**
 * The Node server's writer for a database file: its own connection, which keeps each distinct statement
 * prepared. `@libsql/client` parses and plans every statement on every call; for the short batches of ingest
 * that cost as much as running them (issue 25). Reads stay on the client's connection (WAL: they see each
 * commit). Same contract as `client.batch(statements, 'write')`: one transaction, one result per statement,
 * integers as numbers (a RangeError past 2^53, like the client's "number" mode), nothing kept on error.
 * Null for anything but a plain `file:` path (then the client writes).
 *
 * @example
 * const writes = createBatchingWriteQueue(preparedWriter(url) ?? db);
 */
export function preparedWriter(
  url: string,
  cacheSize = 500,
):
  | (BatchWriter & { rawBatch: (statements: Parameters<BatchWriter['batch']>[0]) => Promise<Raw[]>; close(): void })
  | null {
  if (!preparedWriter.accepts(url)) return null;
  const db = new Database(resolve(url.slice(5)));
  db.exec(FILE_PRAGMAS.map((p) => `${p};`).join('\n'));
  const cache = new Map<string, Statement>();
  const prepared = (sql: string): Statement => {
    let st = cache.get(sql);
    // Least recently used first out: the hot statements of ingest stay.
    if (st) return (cache.delete(sql), cache.set(sql, st), st);
    if (cache.size >= cacheSize) cache.delete(cache.keys().next().value!);
    st = db.prepare(sql).safeIntegers(true);
    cache.set(sql, st);
    return st;
  };
  const begin = prepared('BEGIN IMMEDIATE');
  const commit = prepared('COMMIT');
  const rollback = prepared('ROLLBACK');
  // Results as plain data (they cross threads in db/writer-thread.ts); `batch` shapes them like the client's.
  const rawBatch = async (statements: Parameters<BatchWriter['batch']>[0]): Promise<Raw[]> => {
    begin.run([]);
    try {
      const results = statements.map((st) => {
        const { sql, args } =
          typeof st === 'string' ? { sql: st } : Array.isArray(st) ? { sql: st[0], args: st[1] } : st;
        return execute(prepared(sql), args);
      });
      commit.run([]);
      return results;
    } catch (error) {
      if (db.inTransaction) rollback.run([]);
      throw error;
    }
  };
  return {
    rawBatch,
    batch: async (statements) => (await rawBatch(statements)).map(resultOf),
    close: () => db.close(),
  };
}
/** A plain `file:` path: not memory, not a URL with options (those stay with the client). */
preparedWriter.accepts = (url: string) => /^file:[^?#:][^?#]*$/.test(url) && !url.startsWith('file://');

/** One statement's result as plain data: rows as value arrays, integers already numbers. */
export interface Raw {
  columns: string[];
  columnTypes: string[];
  values: unknown[][];
  changes: number;
  last?: bigint;
}

function execute(st: Statement, statementArgs: StatementArgs): Raw {
  const args = argsOf(statementArgs);
  if (st.reader) {
    const columns = st.columns().map((c) => c.name);
    const columnTypes = st.columns().map((c) => c.type ?? '');
    const values = (st.raw(true).all(args) as unknown[][]).map((v) => v.map(valueOf));
    return { columns, columnTypes, values, changes: 0 };
  }
  const info = st.run(args);
  return { columns: [], columnTypes: [], values: [], changes: info.changes, last: BigInt(info.lastInsertRowid) };
}

/** A result shaped as @libsql/client's. */
export const resultOf = (r: Raw): ResultSet =>
  result(
    r.columns,
    r.columnTypes,
    r.values.map((v) => rowOf(v, r.columns)),
    r.changes,
    r.last,
  );

function result(
  columns: string[],
  columnTypes: string[],
  rows: Row[],
  rowsAffected: number,
  lastInsertRowid: bigint | undefined,
): ResultSet {
  return {
    columns,
    columnTypes,
    rows,
    rowsAffected,
    lastInsertRowid,
    toJSON: () => ({ columns, columnTypes, rows, rowsAffected, lastInsertRowid: lastInsertRowid?.toString() ?? null }),
  };
}

/** A row as @libsql/client shapes it: values by index (not enumerable) and by column name. */
function rowOf(values: unknown[], columns: string[]): Row {
  const row = {};
  Object.defineProperty(row, 'length', { value: values.length });
  values.forEach((value, i) => {
    Object.defineProperty(row, i, { value });
    if (!Object.hasOwn(row, columns[i]!))
      Object.defineProperty(row, columns[i]!, { value, enumerable: true, configurable: true, writable: true });
  });
  return row as Row;
}

const valueOf = (v: unknown): unknown => {
  if (typeof v === 'bigint') {
    if (v < BigInt(Number.MIN_SAFE_INTEGER) || v > BigInt(Number.MAX_SAFE_INTEGER))
      throw new RangeError('Received integer which cannot be safely represented as a JavaScript number');
    return Number(v);
  }
  return v instanceof Buffer ? v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength) : v;
};

const toSql = (v: InValue | undefined): unknown => {
  if (v === undefined) throw new TypeError('undefined cannot be passed as argument to the database');
  if (typeof v === 'number' && !Number.isFinite(v))
    throw new RangeError('Only finite numbers (not Infinity or NaN) can be passed as arguments');
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof ArrayBuffer) return Buffer.from(v);
  if (v instanceof Date) return v.valueOf();
  return v;
};

/** Positional args as they are; named ones without their `:`/`@`/`$` (as the client passes them). */
function argsOf(args: StatementArgs): Args {
  if (!args) return [];
  if (Array.isArray(args)) return args.map(toSql);
  return Object.fromEntries(Object.entries(args).map(([k, v]) => [/^[:@$]/.test(k) ? k.slice(1) : k, toSql(v)]));
}
