import type { Messages } from './en.ts';

/** Urdu strings (right-to-left). */
export default {
  loading: 'لوڈ ہو رہا ہے…',
  retry: 'دوبارہ کوشش کریں',
  error: 'کچھ غلط ہو گیا۔ براہ کرم دوبارہ کوشش کریں۔',
  offline: 'لگتا ہے آپ آف لائن ہیں۔ براہ کرم دوبارہ کوشش کریں۔',
  required: 'لازمی',
  'form.submit': 'بھیجیں',
  'form.sending': 'بھیجا جا رہا ہے…',
  'form.success': 'شکریہ! ہم جلد آپ سے رابطہ کریں گے۔',
  'form.unavailable': 'یہ فارم دستیاب نہیں ہے۔',
  'form.invalidEmail': 'درست ای میل پتہ درج کریں، جیسے name@example.com۔',
  'form.tooLong': 'زیادہ سے زیادہ {max} حروف۔',
  'form.consent': 'میں متفق ہوں کہ {site} مجھ سے رابطے کے لیے میری تفصیلات محفوظ رکھے۔',
  'form.fixErrors': 'براہ کرم نمایاں کردہ خانے درست کریں۔',
  'form.invalidPhone': 'فون نمبر درج کریں، جیسے ‎+92 300 0000000۔',
  'form.choose': 'منتخب کریں…',
  'form.chooseOne': 'اختیارات میں سے ایک منتخب کریں۔',
  'form.consentRequired': 'براہ کرم متفق ہوں تاکہ ہم آپ سے رابطہ کر سکیں۔',
  'form.rateLimited': 'یہاں سے بہت زیادہ پیغامات بھیجے گئے۔ براہ کرم ایک منٹ انتظار کر کے دوبارہ کوشش کریں۔',
  'form.optional': 'اختیاری',
  'field.email': 'ای میل',
  'field.name': 'نام',
  'field.phone': 'فون',
  'field.company': 'کمپنی',
  'field.message': 'پیغام',
} satisfies Messages;
