import { html as raw } from 'hono/html';
import type { Locale } from '../schemas/config.ts';
import type { ticketCategory } from '../schemas/tickets.ts';

type TicketCategory = (typeof ticketCategory.options)[number];

export type Template =
  | 'ticket_confirmation'
  | 'ticket_reply'
  | 'ticket_link'
  | 'new_lead'
  | 'new_ticket'
  | 'ticket_assigned'
  | 'customer_reply'
  | 'task_due'
  | 'daily_digest'
  | 'signin_link'
  | 'survey_invite';
export type EmailData = Record<string, string | number | null | undefined>;

/** [subject, lines of the body, button label] per template and locale; `{x}` fills from the data. */
const text: Record<Locale, Record<Template, [string, string[], string]>> = {
  en: {
    ticket_confirmation: [
      'We received your request {trackingNumber}',
      [
        'Hello {name},',
        'Thank you for writing to {site}. Your request “{subject}” has the tracking number {trackingNumber}.',
        'We will answer here and by email. Keep this link to follow it:',
      ],
      'Open your request',
    ],
    ticket_reply: [
      'New reply to your request {trackingNumber}',
      [
        'Hello {name},',
        '{staff} from {site} answered your request “{subject}”:',
        '{body}',
        'Reply or follow the request here:',
      ],
      'Open your request',
    ],
    ticket_link: [
      'Your requests at {site}',
      [
        'Hello,',
        'Someone asked for the link to the request {trackingNumber} (“{subject}”) sent from this address. If it was not you, you can ignore this email.',
      ],
      'Open your request',
    ],
    new_lead: ['New lead: {contact}', ['{contact} sent the form “{form}”.', '{summary}'], 'Open the contact'],
    new_ticket: [
      'New request {trackingNumber}: {subject}',
      ['{contact} opened a request ({category}):', '{body}'],
      'Open the request',
    ],
    ticket_assigned: [
      'Assigned to you: {subject}',
      ['The request {trackingNumber} (“{subject}”) is now yours.'],
      'Open the request',
    ],
    customer_reply: [
      '{contact} replied: {subject}',
      ['{contact} answered on {trackingNumber}:', '{body}'],
      'Open the request',
    ],
    task_due: ['Task due: {title}', ['Your task “{title}” for {contact} is due {due}.'], 'Open the contact'],
    daily_digest: [
      'Your day at {site}',
      ['Yesterday: {leads} new leads, {tickets} new requests, {open} requests open, {tasks} of your tasks due.'],
      'Open Leadline',
    ],
    signin_link: [
      'Sign in to {site}',
      [
        'Hello {name},',
        'Here is your link to sign in to {site}. It works once, for the next 15 minutes.',
        'If you did not ask for it, you can ignore this email.',
      ],
      'Sign in',
    ],
    survey_invite: [
      'How was your purchase at {site}?',
      [
        'Hello {name},',
        'Thank you for buying {product} at {site}. Would you tell us how it went? It takes a few seconds.',
      ],
      'Answer the survey',
    ],
  },
  ar: {
    ticket_confirmation: [
      'استلمنا طلبك {trackingNumber}',
      [
        'مرحبًا {name}،',
        'شكرًا لتواصلك مع {site}. رقم تتبع طلبك «{subject}» هو {trackingNumber}.',
        'سنرد هنا وعبر البريد الإلكتروني. احتفظ بهذا الرابط لمتابعته:',
      ],
      'فتح طلبك',
    ],
    ticket_reply: [
      'رد جديد على طلبك {trackingNumber}',
      ['مرحبًا {name}،', 'ردّ {staff} من {site} على طلبك «{subject}»:', '{body}', 'للرد أو المتابعة:'],
      'فتح طلبك',
    ],
    ticket_link: [
      'طلباتك لدى {site}',
      [
        'مرحبًا،',
        'طلب أحدهم رابط الطلب {trackingNumber} («{subject}») المرسل من هذا العنوان. إن لم تكن أنت فتجاهل هذه الرسالة.',
      ],
      'فتح طلبك',
    ],
    new_lead: ['عميل محتمل جديد: {contact}', ['أرسل {contact} النموذج «{form}».', '{summary}'], 'فتح جهة الاتصال'],
    new_ticket: [
      'طلب جديد {trackingNumber}: {subject}',
      ['فتح {contact} طلبًا من نوع {category}:', '{body}'],
      'فتح الطلب',
    ],
    ticket_assigned: ['أُسند إليك: {subject}', ['الطلب {trackingNumber} («{subject}») أصبح مسندًا إليك.'], 'فتح الطلب'],
    customer_reply: ['ردّ {contact}: {subject}', ['ردّ {contact} على {trackingNumber}:', '{body}'], 'فتح الطلب'],
    task_due: ['مهمة مستحقة: {title}', ['مهمتك «{title}» لـ {contact} مستحقة في {due}.'], 'فتح جهة الاتصال'],
    daily_digest: [
      'يومك في {site}',
      ['أمس: {leads} عملاء محتملون جدد، {tickets} طلبات جديدة، {open} طلبات مفتوحة، {tasks} من مهامك مستحقة.'],
      'فتح Leadline',
    ],
    signin_link: [
      'تسجيل الدخول إلى {site}',
      [
        'مرحبًا {name}،',
        'هذا رابط تسجيل دخولك إلى {site}. يعمل مرة واحدة خلال الدقائق الخمس عشرة القادمة.',
        'إن لم تطلبه فتجاهل هذه الرسالة.',
      ],
      'تسجيل الدخول',
    ],
    survey_invite: [
      'كيف كانت تجربة الشراء من {site}؟',
      ['مرحبًا {name}،', 'شكرًا لشرائك {product} من {site}. هل تخبرنا كيف كانت التجربة؟ لن يستغرق ذلك سوى ثوانٍ.'],
      'أجب عن الاستبيان',
    ],
  },
  ur: {
    ticket_confirmation: [
      'ہمیں آپ کی درخواست {trackingNumber} مل گئی',
      [
        'السلام علیکم {name}،',
        '{site} سے رابطے کا شکریہ۔ آپ کی درخواست «{subject}» کا ٹریکنگ نمبر {trackingNumber} ہے۔',
        'ہم یہاں اور ای میل پر جواب دیں گے۔ اسے دیکھنے کے لیے یہ لنک رکھیں:',
      ],
      'اپنی درخواست کھولیں',
    ],
    ticket_reply: [
      'آپ کی درخواست {trackingNumber} پر نیا جواب',
      [
        'السلام علیکم {name}،',
        '{site} سے {staff} نے آپ کی درخواست «{subject}» کا جواب دیا:',
        '{body}',
        'جواب دینے یا دیکھنے کے لیے:',
      ],
      'اپنی درخواست کھولیں',
    ],
    ticket_link: [
      '{site} پر آپ کی درخواستیں',
      [
        'السلام علیکم،',
        'کسی نے اس پتے سے بھیجی گئی درخواست {trackingNumber} («{subject}») کا لنک مانگا۔ اگر یہ آپ نہیں تھے تو اس ای میل کو نظر انداز کریں۔',
      ],
      'اپنی درخواست کھولیں',
    ],
    new_lead: ['نئی لیڈ: {contact}', ['{contact} نے فارم «{form}» بھیجا۔', '{summary}'], 'رابطہ کھولیں'],
    new_ticket: [
      'نئی درخواست {trackingNumber}: {subject}',
      ['{contact} نے {category} کی درخواست کھولی:', '{body}'],
      'درخواست کھولیں',
    ],
    ticket_assigned: [
      'آپ کو تفویض: {subject}',
      ['درخواست {trackingNumber} («{subject}») اب آپ کی ہے۔'],
      'درخواست کھولیں',
    ],
    customer_reply: [
      '{contact} کا جواب: {subject}',
      ['{contact} نے {trackingNumber} پر جواب دیا:', '{body}'],
      'درخواست کھولیں',
    ],
    task_due: [
      'کام کی آخری تاریخ: {title}',
      ['{contact} کے لیے آپ کا کام «{title}» {due} کو مکمل ہونا ہے۔'],
      'رابطہ کھولیں',
    ],
    daily_digest: [
      '{site} پر آپ کا دن',
      ['کل: {leads} نئی لیڈز، {tickets} نئی درخواستیں، {open} کھلی درخواستیں، آپ کے {tasks} کام واجب۔'],
      'Leadline کھولیں',
    ],
    signin_link: [
      '{site} میں سائن اِن کریں',
      [
        'السلام علیکم {name}،',
        '{site} میں سائن اِن کرنے کے لیے آپ کا لنک یہ ہے۔ یہ صرف ایک بار، اگلے 15 منٹ تک کام کرے گا۔',
        'اگر آپ نے یہ نہیں مانگا تو اس ای میل کو نظر انداز کریں۔',
      ],
      'سائن اِن کریں',
    ],
    survey_invite: [
      '{site} سے آپ کی خریداری کیسی رہی؟',
      [
        'السلام علیکم {name}،',
        '{site} سے {product} خریدنے کا شکریہ۔ کیا آپ ہمیں بتائیں گے کہ تجربہ کیسا رہا؟ اس میں چند سیکنڈ لگیں گے۔',
      ],
      'سروے کا جواب دیں',
    ],
  },
};

/** Codes an email shows, in words: ticket categories, and who wrote when the visitor gave no name or email. */
const labels: Record<Locale, { category: Record<TicketCategory, string>; visitor: string; unsubscribe: string }> = {
  en: {
    category: { question: 'question', complaint: 'complaint', order_problem: 'order problem', feedback: 'feedback' },
    visitor: 'A visitor',
    unsubscribe: 'Unsubscribe from survey emails',
  },
  ar: {
    category: { question: 'سؤال', complaint: 'شكوى', order_problem: 'مشكلة في طلب', feedback: 'ملاحظات' },
    visitor: 'زائر',
    unsubscribe: 'إلغاء الاشتراك في رسائل الاستبيانات',
  },
  ur: {
    category: { question: 'سوال', complaint: 'شکایت', order_problem: 'آرڈر کا مسئلہ', feedback: 'رائے' },
    visitor: 'ایک وزیٹر',
    unsubscribe: 'سروے کی ای میلز سے ان سبسکرائب کریں',
  },
};

/** The data with its codes put into words of `locale`; an unknown category stays as it is. */
function labelled(data: EmailData, locale: Locale): EmailData {
  const l = labels[locale];
  const code = data.category;
  const category = typeof code === 'string' && code in l.category ? l.category[code as TicketCategory] : code;
  return { ...data, category, contact: data.contact == null || data.contact === '' ? l.visitor : data.contact };
}

const fill = (s: string, data: EmailData) =>
  s.replace(/\{(\w+)\}/g, (_, k: string) => (data[k] == null ? '' : String(data[k])));

/**
 * One email in the recipient's language: subject, plain text and HTML (dir="rtl" for Arabic
 * and Urdu), in the site's name and accent colour. Every value is escaped by hono/html.
 */
export function render(
  template: Template,
  locale: Locale,
  data: EmailData,
  site: { name: string; accent: string | null },
) {
  const [subject, lines, button] = text[locale][template];
  const all = { ...labelled(data, locale), site: site.name };
  const body = lines.map((l) => fill(l, all));
  const dir = locale === 'en' ? 'ltr' : 'rtl';
  // The settings schema allows only a hex colour here.
  const accent = site.accent ?? '#2a5bd7';
  const link = typeof data.link === 'string' && /^https?:\/\//.test(data.link) ? data.link : null;
  const unsubscribe =
    typeof data.unsubscribe === 'string' && /^https?:\/\//.test(data.unsubscribe) ? data.unsubscribe : null;
  const leave = labels[locale].unsubscribe;
  const html = raw`<!doctype html><html lang="${locale}" dir="${dir}"><head><meta charset="utf-8"><title>${fill(subject, all)}</title></head>
<body style="margin:0;padding:24px;background:#f5f6f8;font-family:system-ui,sans-serif;color:#1d2433" dir="${dir}">
<table role="presentation" width="100%" style="max-width:560px;margin:auto;background:#fff;border-radius:12px;padding:24px" dir="${dir}"><tr><td style="text-align:${dir === 'rtl' ? 'right' : 'left'}">
<p style="font-weight:700;color:${accent};margin:0 0 16px">${site.name}</p>
${body.map((l) => raw`<p style="margin:0 0 12px;white-space:pre-wrap">${l}</p>`)}
${link ? raw`<p style="margin:20px 0"><a href="${link}" style="background:${accent};color:#fff;padding:10px 18px;border-radius:8px;text-decoration:none;display:inline-block">${button}</a></p><p style="font-size:12px;color:#5f6470;word-break:break-all">${link}</p>` : ''}
${unsubscribe ? raw`<p style="margin:20px 0 0;font-size:12px"><a href="${unsubscribe}" style="color:#5f6470">${leave}</a></p>` : ''}
</td></tr></table></body></html>`;
  const plain = `${site.name}\n\n${body.join('\n\n')}${link ? `\n\n${button}: ${link}` : ''}${
    unsubscribe ? `\n\n${leave}: ${unsubscribe}` : ''
  }\n`;
  // One-click unsubscribe (RFC 8058): mail clients POST `List-Unsubscribe=One-Click` to the link.
  const headers = unsubscribe
    ? { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
    : undefined;
  return { subject: fill(subject, all), html: String(html), text: plain, headers };
}
