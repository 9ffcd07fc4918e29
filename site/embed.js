/*
 * Mes Aides — embedding loader. A partner pastes, where the simulator should appear:
 *
 *   <script src="https://SITE/embed.js" data-couleur="#000091" data-debut="questionnaire"
 *           data-aides="af,rsa" data-prefill='{"childCount": 2}' async></script>
 *
 * It adds, right after itself, an iframe of the simulator that resizes to its content. Options
 * (all optional), as data- attributes of the script tag:
 *   data-couleur   main colour, #RRGGBB (ignored if white text on it would not be readable)
 *   data-debut     "accueil" (default) or "questionnaire" to skip the home page
 *   data-aides     comma-separated benefit names to show (e.g. "af,rsa"); default: all
 *   data-prefill   JSON of answers known in advance: {"couple": false, "childCount": 2, …}
 *   data-lang      "fr" (default) or "en"
 *   data-titre     the iframe's accessible title
 *   data-resultats the origin of this page ("https://partner.example") if it wants the results summary:
 *                  the results page then offers the user a button saying what would be sent; if the user
 *                  clicks it, the iframe posts the benefits' names and amounts (no answer) to that
 *                  origin only, and this script fires a "mesaides:resultats" event on the iframe element
 *                  (it bubbles to document), with the summary as event.detail.
 * The simulator runs entirely in the visitor's browser: nothing is sent to us or to the partner. The
 * iframe posts its height to this page's origin only; this script accepts a message only from its own
 * iframe and our origin. Several tags on one page make independent widgets.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  // (a tag removed from the page before it ran, e.g. by a configurator, makes no widget)
  if (!script || !script.parentNode || script.getAttribute('data-mesaides-frame')) return;
  var base = new URL('.', script.src);
  var data = script.dataset;
  var params = new URLSearchParams();
  params.set('embed', '1');
  if (data.couleur) params.set('couleur', data.couleur);
  if (data.debut) params.set('debut', data.debut);
  if (data.aides) params.set('aides', data.aides);
  if (data.lang) params.set('lang', data.lang);
  if (location.origin && location.origin !== 'null') params.set('parent', location.origin);
  var declared = null;
  if (data.resultats) {
    try {
      declared = new URL(data.resultats).origin;
    } catch (_e) {
      /* reported below */
    }
    if (!declared || declared === 'null') {
      declared = null;
      warn('data-resultats must be an origin such as https://partner.example; ignored.');
    } else {
      params.set('resultats', declared);
      if (declared !== location.origin)
        warn('data-resultats (' + declared + ') is not this page\u2019s origin: nothing will be received.');
    }
  }
  var hash = '';
  if (data.prefill) {
    try {
      var json = JSON.stringify(JSON.parse(data.prefill));
      var bytes = new TextEncoder().encode(json);
      var bin = '';
      for (var i = 0; i < bytes.length; i += 1) bin += String.fromCharCode(bytes[i]);
      hash = '#prefill=' + btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    } catch (_e) {
      warn('data-prefill is not valid JSON; ignored.');
    }
  }
  var frame = document.createElement('iframe');
  frame.src = new URL('index.html?' + params.toString() + hash, base).href;
  frame.title = data.titre || 'Simulateur Mes Aides : évaluez vos droits aux aides sociales';
  frame.loading = 'lazy';
  frame.setAttribute('allow', '');
  frame.setAttribute('referrerpolicy', 'origin');
  frame.className = 'mesaides-widget';
  frame.style.width = '100%';
  frame.style.height = '480px';
  frame.style.border = '0';
  frame.style.display = 'block';
  frame.style.overflow = 'hidden';
  script.setAttribute('data-mesaides-frame', '1');
  script.parentNode.insertBefore(frame, script.nextSibling);

  window.addEventListener('message', function (event) {
    // only our own iframe (not another widget's, not another frame of the page) and our origin
    if (event.source !== frame.contentWindow || event.origin !== base.origin) return;
    var msg = event.data;
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'mesaides:height' && Number.isFinite(msg.height)) {
      frame.style.height = Math.max(320, Math.min(20000, Math.ceil(msg.height))) + 'px';
      // a new question (after the user acted inside): show its top; focus stays in the iframe
      if (msg.scrollTop) frame.scrollIntoView({ block: 'start' });
    } else if (
      msg.type === 'mesaides:resultats' &&
      declared &&
      declared === location.origin &&
      Array.isArray(msg.benefits)
    ) {
      frame.dispatchEvent(new CustomEvent('mesaides:resultats', { bubbles: true, detail: msg }));
    }
  });

  function warn(text) {
    if (window.console) console.warn('Mes Aides: ' + text);
  }
})();
