// The engine's trace (flat map keyed `variable<period>`) turned into what the "détail du calcul" shows:
// for one node, its value for each person or group, the formula, the parameters with their legal
// references, the reason of a zero, and the nodes it was computed from. Pure.

export function traceKey(variable, period) {
  return `${variable}<${period}>`;
}

export function isLegifrance(url) {
  return typeof url === 'string' && /^https:\/\/(www\.)?legifrance\.gouv\.fr\//.test(url);
}

// Only http(s) links are rendered as links (the rules could hold anything).
export function safeUrl(url) {
  return typeof url === 'string' && /^https?:\/\//.test(url) ? url : null;
}

export function traceNode(flat, key) {
  const n = flat?.[key];
  if (!n) return null;
  const status = n.status ?? {};
  const ids = Object.keys(n.values ?? {});
  const statuses = new Set(Object.values(status));
  const inputOnly = ids.length > 0 && [...statuses].every((s) => s === 'input' || s === 'missing');
  return {
    key,
    variable: n.variable,
    label: n.label || n.variable,
    period: n.period,
    entity: n.entity,
    values: ids.map((id) => ({
      id,
      value: n.values[id],
      status: status[id],
      reason: n.reasons?.[id],
      error: n.errors?.[id]?.message,
    })),
    formula: n.formula ?? null,
    parameters: (n.parameters ?? []).map((p) => ({
      ...p,
      url: safeUrl(p.reference?.url),
      referenceTitle: p.reference?.title,
    })),
    references: (n.references ?? []).map((r) => ({ title: r.title, url: safeUrl(r.url) })),
    isInput: inputOnly,
    children: (n.dependencies ?? []).filter((k) => flat[k]),
  };
}

// The inputs (answers or defaults) a node depends on, transitively: [{key, label, period, values}].
export function inputsUsed(flat, rootKey, limit = 200) {
  const seen = new Set();
  const inputs = [];
  const stack = [rootKey];
  while (stack.length && inputs.length < limit) {
    const key = stack.pop();
    if (seen.has(key)) continue;
    seen.add(key);
    const node = traceNode(flat, key);
    if (!node) continue;
    if (node.isInput) inputs.push(node);
    for (const c of [...node.children].reverse()) stack.push(c);
  }
  return inputs;
}

// Every legal reference met under a node (variables and parameters), without duplicates.
export function referencesUnder(flat, rootKey, limit = 60) {
  const seen = new Set();
  const refs = new Map();
  const stack = [rootKey];
  while (stack.length) {
    const key = stack.pop();
    if (seen.has(key)) continue;
    seen.add(key);
    const node = traceNode(flat, key);
    if (!node) continue;
    for (const r of node.references) if (r.title && !refs.has(r.title)) refs.set(r.title, r);
    for (const p of node.parameters) {
      if (p.referenceTitle && !refs.has(p.referenceTitle))
        refs.set(p.referenceTitle, { title: p.referenceTitle, url: p.url });
    }
    for (const c of node.children) stack.push(c);
    if (refs.size >= limit) break;
  }
  return [...refs.values()];
}

// Inputs grouped by variable, every period together: [{variable, label, entity, values: {id: {period:
// value}}, missing: Set of ids given no answer}], in the order met.
export function groupInputs(nodes) {
  const groups = new Map();
  for (const n of nodes) {
    if (!groups.has(n.variable))
      groups.set(n.variable, {
        variable: n.variable,
        label: n.label,
        entity: n.entity,
        values: {},
        missing: new Set(),
      });
    const g = groups.get(n.variable);
    for (const v of n.values) {
      g.values[v.id] ??= {};
      g.values[v.id][n.period] = v.value;
      if (v.status === 'missing') g.missing.add(v.id);
    }
  }
  return [...groups.values()];
}

// ----------------------------------------------------------------------------- the line in words
// « 651,69 € = montant forfaitaire 651,69 € − ressources 0 € − forfait logement 0 € »: the formula's
// last expression (after its `let`s), its `round(…)` removed and an `if` resolved when its condition is
// known, split into its top-level terms (+, −) and factors (×); each operand named by its label (a
// variable, a parameter, or a `let` reduced to the variable it picks) with its value from the trace.
// Null when the formula does not reduce to that (the formula itself stays one click further).

function tokenize(src) {
  const tokens = [];
  const re =
    /\s+|#[^\n]*|"(?:[^"\\]|\\.)*"|(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_.]*)|(<=|>=|==|!=|[-+*/(),<>{}=[\]:])/y;
  let m;
  while (re.lastIndex < src.length) {
    const at = re.lastIndex;
    m = re.exec(src);
    if (!m) return null;
    if (m[1]) tokens.push({ t: 'num', v: Number(m[1]) });
    else if (m[2]) tokens.push({ t: 'id', v: m[2] });
    else if (m[3]) tokens.push({ t: 'op', v: m[3] });
    else if (m[0].startsWith('"')) tokens.push({ t: 'str', v: m[0] });
    if (re.lastIndex === at) return null;
  }
  return tokens;
}

// A small parser for the expressions we name: sums, products, calls, if/elif/else, comparisons.
// parseAt(tokens, i) → {e, end}: the expression starting at i and where it stops.
function parseAt(tokens, start) {
  let i = start;
  const peek = () => tokens[i];
  const take = (v) => (tokens[i]?.v === v ? tokens[i++] : null);
  function ifRest() {
    const c = expr();
    if (!take('then')) throw new Error('then');
    const a = expr();
    if (take('elif')) return { k: 'if', c, a, b: ifRest() };
    if (!take('else')) throw new Error('else');
    return { k: 'if', c, a, b: expr() };
  }
  function primary() {
    const tok = tokens[i++];
    if (!tok) throw new Error('end');
    if (tok.t === 'num') return { k: 'num', v: tok.v };
    if (tok.v === '(') {
      const e = expr();
      if (!take(')')) throw new Error(')');
      return e;
    }
    if (tok.v === '-') return { k: 'neg', e: primary() };
    if (tok.v === 'not') return { k: 'not', e: compare() };
    if (tok.v === 'if') return ifRest();
    if (tok.t === 'id') {
      if (take('(')) {
        const args = [];
        if (!take(')')) {
          do args.push(expr());
          while (take(','));
          if (!take(')')) throw new Error(')');
        }
        return { k: 'call', f: tok.v, args };
      }
      return { k: 'id', v: tok.v };
    }
    throw new Error(`unexpected ${tok.v}`);
  }
  function product() {
    let e = primary();
    while (peek()?.v === '*' || peek()?.v === '/') e = { k: 'bin', op: tokens[i++].v, a: e, b: primary() };
    return e;
  }
  function sum() {
    let e = product();
    while (peek()?.v === '+' || peek()?.v === '-') e = { k: 'bin', op: tokens[i++].v, a: e, b: product() };
    return e;
  }
  function compare() {
    let e = sum();
    while (['<', '>', '<=', '>=', '==', '!='].includes(peek()?.v)) e = { k: 'bin', op: tokens[i++].v, a: e, b: sum() };
    return e;
  }
  function expr() {
    let e = compare();
    while (peek()?.v === 'and' || peek()?.v === 'or') e = { k: 'bin', op: tokens[i++].v, a: e, b: compare() };
    return e;
  }
  const e = expr();
  return { e, end: i };
}

// The `let`s of a block (name → expression) and its final expression.
function splitBlock(tokens) {
  let body = tokens;
  if (body[0]?.v === '{' && body[body.length - 1]?.v === '}') body = body.slice(1, -1);
  const lets = new Map();
  let i = 0;
  while (i < body.length) {
    const tok = body[i];
    if (tok.v === 'let' && body[i + 1]?.t === 'id' && body[i + 2]?.v === '=') {
      const r = parseAt(body, i + 3);
      lets.set(body[i + 1].v, r.e);
      i = r.end;
    } else if (tok.v === 'require') {
      i = parseAt(body, i + 1).end;
      if (body[i]?.v === 'else') i += 1;
      if (body[i]?.t === 'str') i += 1;
    } else {
      const r = parseAt(body, i);
      return r.end === body.length ? { lets, last: r.e } : null;
    }
  }
  return null;
}

// ctx: {value(name) → number|boolean|undefined (a dependency or parameter), let(name) → ast}
function evaluate(e, ctx, depth = 0) {
  if (depth > 30) return undefined;
  switch (e.k) {
    case 'num':
      return e.v;
    case 'neg': {
      const v = evaluate(e.e, ctx, depth + 1);
      return typeof v === 'number' ? -v : undefined;
    }
    case 'not': {
      const v = evaluate(e.e, ctx, depth + 1);
      return typeof v === 'boolean' ? !v : undefined;
    }
    case 'id': {
      if (e.v === 'true') return true;
      if (e.v === 'false') return false;
      const l = ctx.let(e.v);
      if (l) return evaluate(l, ctx, depth + 1);
      return ctx.value(e.v);
    }
    case 'if': {
      const c = evaluate(e.c, ctx, depth + 1);
      if (typeof c !== 'boolean') return undefined;
      return evaluate(c ? e.a : e.b, ctx, depth + 1);
    }
    case 'call': {
      const args = e.args.map((a) => evaluate(a, ctx, depth + 1));
      if (args.some((a) => typeof a !== 'number')) return undefined;
      if (e.f === 'max') return Math.max(...args);
      if (e.f === 'min') return Math.min(...args);
      if (e.f === 'abs') return Math.abs(args[0]);
      if (e.f === 'round') return args.length > 1 ? Math.round(args[0] / args[1]) * args[1] : Math.round(args[0]);
      return undefined;
    }
    case 'bin': {
      const a = evaluate(e.a, ctx, depth + 1);
      const b = evaluate(e.b, ctx, depth + 1);
      if (a === undefined || b === undefined) return undefined;
      switch (e.op) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          return b ? a / b : undefined;
        case '<':
          return a < b;
        case '>':
          return a > b;
        case '<=':
          return a <= b;
        case '>=':
          return a >= b;
        case '==':
          return a === b;
        case '!=':
          return a !== b;
        case 'and':
          return a && b;
        case 'or':
          return a || b;
        default:
          return undefined;
      }
    }
    default:
      return undefined;
  }
}

// The line for a node: {terms: [{sign: '+'|'−', factors: [{kind: 'variable'|'parameter'|'let'|'number'|'group', name,
// value, terms (of a group)}]}]}
// with the values as numbers; null when the formula cannot be read so. `id`: whose value to read.
export function plainLine(flat, key, id, follow = 0) {
  const node = flat?.[key];
  const src = node?.formula?.source;
  if (!src) return null;
  try {
    const tokens = tokenize(src);
    if (!tokens) return null;
    const block = splitBlock(tokens);
    if (!block) return null;
    const { lets } = block;
    const deps = new Map();
    for (const k of node.dependencies ?? []) {
      const d = flat[k];
      if (d) deps.set(d.variable, d);
    }
    const params = new Map((node.parameters ?? []).map((p) => [p.name, p]));
    const valueFor = (d) => {
      const vals = d.values ?? {};
      return id !== undefined && id in vals
        ? vals[id]
        : Object.keys(vals).length === 1
          ? Object.values(vals)[0]
          : undefined;
    };
    const ctx = {
      let: (n) => lets.get(n),
      value: (n) =>
        deps.has(n)
          ? valueFor(deps.get(n))
          : params.has(n) && typeof params.get(n).value === 'number'
            ? params.get(n).value
            : undefined,
    };
    let e = block.last;
    let tolerance = 0.011; // the line must add up to the amount, to the rounding the formula applies
    for (let guard = 0; guard < 10; guard += 1) {
      if (e.k === 'call' && e.f === 'round' && e.args.length) {
        tolerance = Math.max(tolerance, e.args[1]?.k === 'num' ? e.args[1].v : 1);
        e = e.args[0];
      } else if (e.k === 'id' && lets.has(e.v)) e = lets.get(e.v);
      else if (e.k === 'if') {
        const c = evaluate(e.c, ctx);
        if (typeof c !== 'boolean') return null;
        e = c ? e.a : e.b;
      } else break;
    }
    // an operand: a variable, a parameter, a number, or a let reduced to what it names or picks
    const operand = (x, depth = 0) => {
      if (depth > 10) return null;
      if (x.k === 'num') return { kind: 'number', value: x.v };
      if (x.k === 'if') {
        const c = evaluate(x.c, ctx);
        return typeof c === 'boolean' ? operand(c ? x.a : x.b, depth + 1) : null;
      }
      if (x.k === 'call' && x.f === 'round' && x.args.length) return operand(x.args[0], depth + 1);
      if (x.k === 'id' && lets.has(x.v)) {
        const inner = operand(lets.get(x.v), depth + 1);
        return inner ?? { kind: 'let', name: x.v, value: evaluate(x, ctx) };
      }
      if (x.k === 'id' && deps.has(x.v))
        return {
          kind: 'variable',
          name: x.v,
          key: deps.get(x.v) && Object.keys(flat).find((k) => flat[k] === deps.get(x.v)),
          value: valueFor(deps.get(x.v)),
        };
      if (x.k === 'id' && params.has(x.v)) return { kind: 'parameter', name: x.v, value: params.get(x.v).value };
      if (x.k === 'call' && (x.f === 'max' || x.f === 'min')) {
        const vals = x.args.map((a) => evaluate(a, ctx));
        if (vals.some((v) => typeof v !== 'number')) return null;
        const pick = vals.indexOf(x.f === 'max' ? Math.max(...vals) : Math.min(...vals));
        return operand(x.args[pick], depth + 1);
      }
      return null;
    };
    // terms of a sum, each a product of factors; a factor that is itself a sum is a group « (1 − taux) »
    const sumTerms = (x, depth = 0) => {
      const terms = [];
      const walkSum = (y, sign) => {
        if (y.k === 'bin' && (y.op === '+' || y.op === '-')) {
          walkSum(y.a, sign);
          walkSum(y.b, y.op === '-' ? (sign === '−' ? '+' : '−') : sign);
          return;
        }
        const factors = [];
        const walkProduct = (z) => {
          if (z.k === 'bin' && z.op === '*') {
            walkProduct(z.a);
            walkProduct(z.b);
            return;
          }
          const f = operand(z);
          if (!f && z.k === 'bin' && (z.op === '+' || z.op === '-') && depth < 3) {
            factors.push({ kind: 'group', terms: sumTerms(z, depth + 1), value: evaluate(z, ctx) });
          } else {
            factors.push(f);
          }
        };
        walkProduct(y);
        terms.push({ sign, factors });
      };
      walkSum(x, '+');
      return terms;
    };
    const valid = (terms) =>
      terms.every((t) =>
        t.factors.every((f) => f && typeof f.value === 'number' && (f.kind !== 'group' || valid(f.terms))),
      );
    const terms = sumTerms(e);
    if (!valid(terms)) return null;
    if (terms.length === 1 && terms[0].factors.length === 1) {
      // the amount is another variable's: say how that one is made (« RSA = forfaitaire − ressources… »)
      const only = terms[0].factors[0];
      return only.kind === 'variable' && only.key && follow < 5 ? plainLine(flat, only.key, id, follow + 1) : null;
    }
    const total = terms.reduce(
      (sum, t) => sum + (t.sign === '−' ? -1 : 1) * t.factors.reduce((p, f) => p * f.value, 1),
      0,
    );
    const value = valueFor(node);
    if (typeof value !== 'number' || Math.abs(total - value) > tolerance + 1e-9) return null;
    return { terms };
  } catch {
    return null;
  }
}
