import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseMoney,
  parseDateParts,
  formatMoney,
  formatDate,
  formatPeriod,
  formatPeriodRange,
  addMonths,
  ageOn,
  monthOf,
} from '../../site/js/format.js';

test('parseMoney reads amounts as people type them', () => {
  assert.equal(parseMoney('1250'), 1250);
  assert.equal(parseMoney('1 250,50'), 1250.5);
  assert.equal(parseMoney('1\u00a0250,5 €'), 1250.5);
  assert.equal(parseMoney('1.250,50'), 1250.5);
  assert.equal(parseMoney('1,250.50'), 1250.5);
  assert.equal(parseMoney('0'), 0);
  assert.equal(parseMoney('12.3'), 12.3);
  assert.equal(parseMoney(''), null);
  assert.equal(parseMoney('abc'), null);
  assert.equal(parseMoney('-5'), null);
  assert.equal(parseMoney('1,234'), 1234); // a thousands separator, not 1.234 €
  assert.equal(parseMoney('12,345'), 12345);
  assert.equal(parseMoney('3,5'), 3.5);
});

test('parseDateParts checks the calendar and the future', () => {
  const today = new Date('2026-11-29T12:00:00Z');
  assert.deepEqual(parseDateParts('14', '7', '1985', today), { value: '1985-07-14' });
  assert.deepEqual(parseDateParts('29', '2', '2024', today), { value: '2024-02-29' });
  assert.deepEqual(parseDateParts('29', '2', '2023', today), { error: 'date_invalid' });
  assert.deepEqual(parseDateParts('31', '4', '2020', today), { error: 'date_invalid' });
  assert.deepEqual(parseDateParts('', '', '', today), { error: 'date_required' });
  assert.deepEqual(parseDateParts('1', '1', '85', today), { error: 'date_invalid' });
  assert.deepEqual(parseDateParts('1', '12', '2026', today), { error: 'date_future' });
  assert.deepEqual(parseDateParts('1', '1', '1850', today), { error: 'date_too_old' });
});

test('money, dates and periods are written the French way', () => {
  assert.equal(formatMoney(1234.5, 'fr'), '1\u00a0234,50\u00a0€');
  assert.equal(formatMoney(151.04, 'en'), '€151.04');
  assert.equal(formatMoney(3693, 'fr', { cents: false }), '3\u00a0693\u00a0€');
  assert.equal(formatDate('2026-06-01', 'fr'), '1er juin 2026');
  assert.equal(formatDate('2026-06-14', 'en'), '14 June 2026');
  assert.equal(formatPeriod('2026-11', 'fr'), 'novembre 2026');
  assert.equal(formatPeriodRange(['2024-01', '2024-02', '2024-03'], 'fr'), 'de janvier à mars 2024');
  assert.equal(formatPeriodRange(['2025-11', '2025-12', '2026-01'], 'fr'), 'de novembre 2025 à janvier 2026');
  assert.equal(formatPeriodRange(['2025-10', '2025-11'], 'fr'), 'd’octobre à novembre 2025');
  assert.equal(formatPeriodRange(['2026-10'], 'en'), 'October 2026');
  assert.equal(formatPeriodRange(['2024'], 'fr'), 'année 2024');
  // In the order of time, years among the months (the results page's "income taken into account").
  const months = (from, to) => {
    const out = [];
    for (let p = from; p <= to; p = addMonths(p, 1)) out.push(p);
    return out;
  };
  assert.equal(
    formatPeriodRange([...months('2024-01', '2025-06'), '2023', ...months('2022-01', '2022-12')], 'fr'),
    'de janvier à décembre 2022, année 2023, de janvier 2024 à juin 2025',
  );
  assert.equal(formatPeriodRange(['2024-03', '2024', '2023-12'], 'en'), 'December 2023, year 2024, March 2024');
});

test('month arithmetic and ages', () => {
  assert.equal(addMonths('2026-01', -2), '2025-11');
  assert.equal(addMonths('2025-12', 1), '2026-01');
  assert.equal(ageOn('2000-12-01', '2026-11-30'), 25);
  assert.equal(ageOn('2000-12-01', '2026-12-01'), 26);
  assert.equal(monthOf(new Date('2026-11-29T23:59:00Z')), '2026-11');
});

test("an assumed date that is the rules' « no such date » is said as such, not as the year 9999", async () => {
  const { valueText } = await import('../../site/js/wording.js');
  const def = { name: 'date_debut_chomage', type: 'date' };
  assert.equal(valueText('fr', def, '9999-12-31'), 'aucune');
  assert.equal(valueText('en', def, '9999-12-31'), 'none');
  // A real date is still written as a date.
  assert.doesNotMatch(valueText('fr', def, '2025-03-01'), /aucune/);
  assert.match(valueText('fr', def, '2025-03-01'), /2025/);
});
