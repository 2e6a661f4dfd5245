import type { Messages } from './en.ts';

/** Arabic strings (right-to-left). */
export default {
  loading: 'جارٍ التحميل…',
  retry: 'حاول مرة أخرى',
  error: 'حدث خطأ ما. يرجى المحاولة مرة أخرى.',
  offline: 'يبدو أنك غير متصل بالإنترنت. يرجى المحاولة مرة أخرى.',
  required: 'مطلوب',
  'form.submit': 'إرسال',
  'form.sending': 'جارٍ الإرسال…',
  'form.success': 'شكرًا لك! سنتواصل معك قريبًا.',
  'form.unavailable': 'هذا النموذج غير متاح.',
  'form.invalidEmail': 'أدخل بريدًا إلكترونيًا صالحًا، مثل name@example.com.',
  'form.tooLong': 'بحد أقصى {max} حرفًا.',
  'form.consent': 'أوافق على أن يحتفظ {site} ببياناتي للتواصل معي.',
  'form.fixErrors': 'يرجى تصحيح الحقول المميزة.',
  'form.invalidPhone': 'أدخل رقم هاتف، مثل ‎+966 50 000 0000.',
  'form.choose': 'اختر…',
  'form.chooseOne': 'اختر أحد الخيارات.',
  'form.consentRequired': 'يرجى الموافقة حتى نتمكن من التواصل معك.',
  'form.rateLimited': 'تم إرسال رسائل كثيرة من هنا. يرجى الانتظار دقيقة ثم المحاولة مرة أخرى.',
  'form.optional': 'اختياري',
  'field.email': 'البريد الإلكتروني',
  'field.name': 'الاسم',
  'field.phone': 'الهاتف',
  'field.company': 'الشركة',
  'field.message': 'الرسالة',
} satisfies Messages;
