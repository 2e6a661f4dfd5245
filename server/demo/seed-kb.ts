import type { WriteQueue } from '../db/write-queue.ts';
import { articleContent } from '../kb/markdown.ts';
import { indexArticleStatements } from '../kb/search.ts';

/** Help articles a demo shop starts with, in English, Arabic and Urdu. */
const demoArticles = [
  {
    locale: 'en',
    title: 'Returns and refunds',
    body: 'You can **return** any lamp or desk within 30 days of delivery.\n\n1. Pack it in the original box\n2. Print the label from your order email\n3. Drop it at any post office\n\nRefunds reach your card within 5 working days.',
  },
  {
    locale: 'en',
    title: 'Shipping times and costs',
    body: 'Orders ship within **two working days**. Delivery is free across the region; express delivery costs $15.',
  },
  {
    locale: 'en',
    title: 'Assembling the standing desk',
    body: 'Everything you need is in the box.\n\n- Attach the legs to the frame\n- Fix the top with the eight short screws\n- Plug in the motor and press *up* for 5 seconds to calibrate',
  },
  {
    locale: 'ar',
    title: 'الإرجاع واسترداد المبلغ',
    body: 'يمكنك **إرجاع** أي مصباح أو مكتب خلال ثلاثين يومًا من التسليم.\n\n1. ضعه في العلبة الأصلية\n2. اطبع الملصق من رسالة الطلب\n3. سلّمه في أي مكتب بريد',
  },
  { locale: 'ar', title: 'مواعيد الشحن وتكلفته', body: 'نشحن الطلبات خلال **يومي عمل**. التوصيل مجاني داخل المنطقة.' },
  {
    locale: 'ur',
    title: 'واپسی اور رقم کی واپسی',
    body: 'آپ ترسیل کے تیس دن کے اندر کوئی بھی لیمپ یا میز **واپس** کر سکتے ہیں۔\n\n1. اسے اصل ڈبے میں پیک کریں\n2. آرڈر ای میل سے لیبل پرنٹ کریں',
  },
  {
    locale: 'ur',
    title: 'ترسیل کا وقت',
    body: 'آرڈر **دو کاروباری دنوں** میں روانہ کیے جاتے ہیں۔ علاقے میں ترسیل مفت ہے۔',
  },
] as const;

/** Writes the demo articles (and their search index) for a site. */
export async function seedKb(writes: WriteQueue, siteId: number): Promise<number> {
  const now = Date.now();
  for (const a of demoArticles) {
    const { nodes, text } = articleContent(a.body);
    await writes.run([
      {
        sql: `INSERT INTO kb_articles (site_id, locale, title, body, body_nodes, body_text, created_at, updated_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        args: [siteId, a.locale, a.title, a.body, JSON.stringify(nodes), text, now, now],
      },
      ...indexArticleStatements({ sql: 'last_insert_rowid()' }, a.title, text),
    ]);
  }
  return demoArticles.length;
}
