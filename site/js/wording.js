// The words of each question and answer, in the interface language: pure functions of the question,
// the engine's description of the variable and the answers (for people's names).

import { formatDate, formatMoney, formatPeriod, formatPeriodRange, formatNumber } from './format.js';
import { t, VARIABLE_QUESTIONS, enumItemLabel } from './i18n.js';
import { childIndex, personRole, splitKey, incomeFamily } from './questionnaire.js';

const capitalize = (s) => s.charAt(0).toUpperCase() + s.slice(1);

// "Vous", "Votre conjoint ou conjointe", "Léa (enfant 1)", "Enfant 2", "Votre logement"…
export function personLabel(lang, id, answers) {
  switch (personRole(id)) {
    case 'self':
      return t(lang, 'person.self');
    case 'partner':
      return t(lang, 'person.partner');
    case 'child': {
      const i = childIndex(id);
      const name = answers?.children?.[i]?.prenom;
      return name ? t(lang, 'person.child_named', { name, n: i + 1 }) : t(lang, 'person.child', { n: i + 1 });
    }
    default:
      return t(lang, `group.${id}`);
  }
}

// A person's label between parentheses, after what is said of them: "(Vous)", "(Léa, enfant 1)"
// rather than "(Léa (enfant 1))".
export function parenthesized(label) {
  return `(${label.replace(/ \(([^()]*)\)$/, ', $1')})`;
}

// The person as named inside a sentence: "votre conjoint ou conjointe", "Léa", "votre enfant 2".
export function personInSentence(lang, id, answers) {
  switch (personRole(id)) {
    case 'partner':
      return lang === 'en' ? 'your partner' : 'votre conjoint ou conjointe';
    case 'child': {
      const i = childIndex(id);
      const name = answers?.children?.[i]?.prenom;
      if (name) return name;
      return lang === 'en' ? `your child ${i + 1}` : `votre enfant ${i + 1}`;
    }
    default:
      return lang === 'en' ? 'this person' : 'cette personne';
  }
}

export function variableLabel(lang, def) {
  return VARIABLE_QUESTIONS[lang]?.[def.name]?.label ?? def.label;
}

// Title (the question itself), help text and the "about whom" line of a question.
export function questionWording(lang, question, def, answers, period) {
  const about = question.id ? personLabel(lang, question.id, answers) : null;
  switch (question.kind) {
    case 'couple':
      return { title: t(lang, 'q.couple'), help: t(lang, 'q.couple.help') };
    case 'union':
      return { title: t(lang, 'q.union'), help: t(lang, 'q.union.help') };
    case 'childCount':
      return { title: t(lang, 'q.childCount'), help: t(lang, 'q.childCount.help') };
    case 'gate':
      return {
        title: t(lang, `gate.${question.gate}`),
        help: t(lang, `gate.${question.gate}.help`),
        about: t(lang, 'gate.about'),
      };
    case 'child':
      return { title: question.index === 0 ? t(lang, 'q.child.first') : t(lang, 'q.child', { n: question.index + 1 }) };
    case 'incomes': {
      if (personRole(question.id) === 'group')
        return { title: t(lang, 'q.incomes.group'), help: t(lang, 'q.incomes.help'), about };
      const who = personRole(question.id) === 'self' ? null : personInSentence(lang, question.id, answers);
      const title = who
        ? t(lang, 'q.incomes', { who_sub: lang === 'en' ? who : `${who} a-t-il ou elle` })
        : t(lang, 'q.incomes.self');
      return { title, help: t(lang, 'q.incomes.help'), about };
    }
    case 'amounts': {
      const label = def ? variableLabel(lang, def) : question.variable;
      return {
        title: label,
        help: def?.help && lang === 'fr' ? def.help : undefined,
        about,
        periodText: t(lang, 'q.amounts.period', { range: formatPeriodRange(question.periods, lang) }),
      };
    }
    default: {
      const title = variableQuestion(lang, def, question.id, answers);
      const help = lang === 'fr' || !VARIABLE_QUESTIONS.en[def.name] ? def.help : undefined;
      const months = (question.periods ?? []).filter((p) => /^\d{4}-\d{2}$/.test(p));
      const periodText =
        months.length && period ? t(lang, 'q.period.current', { month: formatPeriod(period, lang) }) : undefined;
      return { title, help, about, periodText };
    }
  }
}

export function variableQuestion(lang, def, id, answers) {
  const own = VARIABLE_QUESTIONS[lang]?.[def.name];
  const role = personRole(id);
  if (own) {
    if (role === 'self' && own.self) return own.self;
    if (role === 'group' && own.group) return own.group;
    if ((role === 'partner' || role === 'child') && own.other) {
      const who = personInSentence(lang, id, answers);
      return own.other.replace('{who_cap}', capitalize(who)).replace('{who}', who);
    }
  }
  if (def.question) return def.question;
  return lang === 'en' ? `${def.label}?` : `${def.label} ?`;
}

// A value as text, for the recap and the trace.
const NO_DATE = '9999-12-31';

export function valueText(lang, def, value) {
  if (value === null || value === undefined) return '—';
  switch (def?.type) {
    case 'boolean':
      return value ? t(lang, 'q.yes') : t(lang, 'q.no');
    case 'money':
      return formatMoney(value, lang);
    case 'date':
      // 9999-12-31 is the rules' « no such date » (not unemployed, no loan…): said as such.
      return value === NO_DATE ? t(lang, 'value.no_date') : formatDate(value, lang);
    case 'enum': {
      const item = def.items?.find((i) => i.name === value);
      return item ? enumItemLabel(lang, def.name, item) : String(value);
    }
    case 'number':
    case 'integer':
      return formatNumber(value, lang) + (def.unit && def.unit !== '€' ? ` ${def.unit}` : '');
    default:
      return String(value);
  }
}

// Recap line for a question key: {question, answer} texts.
export function recapLine(lang, key, answers, catalog, communes) {
  if (key === 'couple')
    return { question: t(lang, 'q.couple'), answer: answers.couple ? t(lang, 'q.yes') : t(lang, 'q.no') };
  if (key === 'union') return { question: t(lang, 'q.union'), answer: t(lang, `q.union.${answers.union}`) };
  if (key === 'childCount') {
    return {
      question: t(lang, 'q.childCount'),
      answer: answers.childCount ? String(answers.childCount) : t(lang, 'recap.children_none'),
    };
  }
  let m = /^child:(\d+)$/.exec(key);
  if (m) {
    const i = Number(m[1]) - 1;
    const c = answers.children[i] ?? {};
    const title = i === 0 ? t(lang, 'q.child.first') : t(lang, 'q.child', { n: i + 1 });
    return {
      question: title,
      answer: [c.prenom, c.date_naissance ? formatDate(c.date_naissance, lang) : '—'].filter(Boolean).join(', '),
    };
  }
  m = /^gate:(.+)$/.exec(key);
  if (m) {
    const v = answers.gates?.[m[1]];
    const answer = v === true ? t(lang, 'q.yes') : v === false ? t(lang, 'q.no') : t(lang, 'gate.unknown');
    return { question: t(lang, `gate.${m[1]}`), answer };
  }
  m = /^incomes:(.+)$/.exec(key);
  if (m) {
    const inc = answers.incomes[m[1]];
    const q = questionWording(lang, { kind: 'incomes', id: m[1] }, null, answers);
    const chosen = inc.chosen.map((f) => familyLabel(lang, f, catalog));
    return { question: q.title, about: q.about, answer: chosen.length ? chosen.join(', ') : t(lang, 'recap.none') };
  }
  m = /^(var|amount):(.+)$/.exec(key);
  if (m) {
    const { variable, id } = splitKey(m[2]);
    const def = catalog.get(variable);
    const values = answers.values[m[2]] ?? {};
    const about = personLabel(lang, id, answers);
    if (m[1] === 'amount') {
      const periods = Object.keys(values).sort();
      return { question: variableLabel(lang, def), about, answer: amountsText(lang, values, periods) };
    }
    const periods = Object.keys(values).sort();
    const v = values[periods[periods.length - 1]];
    let answer = valueText(lang, def, v);
    if (variable === 'depcom' && communes) answer = communes(v) ?? answer;
    if (['date', 'number', 'integer'].includes(def.type) && variable !== 'date_naissance' && v === def.default)
      answer = t(lang, 'recap.unknown');
    return { question: variableQuestion(lang, def, id, answers), about, answer };
  }
  return { question: key, answer: '' };
}

// "1 200,00 € par mois, de janvier à décembre 2024" or a per-month list when amounts differ.
export function amountsText(lang, values, periods) {
  if (periods.length === 0) return '—';
  const same = periods.every((p) => values[p] === values[periods[0]]);
  if (same) {
    const per = periods.every((p) => /^\d{4}$/.test(p)) ? '' : ` ${t(lang, 'results.per.month')}`;
    return `${formatMoney(values[periods[0]], lang)}${per} (${formatPeriodRange(periods, lang)})`;
  }
  return periods.map((p) => `${formatPeriod(p, lang)} : ${formatMoney(values[p], lang)}`).join(' ; ');
}

export function familyLabel(lang, family, catalog) {
  const key = `income.${family}`;
  const text = t(lang, key);
  if (text !== key) return text;
  const def = catalog?.get(family);
  return def ? variableLabel(lang, def) : family;
}

export { incomeFamily };
