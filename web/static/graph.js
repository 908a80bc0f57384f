// The path explorer's interactive graph: reads the page's own JSON (data-api), draws it with Cytoscape.js,
// and shows an edge's evidence when it is clicked. Text goes in with textContent only, never as markup.
(function () {
  'use strict';
  var box = document.getElementById('graph');
  var panel = document.getElementById('evidence');
  if (!box || !panel || typeof window.cytoscape !== 'function') return;
  var COLORS = { agency: '#b03a2e', family: '#1f618d', offering: '#7d3c98', recipient: '#7f8c8d' };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function money(s) {
    if (s === null || s === undefined) return '';
    var neg = s.charAt(0) === '-';
    var parts = (neg ? s.slice(1) : s).split('.');
    return (neg ? '-$' : '$') + parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ',') + '.' + ((parts[1] || '') + '00').slice(0, 2);
  }
  function showEdge(e) {
    panel.textContent = '';
    panel.appendChild(el('h3', e.kind + ': ' + e.sentence));
    panel.appendChild(el('p', 'On path(s) ' + e.paths.join(', ') + '; confidence ' + e.confidence + '. ' + (e.source_text || '') + (e.detail ? ' — ' + e.detail : '')));
    var ev = e.evidence || { records: [], count: 0 };
    panel.appendChild(el('p', ev.count + ' record(s)' + (ev.total !== null && ev.total !== undefined ? ', ' + money(ev.total) : '') + (ev.note ? '. ' + ev.note : '')));
    var t = el('table');
    t.className = 'evidence-table';
    var head = el('tr');
    ['record', 'date', 'amount', 'party', 'text', 'source'].forEach(function (h) { head.appendChild(el('th', h)); });
    t.appendChild(head);
    (ev.records || []).forEach(function (r) {
      var tr = el('tr');
      tr.appendChild(el('td', r.table + ' ' + r.key));
      tr.appendChild(el('td', r.date || ''));
      tr.appendChild(el('td', money(r.amount), 'num'));
      tr.appendChild(el('td', r.party || ''));
      tr.appendChild(el('td', r.text || ''));
      tr.appendChild(el('td', r.sourceFile ? r.sourceFile + (r.line ? ' line ' + r.line : '') : ''));
      t.appendChild(tr);
    });
    panel.appendChild(t);
  }

  fetch(box.getAttribute('data-api'), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
    .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
    .then(function (data) {
      var g = data.graph;
      box.textContent = '';
      if (!g || !g.nodes.length) { box.appendChild(el('p', 'No paths to draw.', 'js-only')); return; }
      var elements = [];
      g.nodes.forEach(function (n) { elements.push({ data: { id: n.id, label: n.label, type: n.type, link: n.link } }); });
      g.edges.forEach(function (e, i) { elements.push({ data: { id: 'e' + i, source: e.source, target: e.target, label: e.kind, index: i } }); });
      var cy = window.cytoscape({
        container: box,
        elements: elements,
        layout: { name: 'breadthfirst', directed: true, spacingFactor: 1.1, padding: 20 },
        style: [
          { selector: 'node', style: { label: 'data(label)', 'font-size': 10, 'text-wrap': 'wrap', 'text-max-width': 120, 'background-color': function (n) { return COLORS[n.data('type')] || '#555'; }, width: 22, height: 22, 'text-valign': 'bottom', 'text-margin-y': 4 } },
          { selector: 'edge', style: { label: 'data(label)', 'font-size': 9, width: 2.5, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'line-color': '#95a5a6', 'target-arrow-color': '#95a5a6', 'text-background-color': '#fff', 'text-background-opacity': 0.8 } },
          { selector: 'edge:selected', style: { 'line-color': '#e67e22', 'target-arrow-color': '#e67e22', width: 4 } },
        ],
      });
      cy.on('tap', 'edge', function (evt) { showEdge(g.edges[evt.target.data('index')]); });
      cy.on('dbltap', 'node', function (evt) { var l = evt.target.data('link'); if (l) window.location.href = l; });
      box.setAttribute('data-ready', 'true');
      window.whosbehindGraph = cy;
    })
    .catch(function (err) { box.textContent = ''; box.appendChild(el('p', 'The graph could not be drawn (' + err.message + '); the list below has every path and its evidence.', 'js-only')); });
})();
