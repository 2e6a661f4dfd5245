import type { InStatement } from '@libsql/client';
import { upsertContact } from '../contacts/create.ts';
import type { WriteQueue } from '../db/write-queue.ts';

/** The demo's companies and the people who work there; the last person of each is left for the domain suggestion. */
const companies = [
  {
    name: 'Northwind Traders',
    domain: 'northwind.example',
    industry: 'Retail',
    size: '51-200',
    people: ['Nancy Davolio', 'Andrew Fuller', 'Janet Leverling'],
  },
  {
    name: 'Contoso Ltd',
    domain: 'contoso.example',
    industry: 'Manufacturing',
    size: '1001+',
    people: ['Kim Abercrombie', 'Pilar Ackerman'],
  },
  {
    name: 'Fabrikam Inc',
    domain: 'fabrikam.example',
    industry: 'Software',
    size: '11-50',
    people: ['Sara Ahmed', 'Omar Farouk', 'Leila Haddad'],
  },
  {
    name: 'Tailspin Toys',
    domain: 'tailspin.example',
    industry: 'Retail',
    size: '1-10',
    people: ['Bilal Qureshi', 'Ayesha Khan'],
  },
  {
    name: 'Wide World Importers',
    domain: 'wideworld.example',
    industry: 'Logistics',
    size: '201-1000',
    people: ['Hana Sato', 'Diego Ramos'],
  },
] as const;

/**
 * A handful of companies with domains, industries and sizes, and their people linked (all but the last person
 * of each, who shows as the company's suggestion by email domain). Idempotent: a second run adds nothing.
 */
export async function seedCompanies(writes: WriteQueue, siteId: number): Promise<void> {
  const now = Date.now();
  const statements: InStatement[] = [];
  for (const co of companies) {
    statements.push({
      sql: `INSERT INTO companies (id, site_id, name, domain, industry, size, fields, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, '{}', ?, ?) ON CONFLICT (site_id, domain) DO NOTHING`,
      args: [crypto.randomUUID(), siteId, co.name, co.domain, co.industry, co.size, now, now],
    });
    for (const [i, name] of co.people.entries()) {
      const email = `${name.split(' ')[0]!.toLowerCase()}@${co.domain}`;
      statements.push(
        ...upsertContact(siteId, { email, name, company: co.name }, { origin: 'manual', existing: 'keep', now })
          .statements,
      );
      if (i < co.people.length - 1)
        statements.push({
          sql: `UPDATE contacts SET company_id = (SELECT id FROM companies WHERE site_id = ? AND domain = ?)
                WHERE site_id = ? AND email = ? AND company_id IS NULL`,
          args: [siteId, co.domain, siteId, email],
        });
    }
  }
  await writes.run(statements);
}
