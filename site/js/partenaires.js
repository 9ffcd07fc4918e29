// The partners' page (partenaires.html): options → a live preview (the real loader, embed.js, on this
// page) → the snippet to paste. Nothing is stored; the preview is an ordinary widget of this site.

import { parseOrigin } from './options.js';

const form = document.getElementById('configurateur');
const preview = document.getElementById('preview');
const snippet = document.getElementById('snippet');
const received = document.getElementById('preview-received');
const loader = new URL('embed.js', location.href).href;

const ATTRIBUTES = ['couleur', 'lang', 'debut', 'aides', 'prefill', 'titre', 'resultats'];

// The form → the data- attributes of the tag: [[name, value]], only those set and valid.
export function attributesOf(values) {
  const out = [];
  const color = values.couleur.trim();
  if (/^#[0-9a-fA-F]{6}$/.test(color)) out.push(['couleur', color.toLowerCase()]);
  if (values.lang) out.push(['lang', values.lang]);
  if (values.debut) out.push(['debut', values.debut]);
  const aides = values.aides
    .split(',')
    .map((s) => s.trim())
    .filter((s) => /^[a-z0-9_]+$/.test(s));
  if (aides.length) out.push(['aides', aides.join(',')]);
  if (values.prefill.trim()) {
    try {
      out.push(['prefill', JSON.stringify(JSON.parse(values.prefill))]);
    } catch {
      /* shown as an error */
    }
  }
  if (values.titre.trim()) out.push(['titre', values.titre.trim()]);
  const origin = parseOrigin(values.resultats.trim());
  if (origin) out.push(['resultats', origin]);
  return out;
}

const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const quote = (v) => (v.includes('"') && !v.includes("'") ? `'${v.replace(/&/g, '&amp;')}'` : `"${escapeHtml(v)}"`);

export function snippetOf(src, attrs) {
  return `<script src="${escapeHtml(src)}"${attrs.map(([k, v]) => ` data-${k}=${quote(v)}`).join('')} async></script>`;
}

function values() {
  const v = {};
  for (const name of ATTRIBUTES) v[name] = form.elements[name].value;
  return v;
}

let shown = null;
function update() {
  const v = values();
  const attrs = attributesOf(v);
  let prefillOk = true;
  if (v.prefill.trim()) {
    try {
      JSON.parse(v.prefill);
    } catch {
      prefillOk = false;
    }
  }
  setError('opt-prefill', !prefillOk);
  setError('opt-resultats', Boolean(v.resultats.trim()) && !parseOrigin(v.resultats.trim()));
  snippet.textContent = snippetOf(loader, attrs);
  const key = JSON.stringify(attrs);
  if (key === shown) return;
  shown = key;
  // the real loader, inserted as a partner's page would have it
  preview.replaceChildren();
  const script = document.createElement('script');
  script.src = loader;
  for (const [k, val] of attrs) script.setAttribute(`data-${k}`, val);
  preview.append(script);
  received.textContent = '';
}

function setError(id, on) {
  const input = document.getElementById(id);
  document.getElementById(`${id}-error`).hidden = !on;
  input.closest('.fr-input-group')?.classList.toggle('fr-input-group--error', on);
  if (on) input.setAttribute('aria-describedby', `${id}-error`);
  else input.removeAttribute('aria-describedby');
}

let timer = null;
form.addEventListener('input', () => {
  clearTimeout(timer);
  timer = setTimeout(update, 400);
});
form.addEventListener('change', update);
form.addEventListener('submit', (e) => e.preventDefault());

// What a partner page would receive, shown under the preview (the declared origin must be this one).
document.addEventListener('mesaides:resultats', (e) => {
  received.textContent = `Votre page recevrait : ${JSON.stringify(e.detail)}`;
});

document.getElementById('copy-snippet').addEventListener('click', async () => {
  const status = document.getElementById('copy-status');
  try {
    await navigator.clipboard.writeText(snippet.textContent);
    status.textContent = 'Code copié.';
  } catch {
    const range = document.createRange();
    range.selectNodeContents(snippet);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    status.textContent = 'Le code est sélectionné : copiez-le (Ctrl+C).';
  }
});

update();
