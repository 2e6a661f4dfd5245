import { html } from 'lit';
import type { Company } from '../../../server/schemas/companies.ts';
import type { AdminElement } from '../admin-element.ts';

/** The size bands a company is filed under (the server's `companySize`). */
export const sizes = ['1-10', '11-50', '51-200', '201-1000', '1001+'] as const satisfies readonly Company['size'][];

/** A company's name, domain, industry and size inputs (the new-company form and the company page's editor). */
export const companyInputs = (el: AdminElement, c: Partial<Company> = {}, readonly = false) =>
  html`<label class="field"><span>${el.a('companies.name')}</span><input name="name" required maxlength="200" dir="auto"
      .value=${c.name ?? ''} ?readonly=${readonly} /></label>
    <label class="field"><span>${el.a('companies.domain')}</span><input name="domain" dir="ltr" maxlength="300"
      placeholder="acme.com" .value=${c.domain ?? ''} ?readonly=${readonly} /></label>
    <label class="field"><span>${el.a('companies.industry')}</span><input name="industry" maxlength="100" dir="auto"
      .value=${c.industry ?? ''} ?readonly=${readonly} /></label>
    <label class="field"><span>${el.a('companies.size')}</span><select name="size" ?disabled=${readonly}>
      <option value="">—</option>${sizes.map((s) => html`<option value=${s} ?selected=${c.size === s}>${s}</option>`)}
    </select></label>`;
