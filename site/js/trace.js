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
    values: ids.map((id) => ({ id, value: n.values[id], status: status[id], reason: n.reasons?.[id], error: n.errors?.[id] })),
    formula: n.formula ?? null,
    parameters: (n.parameters ?? []).map((p) => ({ ...p, url: safeUrl(p.reference?.url), referenceTitle: p.reference?.title })),
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
      if (p.referenceTitle && !refs.has(p.referenceTitle)) refs.set(p.referenceTitle, { title: p.referenceTitle, url: p.url });
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
    if (!groups.has(n.variable)) groups.set(n.variable, { variable: n.variable, label: n.label, entity: n.entity, values: {}, missing: new Set() });
    const g = groups.get(n.variable);
    for (const v of n.values) {
      (g.values[v.id] ??= {})[n.period] = v.value;
      if (v.status === 'missing') g.missing.add(v.id);
    }
  }
  return [...groups.values()];
}
