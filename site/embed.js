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
 * The simulator runs entirely in the visitor's browser: nothing is sent to us or to the partner. The
 * iframe only tells its height to this page (postMessage), which this script checks comes from it.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script) return;
  var base = new URL('.', script.src);
  var data = script.dataset;
  var params = new URLSearchParams();
  params.set('embed', '1');
  if (data.couleur) params.set('couleur', data.couleur);
  if (data.debut) params.set('debut', data.debut);
  if (data.aides) params.set('aides', data.aides);
  if (data.lang) params.set('lang', data.lang);
  var hash = '';
  if (data.prefill) {
    try {
      var json = JSON.stringify(JSON.parse(data.prefill));
      var bytes = new TextEncoder().encode(json);
      var bin = '';
      for (var i = 0; i < bytes.length; i += 1) bin += String.fromCharCode(bytes[i]);
      hash = '#prefill=' + btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    } catch (e) {
      if (window.console) console.warn('Mes Aides: data-prefill is not valid JSON; ignored.');
    }
  }
  var frame = document.createElement('iframe');
  frame.src = new URL('index.html?' + params.toString() + hash, base).href;
  frame.title = data.titre || 'Simulateur Mes Aides : évaluez vos droits aux aides sociales';
  frame.loading = 'lazy';
  frame.setAttribute('allow', '');
  frame.style.width = '100%';
  frame.style.minHeight = '480px';
  frame.style.border = '0';
  frame.style.display = 'block';
  frame.style.overflow = 'hidden';
  script.parentNode.insertBefore(frame, script.nextSibling);

  window.addEventListener('message', function (event) {
    if (event.source !== frame.contentWindow || event.origin !== base.origin) return;
    var msg = event.data;
    if (!msg || msg.type !== 'mesaides:height' || typeof msg.height !== 'number') return;
    var h = Math.max(320, Math.min(20000, Math.ceil(msg.height)));
    frame.style.height = h + 'px';
    if (msg.scrollTop) frame.scrollIntoView({ block: 'start' });
  });
})();
