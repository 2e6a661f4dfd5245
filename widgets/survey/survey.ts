import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { PublicSurvey, SurveyAnswerInput, SurveyPrompt } from '../../server/schemas/surveys.ts';
import { apiRequest, ApiRequestError } from '../internal/api.ts';
import { fetchConfig } from '../internal/config.ts';
import { LeadlineErrorEvent } from '../internal/events.ts';
import type { MessageKey } from '../internal/i18n.ts';
import { LeadlineElement } from '../internal/leadline-element.ts';
import { isSetupProblem } from '../internal/site-problem.ts';
import { answerFields, draftProblem, emptyDraft, scaleOf, type Draft } from './answer.ts';
import { capped, remember, seenSurveys } from './caps.ts';
import { LeadlineSurveyAnsweredEvent, LeadlineSurveyDismissedEvent } from './events.ts';
import styles from './survey.styles.ts';

/**
 * `idle`: nothing to show — no survey came back, it was asked here within its cap, the card was closed, or the site key
 * or the page's origin is wrong (the console says why).
 */
type Phase = 'loading' | 'idle' | 'ready' | 'sending' | 'sent' | 'unavailable';

/** [visitor, session] from embed.js; empty when the visitor may not be identified (DESIGN.md, consent). */
const ids = () => (window.leadline?.ids?.() ?? []) as (string | undefined)[];
const checked = (e: Event) => (e.target as HTMLInputElement).checked;
const valueOf = (e: Event) => (e.target as HTMLInputElement).value;
const asError = (e: unknown) => (e instanceof ApiRequestError ? e : new ApiRequestError(0, 'network', String(e)));

/** The one-use token of an emailed survey link (`?ll_survey=…`), taken out of the address bar. */
function takeLinkToken(): string {
  const url = new URL(location.href);
  const token = url.searchParams.get('ll_survey') ?? '';
  if (token) {
    url.searchParams.delete('ll_survey');
    // History's own method, not the tracker's wrapper: the same page must not count as a second pageview.
    History.prototype.replaceState.call(history, history.state, '', url.href);
  }
  return token;
}

/**
 * A customer survey defined per site in Leadline (admin → Surveys): NPS (0–10, then an optional "why?"),
 * CSAT (1–5) or a single or multiple choice with "Other", in en/ar/ur.
 *
 * `<leadline-survey survey="ID">` shows survey ID where the tag is. `<leadline-survey auto>` (added by embed.js
 * with `data-surveys`, or when the page URL carries `ll_survey=` from an emailed link) asks Leadline whether a
 * survey is due for this visitor (after a purchase, on the Nth visit, after a solved ticket) and shows it as a
 * small card at the inline-end bottom corner: not modal, it never takes focus (a polite live region announces it,
 * and it is the last stop of the Tab order), it waits while the support chat is open, and sits above the chat's
 * launcher. Closing it counts as a dismissal (no answer).
 *
 * Each survey is asked at most once in its `capDays` here: the widget remembers when it showed, sent or dismissed
 * it (localStorage under the tracker's consent rules, else memory for the page); the server applies its caps too.
 *
 * @tag leadline-survey
 * @fires {LeadlineSurveyAnsweredEvent} leadline-survey-answered - The answer was stored
 * (`detail: { survey, id, score?, choice? }`).
 * @fires {LeadlineSurveyDismissedEvent} leadline-survey-dismissed - The card was closed unanswered
 * (`detail: { survey }`).
 * @fires {LeadlineErrorEvent} leadline-error - Loading or sending failed (`detail: { form: 'survey', code, message }`).
 * @csspart card - The floating card (`auto` only).
 * @csspart close - The card's close (dismiss) button.
 * @csspart form - The form element.
 * @csspart question - The question (a legend).
 * @csspart scale - The row of scores (NPS, CSAT).
 * @csspart option - Each score or choice.
 * @csspart ends - The labels under the two ends of the scale.
 * @csspart input - The "Other" text field and the "why?" text area.
 * @csspart label - The labels of those fields.
 * @csspart submit - The send button.
 * @csspart status - Loading, thanks and failure messages.
 * @csspart retry - The button that sends again after a failure (what was picked and typed is kept).
 * @cssprop --leadline-accent - Buttons, the picked score and focus.
 * @cssprop --leadline-accent-text - Text on the accent colour.
 * @cssprop --leadline-radius - Corner radius.
 * @cssprop --leadline-font - Font shorthand.
 * @cssprop --leadline-text - Text colour.
 * @cssprop --leadline-muted - Colour of the scale's end labels.
 * @cssprop --leadline-bg - Background of the card and the fields.
 * @cssprop --leadline-border - Border colour.
 * @cssprop --leadline-error - Error colour.
 * @cssprop --leadline-gap - Space between the parts.
 * @cssprop --leadline-survey-width - Largest width (inline and card).
 * @cssprop --leadline-survey-offset - The card's distance from the window's edges.
 * @cssprop --leadline-z - Stacking order of the card.
 */
export class LeadlineSurvey extends LeadlineElement {
  static override styles = styles;

  /** Id of the survey to show where the tag is (admin → Surveys). */
  @property({ reflect: true }) survey = '';
  /** Ask Leadline which survey is due for this visitor, and show it as a card. */
  @property({ type: Boolean, reflect: true }) auto = false;
  /** The clock for the frequency caps (ms since the epoch); tests move it. */
  now: () => number = () => Date.now();

  @state() private phase: Phase = 'loading';
  @state() private def: PublicSurvey | null = null;
  @state() private draft: Draft = emptyDraft();
  /** What stops the answer: a missing pick (fixed by picking), or a failed send (`failed`: offered again). */
  @state() private alert = '';
  @state() private failed = false;
  @state() private chatOpen = false;
  @state() private announcement = '';
  private token = '';
  /** The browser asking for a card: the tracker's visitor id, or a page-only one for an emailed link under DNT. */
  private visitor = '';
  private answerId = '';
  private onChat = (e: GlobalEventHandlersEventMap['leadline-chat-toggle']) => (this.chatOpen = e.detail.open);

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('leadline-chat-toggle', this.onChat);
    this.chatOpen = !!document.querySelector('leadline-chat[open]');
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('leadline-chat-toggle', this.onChat);
  }

  override updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('survey') && changed.get('survey') !== undefined) void this.load();
    // A card that waited for the chat to close (or for its catalogue) counts as shown, and is announced, once seen.
    if (this.auto && this.phase == 'ready' && !this.chatOpen && this.def && this.messages && !this.announcement) {
      remember(this.def.id, this.now());
      this.announcement = this.t('survey.announce', { question: this.text(this.def.question) });
    }
  }

  private text(l: Partial<Record<string, string>>): string {
    return l[this.activeLocale] || l.en || Object.values(l)[0] || '';
  }

  private async load(): Promise<void> {
    this.phase = 'loading';
    this.def = null;
    this.draft = emptyDraft();
    this.answerId = '';
    const site = encodeURIComponent(this.siteKey);
    try {
      if (!this.siteKey) throw new ApiRequestError(400, 'validation_failed', 'no site key');
      let def: PublicSurvey | null;
      if (this.auto) {
        const token = (this.token ||= takeLinkToken());
        const visitor = (this.visitor ||= ids()[0] || (token && crypto.randomUUID()));
        if (!visitor) return void (this.phase = 'idle');
        const q = `&visitor=${encodeURIComponent(visitor)}${token ? `&token=${encodeURIComponent(token)}` : ''}`;
        const prompt = await apiRequest<SurveyPrompt>(this.apiBase, `/v1/surveys/prompt?site=${site}${q}`);
        this.token = prompt.token ?? token;
        def = prompt.survey;
        // An emailed link asks on purpose (the server allows one answer per purchase): the visitor's own cap
        // holds back only the surveys the site triggered by itself.
        if (def && !token && capped(seenSurveys(), def.id, def.capDays, this.now())) def = null;
      } else {
        def = await apiRequest<PublicSurvey>(
          this.apiBase,
          `/v1/surveys/${encodeURIComponent(this.survey)}?site=${site}`,
        );
        if (capped(seenSurveys(), def.id, def.capDays, this.now())) def = null;
      }
      this.def = def;
      this.phase = def ? 'ready' : 'idle';
    } catch (error) {
      const e = asError(error);
      // A 404 is an unknown survey or an unknown site key: the site's config tells which.
      const cause =
        e.status == 404
          ? await fetchConfig(this.apiBase, this.siteKey, this.activeLocale).then(() => null, asError)
          : e;
      this.phase = isSetupProblem(cause, this.siteKey, this.apiBase) || this.auto ? 'idle' : 'unavailable';
      this.dispatchEvent(new LeadlineErrorEvent({ form: 'survey', code: e.code, message: e.message }));
    }
  }

  private set(patch: Partial<Draft>): void {
    this.draft = { ...this.draft, ...patch };
    const problem = draftProblem(this.def!, this.draft);
    if (this.alert && !this.failed) this.alert = problem ? this.t(problem) : '';
  }

  private async onSubmit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const def = this.def;
    if (!def || this.phase != 'ready') return;
    const problem = draftProblem(def, this.draft);
    this.failed = false;
    this.alert = problem ? this.t(problem) : '';
    if (problem) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(problem == 'survey.otherNeeded' ? '#other' : 'input')?.focus();
      return;
    }
    await this.send(def);
  }

  private async send(def: PublicSurvey): Promise<void> {
    this.phase = 'sending';
    this.alert = '';
    this.failed = false;
    this.answerId ||= crypto.randomUUID();
    const [visitor, session] = ids();
    const fields = answerFields(def, this.draft);
    try {
      const body: SurveyAnswerInput = {
        site: this.siteKey,
        id: this.answerId,
        ...(visitor && { visitor }),
        ...(session && { session }),
        ...(this.token && { token: this.token }),
        locale: this.activeLocale,
        ...fields,
      };
      await apiRequest(this.apiBase, `/v1/surveys/${encodeURIComponent(def.id)}/answers`, { body });
      remember(def.id, this.now());
      this.phase = 'sent';
      this.dispatchEvent(
        new LeadlineSurveyAnsweredEvent({
          survey: def.id,
          id: this.answerId,
          score: fields.score,
          choice: fields.choice,
        }),
      );
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('.success')?.focus();
    } catch (error) {
      const e = asError(error);
      this.phase = 'ready';
      this.alert = `${this.t(e.code == 'network' ? 'offline' : 'error')} ${this.t('form.kept')}`;
      // Offline, busy or rate-limited: the same answer can go again (the server stores it once).
      this.failed = e.status == 0 || e.status == 429 || e.status >= 500;
      this.dispatchEvent(new LeadlineErrorEvent({ form: 'survey', code: e.code, message: e.message }));
    }
  }

  /** Closes the card; before an answer that is a dismissal, told to the server (best effort) and remembered. */
  private close(): void {
    const def = this.def;
    if (def && this.phase != 'sent') {
      remember(def.id, this.now());
      apiRequest(this.apiBase, `/v1/surveys/${encodeURIComponent(def.id)}/dismiss`, {
        body: { site: this.siteKey, visitor: this.visitor, ...(this.token && { token: this.token }) },
      }).catch(() => {});
      this.dispatchEvent(new LeadlineSurveyDismissedEvent({ survey: def.id }));
    }
    this.phase = 'idle';
    this.announcement = '';
  }

  private renderScale(def: PublicSurvey): TemplateResult {
    const scale = scaleOf(def.kind);
    const [low, high] = (
      def.kind == 'nps' ? ['survey.npsLow', 'survey.npsHigh'] : ['survey.csatLow', 'survey.csatHigh']
    ).map((k) => this.t(k as MessageKey));
    const ends = [low, ...Array(scale.length - 2).fill(''), high];
    return html`<div class="scale ${def.kind}" part="scale">${scale.map(
      (n, i) => html`<label class="option" part="option"><input type="radio" name="score" .value=${String(n)}
.checked=${this.draft.score === n} @change=${() => this.set({ score: n })} /><span aria-hidden="true">${n}</span><span
class="sr">${ends[i] ? `${n}, ${ends[i]}` : n}</span></label>`,
    )}</div>
<div class="ends" part="ends" aria-hidden="true"><span>${low}</span><span>${high}</span></div>`;
  }

  private renderChoices(def: PublicSurvey): TemplateResult {
    const type = def.multiple ? 'checkbox' : 'radio';
    const d = this.draft;
    const pick = (id: string, e: Event) => {
      const others = this.draft.choice.filter((c) => c != id);
      this.set(!def.multiple ? { choice: [id], otherOn: false } : { choice: checked(e) ? [...others, id] : others });
    };
    const other = (e: Event) => this.set({ otherOn: checked(e), ...(!def.multiple && { choice: [] }) });
    return html`<div class="choices">${(def.choices ?? []).map(
      (c) => html`<label class="choice" part="option"><input type=${type} name="choice" .value=${c.id}
.checked=${d.choice.includes(c.id)} @change=${(e: Event) => pick(c.id, e)} />${this.text(c.label)}</label>`,
    )}${
      def.other
        ? html`<label class="choice" part="option"><input type=${type} name="choice" value="" .checked=${d.otherOn}
@change=${other} />${this.t('survey.other')}</label>${
            d.otherOn
              ? html`<label class="sr" for="other">${this.t('survey.otherText')}</label><input id="other" part="input"
maxlength="500" dir="auto" placeholder=${this.t('survey.otherText')} .value=${d.other}
aria-invalid=${!!this.alert && !d.other.trim()} @input=${(e: Event) => this.set({ other: valueOf(e) })} />`
              : nothing
          }`
        : nothing
    }</div>`;
  }

  private renderForm(def: PublicSurvey): TemplateResult {
    const sending = this.phase == 'sending';
    return html`<form part="form" novalidate @submit=${this.onSubmit} aria-busy=${sending}>
<fieldset aria-describedby="alert"><legend part="question">${this.text(def.question)}</legend>
${def.kind == 'choice' ? this.renderChoices(def) : this.renderScale(def)}</fieldset>${
      def.why && (def.kind == 'choice' || this.draft.score !== null)
        ? html`<label part="label" for="why">${this.t('survey.why')}</label><textarea id="why" part="input"
maxlength="2000" dir="auto" .value=${this.draft.comment} @input=${(e: Event) => this.set({ comment: valueOf(e) })}
></textarea>`
        : nothing
    }<p class="error" part="status" id="alert" role="alert">${this.alert}${
      this.failed ? this.retry(() => this.send(def)) : nothing
    }</p>
<button part="submit" type="submit" ?disabled=${sending}>${this.t(sending ? 'form.sending' : 'form.submit')}</button>
</form>`;
  }

  private retry(again: () => void): TemplateResult {
    return html` <button type="button" class="retry" part="retry" @click=${again}>${this.t('retry')}</button>`;
  }

  private renderBody(): TemplateResult | typeof nothing {
    const def = this.def;
    if (this.phase == 'loading')
      return this.auto ? nothing : html`<p part="status" role="status">${this.t('loading')}</p>`;
    if (this.phase == 'unavailable')
      return html`<p class="error" part="status" role="alert">${this.t('survey.unavailable')}${this.retry(() =>
        this.load(),
      )}</p>`;
    if (this.phase == 'sent')
      return html`<p class="success" part="status" role="status" tabindex="-1">${this.t('survey.thanks')}</p>`;
    return def && (this.phase == 'ready' || this.phase == 'sending') ? this.renderForm(def) : nothing;
  }

  override render() {
    if (!this.messages) return nothing;
    const body = this.renderBody();
    if (!this.auto) return body;
    const shown = body !== nothing && !this.chatOpen;
    // The live region stays in place from the start, so the card's arrival is announced without taking focus.
    return html`<div class="sr" role="status">${shown ? this.announcement : ''}</div>${
      shown
        ? html`<aside class="card" part="card" aria-label=${this.text(this.def!.question)}
@keydown=${(e: KeyboardEvent) => e.key == 'Escape' && this.close()}><button type="button" class="close" part="close"
aria-label=${this.t('survey.close')} @click=${this.close}>×</button>${body}</aside>`
        : nothing
    }`;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    // Above the support chat's launcher when there is one on the page, never over it.
    if (this.auto) this.toggleAttribute('beside-chat', !!document.querySelector('leadline-chat'));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'leadline-survey': LeadlineSurvey;
  }
}

if (!customElements.get('leadline-survey')) customElements.define('leadline-survey', LeadlineSurvey);
