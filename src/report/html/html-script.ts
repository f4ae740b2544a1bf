/**
 * The one script of an HTML report: the search box and the kind (and, in an
 * apply, outcome) filters over the change list. It reads only the page's
 * own elements, sends nothing anywhere, and the page's Content-Security-Policy
 * lets this exact script run (by its hash) and nothing else.
 *
 * Kept as plain ES2020 text rather than a compiled function, so what the
 * browser runs is exactly what is written here.
 */
import { createHash } from 'node:crypto';

export const reportScript = `
(function () {
  'use strict';
  var list = document.getElementById('changes');
  if (!list) return;
  var search = document.getElementById('change-search');
  var shown = document.getElementById('shown-count');
  var none = document.getElementById('no-match');
  var reset = document.getElementById('filter-reset');
  var kindBoxes = Array.from(document.querySelectorAll('input[data-filter="kind"]'));
  var outcomeBoxes = Array.from(document.querySelectorAll('input[data-filter="outcome"]'));
  var groups = Array.from(list.querySelectorAll('section.stage'));
  var total = Number(list.getAttribute('data-listed')) || 0;

  function fold(text) {
    return text.normalize('NFD').replace(/[\\u0300-\\u036f]/g, '').toLowerCase();
  }

  // Each change's searchable text, worked out once: what it shows plus the
  // names and ids it carries in data-find (members' names, external ids).
  var entries = groups.map(function (group) {
    var items = Array.from(group.querySelectorAll('li.change')).map(function (item) {
      return {
        el: item,
        kind: item.getAttribute('data-kind'),
        outcome: item.getAttribute('data-outcome'),
        text: fold(item.textContent + ' ' + (item.getAttribute('data-find') || '')),
        details: Array.from(item.querySelectorAll('details')),
        visible: true
      };
    });
    return { el: group, items: items, count: group.querySelector('.stage-shown') };
  });

  function checked(boxes) {
    var on = {};
    boxes.forEach(function (box) { on[box.value] = box.checked; });
    return on;
  }

  function format(n) {
    return n.toLocaleString('en-US');
  }

  function update() {
    var words = fold(search.value).split(/\\s+/).filter(Boolean);
    var kinds = checked(kindBoxes);
    var outcomes = checked(outcomeBoxes);
    var visibleTotal = 0;
    entries.forEach(function (group) {
      var visibleHere = 0;
      group.items.forEach(function (entry) {
        var visible = kinds[entry.kind] !== false &&
          (!entry.outcome || outcomes[entry.outcome] !== false) &&
          words.every(function (word) { return entry.text.indexOf(word) >= 0; });
        if (visible !== entry.visible) {
          entry.el.hidden = !visible;
          entry.visible = visible;
        }
        if (visible) {
          visibleHere += 1;
          entry.details.forEach(function (d) {
            var inside = words.length > 0 && words.every(function (word) { return fold(d.textContent).indexOf(word) >= 0; });
            if (inside && !d.open) { d.open = true; d.setAttribute('data-opened-by-search', ''); }
            if (!inside && d.hasAttribute('data-opened-by-search')) { d.open = false; d.removeAttribute('data-opened-by-search'); }
          });
        }
      });
      group.el.hidden = visibleHere === 0;
      if (group.count) group.count.textContent = visibleHere === group.items.length ? '' : format(visibleHere) + ' of ';
      visibleTotal += visibleHere;
    });
    shown.textContent = visibleTotal === total
      ? 'Showing all ' + format(total) + (total === 1 ? ' change' : ' changes')
      : 'Showing ' + format(visibleTotal) + ' of ' + format(total) + (total === 1 ? ' change' : ' changes');
    shown.setAttribute('data-shown', String(visibleTotal));
    none.hidden = visibleTotal !== 0;
  }

  search.addEventListener('input', update);
  kindBoxes.concat(outcomeBoxes).forEach(function (box) { box.addEventListener('change', update); });
  reset.addEventListener('click', function () {
    search.value = '';
    kindBoxes.concat(outcomeBoxes).forEach(function (box) { box.checked = true; });
    update();
    search.focus();
  });
  document.addEventListener('keydown', function (event) {
    var typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
    if (event.key === '/' && !typing) { event.preventDefault(); search.focus(); }
    if (event.key === 'Escape' && event.target === search) { search.value = ''; update(); }
  });
  update();
})();
`;

/** `sha256-…` of the script, for the page's Content-Security-Policy. */
export const reportScriptHash = `sha256-${createHash('sha256').update(reportScript).digest('base64')}`;
