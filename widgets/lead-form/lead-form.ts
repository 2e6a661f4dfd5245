import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { FormDefinition, FormField, Localized } from '../../server/schemas/forms.ts';
import type { LeadAccepted, LeadInput } from '../../server/schemas/leads.ts';
import { apiRequest, ApiRequestError } from '../internal/api.ts';
import { fetchConfig } from '../internal/config.ts';
import { LeadlineErrorEvent } from '../internal/events.ts';
import { LeadlineElement } from '../internal/leadline-element.ts';
import { isSetupProblem } from '../internal/site-problem.ts';
import { LeadlineSubmitEvent } from './events.ts';
import styles from './lead-form.styles.ts';
import { loadTurnstile, type Turnstile } from './turnstile.ts';
import { fieldError, type FieldValue } from './validate.ts';

/** `misplaced`: the site key or the page's origin is wrong, so nothing is shown (the console says why). */
type Phase = 'loading' | 'ready' | 'sending' | 'sent' | 'unavailable' | 'misplaced';
const inputType = { email: 'email', tel: 'tel', text: 'text' } as const;
const autocomplete: Record<string, string> = { email: 'email', name: 'name', phone: 'tel', company: 'organization' };

/**
 * A lead form defined per site in Leadline (fields, labels in en/ar/ur,
 * consent), validated as people type, sent to `POST /v1/leads`.
 *
 * Without JavaScript, a plain `<form>` placed inside the element (posting to
 * `/v1/leads/html`) is shown and works; it is also shown if the form cannot load.
 *
 * Where the site turned on Cloudflare Turnstile, its check renders in the
 * light DOM (slot `turnstile`, where Turnstile's iframe can live) and its
 * token goes with the submission.
 *
 * @tag leadline-form
 * @slot - A plain HTML form, the fallback without JavaScript.
 * @slot turnstile - Filled by the form itself with the Turnstile check, when the site uses it.
 * @fires {LeadlineSubmitEvent} leadline-submit - The submission was received (`detail: { form, id }`).
 * @fires {LeadlineErrorEvent} leadline-error - Loading or sending failed (`detail: { form, code, message }`).
 * @csspart form - The form element.
 * @csspart title - The form's title (a legend).
 * @csspart field - Each field's wrapper.
 * @csspart label - Each label.
 * @csspart input - Each input, select and textarea.
 * @csspart help - Help text under a field.
 * @csspart error - A field's error message.
 * @csspart consent - The consent checkbox's wrapper.
 * @csspart submit - The send button.
 * @csspart status - Loading, success and failure messages.
 * @csspart retry - The button that sends again after a failure (what was typed is kept).
 * @cssprop --leadline-accent - Button and focus colour.
 * @cssprop --leadline-accent-text - Button text colour.
 * @cssprop --leadline-radius - Corner radius.
 * @cssprop --leadline-font - Font shorthand.
 * @cssprop --leadline-text - Text colour.
 * @cssprop --leadline-muted - Help and "optional" colour.
 * @cssprop --leadline-bg - Input background.
 * @cssprop --leadline-border - Input border colour.
 * @cssprop --leadline-error - Error colour.
 * @cssprop --leadline-gap - Space between fields.
 * @cssprop --leadline-form-width - Largest width of the form.
 */
export class LeadlineForm extends LeadlineElement {
  static override styles = styles;

  /** Name of the form defined in Leadline (admin → Forms). */
  @property({ reflect: true }) form = 'contact';

  @state() private phase: Phase = 'loading';
  @state() private definition: FormDefinition | null = null;
  @state() private siteName = '';
  @state() private values: Record<string, FieldValue> = {};
  @state() private errors: Record<string, [string, Record<string, number>?]> = {};
  @state() private touched = new Set<string>();
  @state() private failure = '';
  /** The last send failed for a reason other than the fields: offer a retry beside the message. */
  @state() private retryable = false;
  private startedAt = performance.now();
  private submissionId = '';
  private turnstileKey: string | null = null;
  private turnstile: { api: Turnstile; id: string } | null = null;
  @state() private turnstileToken = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('form') && changed.get('form') !== undefined) void this.load();
  }

  private async load(): Promise<void> {
    this.phase = 'loading';
    try {
      if (!this.siteKey) throw new ApiRequestError(400, 'validation_failed', 'no site key');
      const config = await fetchConfig(this.apiBase, this.siteKey, this.activeLocale);
      this.siteName = config.site.name;
      this.definition = config.forms[this.form] ?? null;
      this.turnstileKey = config.turnstileSiteKey ?? null;
      this.phase = this.definition ? 'ready' : 'unavailable';
      if (this.definition && this.turnstileKey) void this.renderTurnstile(this.turnstileKey);
      if (!this.definition)
        this.dispatchEvent(
          new LeadlineErrorEvent({ form: this.form, code: 'not_found', message: `no form named ${this.form}` }),
        );
    } catch (error) {
      this.phase = isSetupProblem(error, this.siteKey, this.apiBase) ? 'misplaced' : 'unavailable';
      const e = error instanceof ApiRequestError ? error : new ApiRequestError(0, 'network', String(error));
      this.dispatchEvent(new LeadlineErrorEvent({ form: this.form, code: e.code, message: e.message }));
    }
    this.startedAt = performance.now();
  }

  /** Renders the site's Turnstile check once into a light-DOM child slotted into the form. */
  private async renderTurnstile(sitekey: string): Promise<void> {
    if (this.turnstile) return;
    let box = this.querySelector<HTMLElement>(':scope > [slot="turnstile"]');
    if (!box) this.append((box = Object.assign(document.createElement('div'), { slot: 'turnstile' })));
    try {
      const api = await loadTurnstile();
      const id = api.render(box, {
        sitekey,
        language: this.activeLocale,
        callback: (token) => (this.turnstileToken = token),
        'expired-callback': () => (this.turnstileToken = ''),
      });
      this.turnstile = { api, id };
    } catch {
      // Turnstile unreachable: the form still sends; the server decides.
    }
  }

  private text(l: Localized | undefined): string {
    if (!l) return '';
    return l[this.activeLocale] || l.en;
  }

  private check(field: FormField): void {
    const err = fieldError(field, this.values[field.name]);
    const errors = { ...this.errors };
    if (err) errors[field.name] = err;
    else delete errors[field.name];
    this.errors = errors;
  }

  private onInput(field: FormField, value: FieldValue): void {
    this.values = { ...this.values, [field.name]: value };
    if (this.touched.has(field.name) || this.errors[field.name]) this.check(field);
  }

  private onBlur(field: FormField): void {
    this.touched = new Set(this.touched).add(field.name);
    this.check(field);
  }

  private async onSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const def = this.definition;
    if (!def || this.phase === 'sending') return;
    const errors: typeof this.errors = {};
    for (const f of def.fields) {
      const err = fieldError(f, this.values[f.name]);
      if (err) errors[f.name] = err;
    }
    if (def.consent === 'required' && this.values.__consent !== true) errors.__consent = ['form.consentRequired'];
    this.errors = errors;
    this.touched = new Set(Object.keys(errors));
    if (Object.keys(errors).length) {
      this.failure = this.t('form.fixErrors');
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    await this.send(def);
  }

  private async send(def: FormDefinition): Promise<void> {
    this.phase = 'sending';
    this.failure = '';
    this.retryable = false;
    this.submissionId ||= crypto.randomUUID();
    const [visitor, session] = (window.leadline?.ids?.() ?? []) as (string | undefined)[];
    const fields: LeadInput['fields'] = {};
    for (const f of def.fields) {
      const v = this.values[f.name];
      if (v !== undefined && v !== '') fields[f.name] = typeof v === 'string' ? v.trim() : v;
    }
    const hp = (this.renderRoot.querySelector('input[name="website"]') as HTMLInputElement | null)?.value;
    const body: LeadInput = {
      site: this.siteKey,
      form: this.form,
      id: this.submissionId,
      fields,
      url: location.href.split('#')[0],
      elapsedMs: Math.round(performance.now() - this.startedAt),
      locale: this.activeLocale,
      ...(visitor && { visitor }),
      ...(session && { session }),
      ...(def.consent === 'required' && { consent: this.values.__consent === true }),
      ...(hp && { hp }),
      ...(this.turnstileToken && { turnstileToken: this.turnstileToken }),
    };
    try {
      await apiRequest<LeadAccepted>(this.apiBase, '/v1/leads', { body });
      this.phase = 'sent';
      this.dispatchEvent(new LeadlineSubmitEvent({ form: this.form, id: this.submissionId }));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.success')?.focus();
    } catch (error) {
      const e = error instanceof ApiRequestError ? error : new ApiRequestError(0, 'network', String(error));
      this.phase = 'ready';
      // A Turnstile token is good for one try.
      if (this.turnstile && this.turnstileToken)
        ((this.turnstileToken = ''), this.turnstile.api.reset(this.turnstile.id));
      const errors: typeof this.errors = {};
      for (const issue of e.issues ?? []) {
        const [where, name] = issue.path;
        const field = def.fields.find((f) => f.name === name);
        if (where === 'fields' && field)
          errors[field.name] = fieldError(field, this.values[field.name]) ?? ['form.fixErrors'];
        if (where === 'consent') errors.__consent = ['form.consentRequired'];
      }
      this.errors = errors;
      // Whatever went wrong, what the visitor typed stays in the fields, and the status says so beside a retry.
      isSetupProblem(e, this.siteKey, this.apiBase);
      this.failure = Object.keys(errors).length
        ? this.t('form.fixErrors')
        : `${this.t(e.code === 'network' ? 'offline' : e.code === 'rate_limited' ? 'form.rateLimited' : 'error')} ${this.t('form.kept')}`;
      this.retryable = !Object.keys(errors).length;
      this.dispatchEvent(new LeadlineErrorEvent({ form: this.form, code: e.code, message: e.message }));
    }
  }

  private renderError(name: string, id: string): TemplateResult | typeof nothing {
    const err = this.errors[name];
    return err ? html`<span class="error" part="error" id=${id}>${this.t(err[0] as never, err[1])}</span>` : nothing;
  }

  private renderField(f: FormField): TemplateResult {
    const id = `f-${f.name}`;
    const invalid = !!this.errors[f.name];
    const described = [f.help ? `${id}-help` : '', invalid ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
    const value = this.values[f.name];
    const label = html`${this.text(f.label)}${f.required ? nothing : html` <span class="optional">(${this.t('form.optional')})</span>`}`;
    const common = {
      id,
      invalid: invalid ? 'true' : 'false',
    };
    let control: TemplateResult;
    if (f.type === 'checkbox') {
      return html`<div class="field" part="field">
        <div class="check">
          <input type="checkbox" part="input" id=${id} name=${f.name} .checked=${value === true} ?required=${f.required}
            aria-invalid=${common.invalid} aria-describedby=${ifDefined(described)}
            @change=${(e: Event) => this.onInput(f, (e.target as HTMLInputElement).checked)} @blur=${() => this.onBlur(f)} />
          <label for=${id} part="label">${label}</label>
        </div>
        ${f.help ? html`<span class="help" part="help" id="${id}-help">${this.text(f.help)}</span>` : nothing}
        ${this.renderError(f.name, `${id}-error`)}
      </div>`;
    }
    if (f.type === 'textarea') {
      control = html`<textarea part="input" id=${id} name=${f.name} .value=${String(value ?? '')} ?required=${f.required} maxlength=${f.maxLength ?? 5000}
        aria-invalid=${common.invalid} aria-describedby=${ifDefined(described)}
        @input=${(e: Event) => this.onInput(f, (e.target as HTMLTextAreaElement).value)} @blur=${() => this.onBlur(f)}></textarea>`;
    } else if (f.type === 'select') {
      control = html`<select part="input" id=${id} name=${f.name} ?required=${f.required} aria-invalid=${common.invalid} aria-describedby=${ifDefined(described)}
        @change=${(e: Event) => this.onInput(f, (e.target as HTMLSelectElement).value)} @blur=${() => this.onBlur(f)}>
        <option value="" ?selected=${!value}>${this.t('form.choose')}</option>
        ${f.options!.map((o) => html`<option value=${o.value} ?selected=${value === o.value}>${this.text(o.label)}</option>`)}
      </select>`;
    } else {
      control = html`<input part="input" id=${id} name=${f.name} type=${inputType[f.type]} .value=${String(value ?? '')} ?required=${f.required}
        maxlength=${f.maxLength ?? 200} autocomplete=${ifDefined(autocomplete[f.name])} dir=${f.type === 'email' || f.type === 'tel' ? 'ltr' : 'auto'}
        aria-invalid=${common.invalid} aria-describedby=${ifDefined(described)}
        @input=${(e: Event) => this.onInput(f, (e.target as HTMLInputElement).value)} @blur=${() => this.onBlur(f)} />`;
    }
    return html`<div class="field" part="field">
      <label for=${id} part="label">${label}</label>
      ${control}
      ${f.help ? html`<span class="help" part="help" id="${id}-help">${this.text(f.help)}</span>` : nothing}
      ${this.renderError(f.name, `${id}-error`)}
    </div>`;
  }

  override render() {
    if (this.phase === 'misplaced') return nothing;
    if (!this.messages || this.phase === 'loading')
      return html`<p class="status" part="status" role="status">${this.t('loading')}</p>`;
    // Nothing to render: let the slotted plain form (if any) do the job.
    if (this.phase === 'unavailable' || !this.definition)
      return html`<slot><p class="status error-state" part="status" role="alert">${this.t('form.unavailable')} <button
        type="button" class="retry" part="retry" @click=${() => this.load()}>${this.t('retry')}</button></p></slot>`;
    const def = this.definition;
    if (this.phase === 'sent')
      return html`<p class="status success" part="status" role="status" tabindex="-1">${this.text(def.successMessage) || this.t('form.success')}</p>`;
    const consentId = 'f-consent';
    return html`<form part="form" novalidate @submit=${this.onSubmit} aria-busy=${this.phase === 'sending' ? 'true' : 'false'}>
      <fieldset>
        ${def.title ? html`<legend part="title">${this.text(def.title)}</legend>` : nothing}
        ${def.fields.map((f) => this.renderField(f))}
        ${
          def.consent === 'required'
            ? html`<div class="field" part="consent">
              <div class="check">
                <input type="checkbox" id=${consentId} name="consent" required .checked=${this.values.__consent === true}
                  aria-invalid=${this.errors.__consent ? 'true' : 'false'} aria-describedby=${ifDefined(this.errors.__consent ? `${consentId}-error` : undefined)}
                  @change=${(e: Event) => {
                    this.values = { ...this.values, __consent: (e.target as HTMLInputElement).checked };
                    if (this.errors.__consent && this.values.__consent)
                      this.errors = Object.fromEntries(Object.entries(this.errors).filter(([k]) => k !== '__consent'));
                  }} />
                <label for=${consentId} part="label">${this.t('form.consent', { site: this.siteName })}</label>
              </div>
              ${this.renderError('__consent', `${consentId}-error`)}
            </div>`
            : nothing
        }
      </fieldset>
      ${this.turnstileKey ? html`<slot name="turnstile"></slot>` : nothing}
      <div class="hp" aria-hidden="true"><label>Website <input name="website" tabindex="-1" autocomplete="off" /></label></div>
      <p class="status ${this.failure ? 'error-state' : ''}" part="status" role="alert" aria-live="assertive">${this.failure}${
        this.retryable
          ? html` <button type="button" class="retry" part="retry" @click=${() => this.send(def)}>${this.t('retry')}</button>`
          : nothing
      }</p>
      <button part="submit" type="submit" ?disabled=${this.phase === 'sending'}>
        ${this.phase === 'sending' ? this.t('form.sending') : this.text(def.submitLabel) || this.t('form.submit')}
      </button>
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'leadline-form': LeadlineForm;
  }
}

if (!customElements.get('leadline-form')) customElements.define('leadline-form', LeadlineForm);
