// Formatting and parsing of the values a citizen reads and types: money, dates, periods.
// Pure functions (no DOM), shared by the questionnaire logic, the UI and the tests.

const MONTHS = {
  fr: [
    'janvier',
    'février',
    'mars',
    'avril',
    'mai',
    'juin',
    'juillet',
    'août',
    'septembre',
    'octobre',
    'novembre',
    'décembre',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

const LOCALES = { fr: 'fr-FR', en: 'en-GB' };

// The number formats, made once each: an Intl.NumberFormat takes tens of microseconds to make, and
// the results page formats hundreds of amounts at each render (a fifth of its time, December 2026).
const formats = new Map();
function numberFormat(lang, options) {
  const key = `${lang} ${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(LOCALES[lang] ?? 'fr-FR', options);
    formats.set(key, format);
  }
  return format;
}

// 1234.5 → "1 234,50 €" (fr) / "€1,234.50" (en). Whole amounts keep their cents for consistency.
export function formatMoney(amount, lang = 'fr', { cents = true } = {}) {
  const n = Number(amount) || 0;
  return numberFormat(lang, {
    style: 'currency',
    currency: 'EUR',
    minimumFractionDigits: cents ? 2 : 0,
    maximumFractionDigits: cents ? 2 : 0,
  })
    .format(n)
    .replace(/\u202f|\u00a0/g, '\u00a0');
}

export function formatNumber(n, lang = 'fr', digits = 2) {
  return numberFormat(lang, { maximumFractionDigits: digits })
    .format(Number(n) || 0)
    .replace(/\u202f/g, '\u00a0');
}

// Parses what people type as an amount: "1 234,56", "1234.56", "1.234,56", "1 234 €". Returns a number
// rounded to the cent, or null when the text is not an amount (empty, letters, negative).
export function parseMoney(text) {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? Math.round(text * 100) / 100 : null;
  if (typeof text !== 'string') return null;
  let s = text.replace(/[\s\u00a0\u202f€]/g, '').replace(/eur(os?)?$/i, '');
  if (s === '') return null;
  if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(s)) s = s.replace(/\./g, ''); // 1.234,56
  if (/^\d{1,3}(,\d{3})+(\.\d{1,2})?$/.test(s)) s = s.replace(/,/g, ''); // 1,234.56
  s = s.replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
  return Math.round(Number(s) * 100) / 100;
}

// Civil date from three fields (day, month, year as typed). Returns {value: "YYYY-MM-DD"} or
// {error: key} with key in: required, invalid, future, too_old.
export function parseDateParts(day, month, year, today = new Date()) {
  const d = String(day ?? '').trim();
  const m = String(month ?? '').trim();
  const y = String(year ?? '').trim();
  if (!d && !m && !y) return { error: 'date_required' };
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return { error: 'date_invalid' };
  const dn = Number(d);
  const mn = Number(m);
  const yn = Number(y);
  if (mn < 1 || mn > 12 || dn < 1 || dn > daysInMonth(yn, mn)) return { error: 'date_invalid' };
  const value = `${y}-${String(mn).padStart(2, '0')}-${String(dn).padStart(2, '0')}`;
  const todayIso = today.toISOString().slice(0, 10);
  if (value > todayIso) return { error: 'date_future' };
  if (yn < 1900) return { error: 'date_too_old' };
  return { value };
}

export function daysInMonth(year, month) {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

// "1985-03-01" → "1 mars 1985" / "1 March 1985"
export function formatDate(iso, lang = 'fr') {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  if (!m) return String(iso ?? '');
  const day = Number(m[3]);
  const names = MONTHS[lang] ?? MONTHS.fr;
  const dayText = lang === 'fr' && day === 1 ? '1er' : String(day);
  return `${dayText} ${names[Number(m[2]) - 1]} ${m[1]}`;
}

// "2026-11" → "novembre 2026"; "2024" → "2024"; "ETERNITY" → "".
export function formatPeriod(period, lang = 'fr') {
  const m = /^(\d{4})-(\d{2})$/.exec(period ?? '');
  if (m) return `${(MONTHS[lang] ?? MONTHS.fr)[Number(m[2]) - 1]} ${m[1]}`;
  if (period === 'ETERNITY') return '';
  return String(period ?? '');
}

export function monthName(month, lang = 'fr') {
  return (MONTHS[lang] ?? MONTHS.fr)[month - 1];
}

// A list of month periods summarised: ["2024-01".."2024-12"] → "de janvier à décembre 2024".
export function formatPeriodRange(periods, lang = 'fr') {
  const months = [...periods].filter((p) => /^\d{4}-\d{2}$/.test(p)).sort();
  const years = [...periods].filter((p) => /^\d{4}$/.test(p)).sort();
  // In the order of time: a year before the months that start in it ("YYYY-00" sorts before them).
  const parts = [];
  for (const run of monthRuns(months)) {
    let text;
    if (run.length === 1) {
      text = formatPeriod(run[0], lang);
    } else {
      const [y1, m1] = run[0].split('-').map(Number);
      const y2 = Number(run[run.length - 1].slice(0, 4));
      const first = y1 === y2 ? monthName(m1, lang) : formatPeriod(run[0], lang);
      const last = formatPeriod(run[run.length - 1], lang);
      text =
        lang === 'en' ? `${first} to ${last}` : `${/^[aeiouyàâéèêîïôû]/i.test(first) ? 'd’' : 'de '}${first} à ${last}`;
    }
    parts.push({ from: run[0], text });
  }
  for (const y of years) parts.push({ from: `${y}-00`, text: lang === 'en' ? `year ${y}` : `année ${y}` });
  parts.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  return parts.map((p) => p.text).join(', ');
}

// Consecutive month runs: ["2024-01","2024-02","2024-05"] → [["2024-01","2024-02"],["2024-05"]]
export function monthRuns(months) {
  const runs = [];
  for (const p of months) {
    const last = runs[runs.length - 1];
    if (last && addMonths(last[last.length - 1], 1) === p) last.push(p);
    else runs.push([p]);
  }
  return runs;
}

// "2026-01" + (-2) → "2025-11"
export function addMonths(period, n) {
  const [y, m] = period.split('-').map(Number);
  const total = y * 12 + (m - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

// The month a date falls in: Date → "YYYY-MM" (UTC, so the result does not depend on the time zone).
export function monthOf(date) {
  return date.toISOString().slice(0, 7);
}

// Age in whole years on a given day ("YYYY-MM-DD" strings).
export function ageOn(birth, day) {
  const [by, bm, bd] = birth.split('-').map(Number);
  const [y, m, d] = day.split('-').map(Number);
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}
