// One question per screen: renders a question as a DSFR form, and reads and validates what was typed.
// The form keeps what is typed (uncontrolled inputs); the app re-renders only when the screen changes.

import { h, uid } from '../dom.js';
import { formatPeriod, formatPeriodRange, parseDateParts, parseMoney } from '../format.js';
import { t, enumItemLabel } from '../i18n.js';
import { allSame, amountLayout, currentAnswer, MAX_CHILDREN } from '../questionnaire.js';
import { familyLabel, questionWording } from '../wording.js';
import { communesFor, isPostalCode, loadPostalCodes } from '../communes.js';

// `UK`: the United Kingdom's code in OpenFisca's list of the EEE, kept for partners (its ISO code is GB).
const HIDDEN_ENUM_ITEMS = new Set(['non_renseigne', 'inconnue', 'UK']);

// ---------------------------------------------------------------------------------------- fields

function messages(id, error) {
  return h(
    'div',
    { class: 'fr-messages-group', id, 'aria-live': 'polite' },
    error ? h('p', { class: 'fr-message fr-message--error', id: `${id}-error` }, error) : null,
  );
}

function inputGroup({
  id,
  label,
  hint,
  error,
  value = '',
  inputmode,
  autocomplete,
  width,
  name,
  type = 'text',
  maxlength,
}) {
  const msgId = `${id}-messages`;
  return h(
    'div',
    { class: `fr-input-group${error ? ' fr-input-group--error' : ''}` },
    h('label', { class: 'fr-label', for: id }, label, hint ? h('span', { class: 'fr-hint-text' }, hint) : null),
    h('input', {
      class: `fr-input${error ? ' fr-input--error' : ''}${width ? ` ma-input--${width}` : ''}`,
      id,
      name: name ?? id,
      type,
      value: value ?? '',
      inputmode,
      autocomplete,
      maxlength,
      'aria-describedby': msgId,
      'aria-invalid': error ? 'true' : null,
      spellcheck: 'false',
    }),
    messages(msgId, error),
  );
}

function radioFieldset({ legend, help, name, options, value, error, about, periodText }) {
  const legendId = uid('legend');
  const msgId = uid('messages');
  return h(
    'fieldset',
    {
      class: `fr-fieldset${error ? ' fr-fieldset--error' : ''}`,
      id: `${name}-fieldset`,
      'aria-labelledby': `${legendId} ${msgId}`,
      role: error ? 'group' : null,
    },
    legendNode(legendId, legend, help, about, periodText),
    options.map((o, i) =>
      h(
        'div',
        { class: 'fr-fieldset__element' },
        h(
          'div',
          { class: 'fr-radio-group' },
          h('input', {
            type: 'radio',
            id: `${name}-${i}`,
            name,
            value: String(o.value),
            checked: value !== null && value !== undefined && String(value) === String(o.value),
          }),
          h(
            'label',
            { class: 'fr-label', for: `${name}-${i}` },
            o.label,
            o.hint ? h('span', { class: 'fr-hint-text' }, o.hint) : null,
          ),
        ),
      ),
    ),
    messages(msgId, error),
  );
}

// A long list (the nationalities: some 250 countries) is a select, not radios: the enum's default first (France
// for the nationality), the other items in the alphabetical order of the page's language.
const SELECT_FROM = 12;

function selectGroup({ id, label, placeholder, options, value, error }) {
  const msgId = `${id}-messages`;
  return h(
    'div',
    { class: `fr-select-group${error ? ' fr-select-group--error' : ''}` },
    h('label', { class: 'fr-label', for: id }, label),
    h(
      'select',
      {
        class: `fr-select${error ? ' fr-select--error' : ''}`,
        id,
        name: id,
        'aria-describedby': msgId,
        'aria-invalid': error ? 'true' : null,
      },
      h('option', { value: '', disabled: true, selected: value === null || value === undefined }, placeholder),
      options.map((o) => h('option', { value: o.value, selected: String(value) === String(o.value) }, o.label)),
    ),
    messages(msgId, error),
  );
}

function sortedItems(lang, def) {
  const items = def.items
    .filter((i) => !HIDDEN_ENUM_ITEMS.has(i.name))
    .map((i) => ({ value: i.name, label: enumItemLabel(lang, def.name, i) }));
  const [first, ...rest] = items;
  const collator = new Intl.Collator(lang);
  return [first, ...rest.sort((a, b) => collator.compare(a.label, b.label))];
}

function legendNode(id, title, help, about, periodText) {
  return h(
    'legend',
    { class: 'fr-fieldset__legend', id },
    about ? h('span', { class: 'ma-about' }, about) : null,
    h('h1', { class: 'fr-h3 ma-question-title', tabindex: '-1' }, title),
    help ? h('span', { class: 'fr-hint-text ma-help' }, help) : null,
    periodText ? h('span', { class: 'fr-hint-text ma-period' }, periodText) : null,
  );
}

function plainFieldset({ legend, help, about, periodText, error }, ...children) {
  const legendId = uid('legend');
  return h(
    'fieldset',
    { class: `fr-fieldset${error ? ' fr-fieldset--error' : ''}`, 'aria-labelledby': legendId },
    legendNode(legendId, legend, help, about, periodText),
    children.map((c) => (c ? h('div', { class: 'fr-fieldset__element' }, c) : null)),
  );
}

function dateFields(prefix, lang, value, error) {
  const [y, m, d] = (value ?? '').split('-');
  const legendId = uid('date-legend');
  const msgId = `${prefix}-messages`;
  const part = (key, label, val, width, max) =>
    h(
      'div',
      { class: 'fr-fieldset__element fr-fieldset__element--inline ma-date-part' },
      h(
        'div',
        { class: `fr-input-group${error ? ' fr-input-group--error' : ''}` },
        h('label', { class: 'fr-label', for: `${prefix}-${key}` }, label),
        h('input', {
          class: `fr-input ma-input--${width}${error ? ' fr-input--error' : ''}`,
          id: `${prefix}-${key}`,
          name: `${prefix}-${key}`,
          inputmode: 'numeric',
          maxlength: max,
          value: val ? String(Number(val)) : '',
          autocomplete: prefix === 'birth-self' ? `bday-${key}` : 'off',
          'aria-describedby': msgId,
          'aria-invalid': error ? 'true' : null,
        }),
      ),
    );
  return h(
    'fieldset',
    {
      class: `fr-fieldset ma-date${error ? ' fr-fieldset--error' : ''}`,
      'aria-labelledby': `${legendId} ${msgId}`,
      role: 'group',
    },
    h(
      'legend',
      { class: 'fr-fieldset__legend fr-fieldset__legend--regular', id: legendId },
      t(lang, 'q.child.date'),
      h('span', { class: 'fr-hint-text' }, t(lang, 'q.date.hint')),
    ),
    part('day', t(lang, 'q.day'), d, 'day', 2),
    part('month', t(lang, 'q.month'), m, 'month', 2),
    part('year', t(lang, 'q.year'), y, 'year', 4),
    messages(msgId, error),
  );
}

const moneyText = (v) => (v === null || v === undefined ? '' : String(v).replace('.', ','));

// -------------------------------------------------------------------------------------- renderers

// Returns the fields of a question (inside the form). `errors`: {field: message} from validation.
export function questionFields(ctx, question, errors = {}) {
  const { lang, answers, catalog, period } = ctx;
  const def = question.variable ? catalog.get(question.variable) : null;
  const w = questionWording(lang, question, def, answers, period);
  const current = currentAnswer(answers, question);
  const yesNo = [
    { value: 'true', label: t(lang, 'q.yes') },
    { value: 'false', label: t(lang, 'q.no') },
  ];
  switch (question.kind) {
    case 'couple':
      return radioFieldset({
        legend: w.title,
        help: w.help,
        name: 'answer',
        options: yesNo,
        value: current,
        error: errors.answer,
      });
    case 'union':
      return radioFieldset({
        legend: w.title,
        help: w.help,
        name: 'answer',
        value: current,
        error: errors.answer,
        options: ['marie', 'pacse', 'union_libre'].map((v) => ({ value: v, label: t(lang, `q.union.${v}`) })),
      });
    case 'gate':
    case 'boolean':
      return radioFieldset({
        legend: w.title,
        help: w.help,
        about: w.about,
        periodText: w.periodText,
        name: 'answer',
        options: yesNo,
        value: current,
        error: errors.answer,
      });
    case 'enum':
      if (def.items.length >= SELECT_FROM)
        return plainFieldset(
          { legend: w.title, help: w.help, about: w.about, periodText: w.periodText, error: errors.answer },
          selectGroup({
            id: 'answer',
            label: t(lang, 'q.select.label'),
            placeholder: t(lang, 'q.select.placeholder'),
            options: sortedItems(lang, def),
            value: current,
            error: errors.answer,
          }),
        );
      return radioFieldset({
        legend: w.title,
        help: w.help,
        about: w.about,
        periodText: w.periodText,
        name: 'answer',
        value: current,
        error: errors.answer,
        options: def.items
          .filter((i) => !HIDDEN_ENUM_ITEMS.has(i.name))
          .map((i) => ({ value: i.name, label: enumItemLabel(lang, def.name, i) })),
      });
    case 'childCount':
      return plainFieldset(
        { legend: w.title, help: w.help },
        inputGroup({
          id: 'answer',
          label: t(lang, 'q.childCount.label'),
          value: current ?? '',
          inputmode: 'numeric',
          width: 'short',
          error: errors.answer,
          maxlength: 2,
        }),
      );
    case 'child':
      return plainFieldset(
        { legend: w.title, help: w.help },
        inputGroup({
          id: 'prenom',
          label: t(lang, 'q.child.prenom'),
          hint: t(lang, 'q.child.prenom.help'),
          value: current?.prenom ?? '',
          autocomplete: 'off',
          error: errors.prenom,
          maxlength: 40,
        }),
        dateFields('birth', lang, current?.date_naissance, errors.date),
      );
    case 'date':
      return plainFieldset(
        { legend: w.title, help: w.help, about: w.about },
        dateFields(question.id === 'demandeur' ? 'birth-self' : 'birth', lang, current, errors.date),
      );
    case 'money':
    case 'number':
    case 'integer':
    case 'text': {
      const unit =
        def.unit === '€' ? t(lang, 'q.money.hint') : question.kind === 'text' ? null : t(lang, 'q.number.hint');
      const v = question.kind === 'money' ? moneyText(current) : (current ?? '');
      return plainFieldset(
        { legend: w.title, help: w.help, about: w.about, periodText: w.periodText },
        inputGroup({
          id: 'answer',
          label: def.label,
          hint: unit,
          value: v,
          inputmode: question.kind === 'text' ? null : question.kind === 'integer' ? 'numeric' : 'decimal',
          width: question.kind === 'text' ? null : 'medium',
          error: errors.answer,
        }),
      );
    }
    case 'commune':
      return communeFields(ctx, question, w, current, errors);
    case 'incomes':
      return incomesFields(ctx, question, w, errors);
    case 'amounts':
      return amountsFields(ctx, question, w, errors);
    default:
      return h('p', {}, question.key);
  }
}

function communeFields(ctx, question, w, current, errors) {
  const { lang } = ctx;
  const saved = ctx.answers.communes?.[`${question.variable}@${question.id}`];
  const postal = saved?.postal ?? '';
  const select = h('select', {
    class: `fr-select${errors.commune ? ' fr-select--error' : ''}`,
    id: 'commune',
    name: 'commune',
    'aria-describedby': 'commune-messages',
    'aria-invalid': errors.commune ? 'true' : null,
    disabled: !postal,
  });
  const selectGroup = h(
    'div',
    { class: `fr-select-group${errors.commune ? ' fr-select-group--error' : ''}` },
    h('label', { class: 'fr-label', for: 'commune' }, t(lang, 'q.commune.choose')),
    select,
    messages('commune-messages', errors.commune),
  );
  const status = h('p', { class: 'fr-hint-text ma-commune-status', id: 'commune-status', role: 'status' });
  const fill = async (code, selected) => {
    select.replaceChildren();
    status.textContent = '';
    if (!isPostalCode(code)) {
      select.disabled = true;
      return;
    }
    status.textContent = t(lang, 'q.commune.loading');
    let list = [];
    try {
      list = communesFor(await loadPostalCodes(code), code);
    } catch (e) {
      status.textContent = e.message;
      return;
    }
    if (list.length === 0) {
      select.disabled = true;
      status.textContent = t(lang, 'q.commune.none');
      return;
    }
    select.disabled = false;
    if (list.length > 1) select.append(h('option', { value: '' }, t(lang, 'q.commune.pick')));
    for (const c of list)
      select.append(h('option', { value: c.code, selected: c.code === selected }, `${c.name} (${c.code})`));
    status.textContent = '';
  };
  const postalGroup = inputGroup({
    id: 'postal',
    label: t(lang, 'q.commune.postal'),
    hint: t(lang, 'q.commune.postal.help'),
    value: postal,
    inputmode: 'numeric',
    autocomplete: 'postal-code',
    width: 'short',
    error: errors.postal,
    maxlength: 5,
  });
  const input = postalGroup.querySelector('input');
  input.addEventListener('input', () => fill(input.value.trim(), null));
  if (postal) fill(postal, current);
  return plainFieldset(
    { legend: t(lang, 'q.commune'), help: null, about: null, periodText: w.periodText },
    postalGroup,
    h('div', {}, selectGroup, status),
  );
}

function incomesFields(ctx, question, w, errors) {
  const { lang, catalog, answers } = ctx;
  const chosen = new Set(answers.incomes[question.id]?.chosen ?? []);
  const legendId = uid('legend');
  const msgId = uid('messages');
  return h(
    'fieldset',
    { class: `fr-fieldset${errors.answer ? ' fr-fieldset--error' : ''}`, 'aria-labelledby': `${legendId} ${msgId}` },
    legendNode(
      legendId,
      w.title,
      w.help,
      w.about,
      ctx.incomePeriods ? t(lang, 'q.incomes.periods', { range: formatPeriodRange(ctx.incomePeriods, lang) }) : null,
    ),
    question.families.map((f, i) =>
      h(
        'div',
        { class: 'fr-fieldset__element' },
        h(
          'div',
          { class: 'fr-checkbox-group' },
          h('input', { type: 'checkbox', id: `family-${i}`, name: 'family', value: f, checked: chosen.has(f) }),
          h('label', { class: 'fr-label', for: `family-${i}` }, familyLabel(lang, f, catalog)),
        ),
      ),
    ),
    messages(msgId, errors.answer),
  );
}

// Incomes as people know them: « did it change over the last twelve months? » — if not, one amount;
// if so, the latest three months one by one, then the earlier ones. An older year (N-2) is derived
// from that amount unless the person says it differed (then its total, from the tax notice).
function amountsFields(ctx, question, w, errors) {
  const { lang, answers, period } = ctx;
  const key = `${question.variable}@${question.id}`;
  const values = answers.values[key] ?? {};
  const { recent, latest, earlier, older, years } = amountLayout(question.periods, period);
  const monthField = (p) =>
    inputGroup({
      id: `amount-${p}`,
      label: t(lang, 'q.amounts.month', { month: capitalize(formatPeriod(p, lang)) }),
      value: moneyText(values[p]),
      inputmode: 'decimal',
      width: 'medium',
      error: errors[`amount-${p}`],
    });
  const parts = [];
  if (recent.length === 1) {
    parts.push(monthField(recent[0]));
  } else if (recent.length > 1) {
    const known = recent.filter((p) => p in values);
    const remembered = answers.sameEachMonth?.[key];
    const same = known.length === 0 ? (remembered ?? null) : allSame(values, recent);
    const first = recent.find((p) => p in values);
    const single = h(
      'div',
      { id: 'amount-single', hidden: same !== true },
      inputGroup({
        id: 'amount-same',
        label: t(lang, 'q.amounts.monthly'),
        hint: formatPeriodRange(recent, lang),
        value: same && first ? moneyText(values[first]) : '',
        inputmode: 'decimal',
        width: 'medium',
        error: errors['amount-same'],
      }),
    );
    const group = (title, months) =>
      h(
        'div',
        { class: 'ma-months-group' },
        h('p', { class: 'fr-text--bold fr-mb-1w' }, title),
        h('div', { class: 'ma-months' }, months.map(monthField)),
      );
    const perMonth = h(
      'div',
      { id: 'amount-months', hidden: same !== false },
      group(t(lang, 'q.amounts.latest'), latest),
      earlier.length ? group(t(lang, 'q.amounts.earlier'), earlier) : null,
    );
    const changed = radioFieldset({
      legend: t(lang, 'q.amounts.changed', { range: formatPeriodRange(recent, lang) }),
      name: 'changed',
      value: same === null ? null : String(!same),
      error: errors.changed,
      options: [
        { value: 'false', label: t(lang, 'q.amounts.changed.no') },
        { value: 'true', label: t(lang, 'q.amounts.changed.yes') },
      ],
    });
    // The legend of this inner group is not the page title.
    const title = changed.querySelector('h1');
    if (title) title.replaceWith(h('span', { class: 'fr-text--bold' }, title.textContent));
    for (const radio of changed.querySelectorAll('input[name="changed"]')) {
      radio.addEventListener('change', () => {
        const isSame = radio.value === 'false';
        single.hidden = !isSame;
        perMonth.hidden = isSame;
        const one = single.querySelector('input');
        if (!isSame && one.value)
          for (const input of perMonth.querySelectorAll('input')) if (!input.value) input.value = one.value;
        if (isSame && !one.value) one.value = perMonth.querySelector('input')?.value ?? '';
      });
    }
    parts.push(changed, single, perMonth);
  }
  for (const [year, months] of Object.entries(older)) {
    const given = year in values;
    if (recent.length === 0) {
      parts.push(
        inputGroup({
          id: `amount-${year}`,
          label: t(lang, 'q.amounts.year', { year }),
          hint: t(lang, 'q.amounts.help_year'),
          value: moneyText(
            values[year] ?? (months.every((p) => p in values) ? months.reduce((x, p) => x + values[p], 0) : null),
          ),
          inputmode: 'decimal',
          width: 'medium',
          error: errors[`amount-${year}`],
        }),
      );
      continue;
    }
    const field = h(
      'div',
      { id: `amount-year-${year}`, hidden: !given },
      inputGroup({
        id: `amount-${year}`,
        label: t(lang, 'q.amounts.year', { year }),
        hint: t(lang, 'q.amounts.help_year'),
        value: moneyText(values[year]),
        inputmode: 'decimal',
        width: 'medium',
        error: errors[`amount-${year}`],
      }),
    );
    const box = h(
      'div',
      { class: 'fr-checkbox-group fr-mt-2w' },
      h('input', { type: 'checkbox', id: `differs-${year}`, name: `differs-${year}`, checked: given }),
      h(
        'label',
        { class: 'fr-label', for: `differs-${year}` },
        t(lang, 'q.amounts.differs', { year }),
        h('span', { class: 'fr-hint-text' }, t(lang, 'q.amounts.differs.help', { year })),
      ),
    );
    box.querySelector('input').addEventListener('change', (e) => {
      field.hidden = !e.target.checked;
    });
    parts.push(box, field);
  }
  for (const y of years) {
    parts.push(
      inputGroup({
        id: `amount-${y}`,
        label: t(lang, 'q.amounts.year', { year: y }),
        hint: t(lang, 'q.amounts.help_year'),
        value: moneyText(values[y]),
        inputmode: 'decimal',
        width: 'medium',
        error: errors[`amount-${y}`],
      }),
    );
  }
  return plainFieldset({ legend: w.title, help: w.help, about: w.about, periodText: w.periodText }, ...parts);
}

const capitalize = (s) => s.charAt(0).toUpperCase() + s.slice(1);

// ------------------------------------------------------------------------------------ validation

// Reads the form: {value} to pass to questionnaire.answer(), or {errors: {field: message}}.
export function readQuestion(ctx, question, form) {
  const { lang } = ctx;
  const val = (name) => form.elements.namedItem(name)?.value ?? '';
  const radio = () => form.querySelector('input[name="answer"]:checked')?.value ?? null;
  const err = (field, key, params) => ({ errors: { [field]: t(lang, `error.${key}`, params) } });
  switch (question.kind) {
    case 'couple':
    case 'gate':
    case 'boolean': {
      const v = radio();
      if (v === null) return err('answer', 'choice');
      return { value: v === 'true' };
    }
    case 'union':
    case 'enum': {
      const v = radio() ?? (val('answer') || null);
      if (v === null) return err('answer', 'choice');
      return { value: v };
    }
    case 'childCount': {
      const s = val('answer').trim();
      if (!/^\d{1,2}$/.test(s) || Number(s) > MAX_CHILDREN) return err('answer', 'children', { max: MAX_CHILDREN });
      return { value: Number(s) };
    }
    case 'child': {
      const d = parseDateParts(val('birth-day'), val('birth-month'), val('birth-year'), ctx.today);
      if (d.error) return err('date', d.error);
      return { value: { prenom: val('prenom').trim().slice(0, 40), date_naissance: d.value } };
    }
    case 'date': {
      const p = question.id === 'demandeur' ? 'birth-self' : 'birth';
      const d = parseDateParts(val(`${p}-day`), val(`${p}-month`), val(`${p}-year`), ctx.today);
      if (d.error) return err('date', d.error);
      return { value: d.value };
    }
    case 'money': {
      const v = parseMoney(val('answer'));
      if (v === null) return err('answer', 'money');
      return { value: v };
    }
    case 'number':
    case 'integer': {
      const s = val('answer').trim().replace(',', '.');
      if (!/^-?\d+(\.\d+)?$/.test(s)) return err('answer', 'number');
      if (question.kind === 'integer' && !/^-?\d+$/.test(s)) return err('answer', 'integer');
      return { value: Number(s) };
    }
    case 'text': {
      const s = val('answer').trim();
      if (!s) return err('answer', 'required');
      return { value: s };
    }
    case 'commune': {
      const postal = val('postal').trim();
      if (!isPostalCode(postal)) return err('postal', 'postal');
      const code = val('commune');
      if (!code) return err('commune', 'commune');
      return { value: code, postal };
    }
    case 'incomes':
      return { value: [...form.querySelectorAll('input[name="family"]:checked')].map((i) => i.value) };
    case 'amounts': {
      const out = {};
      const errors = {};
      const { recent, older, years } = amountLayout(question.periods, ctx.period);
      const money = (field, periods) => {
        const v = parseMoney(val(field));
        if (v === null) errors[field] = t(lang, 'error.money');
        else for (const p of periods) out[p] = v;
        return v;
      };
      let same = true;
      if (recent.length === 1) {
        money(`amount-${recent[0]}`, recent);
      } else if (recent.length > 1) {
        const changed = form.querySelector('input[name="changed"]:checked')?.value ?? null;
        if (changed === null) errors.changed = t(lang, 'error.choice');
        else if (changed === 'false') money('amount-same', recent);
        else {
          same = false;
          for (const p of recent) money(`amount-${p}`, [p]);
        }
      }
      for (const [year, months] of Object.entries(older)) {
        const differs = recent.length === 0 || form.elements.namedItem(`differs-${year}`)?.checked;
        if (differs) money(`amount-${year}`, [year]);
        else if (out[recent[0]] !== undefined) for (const p of months) out[p] = out[recent[0]];
      }
      for (const y of years) money(`amount-${y}`, [y]);
      if (Object.keys(errors).length) return { errors };
      return { value: out, same };
    }
    default:
      return { errors: { answer: t(lang, 'error.required') } };
  }
}
