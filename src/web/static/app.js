/* global document, window, fetch, setTimeout */
// Progressive enhancement for the back office. Every action works without this file:
// the header checkbox has a "select all" link twin, and a running sync reloads itself
// through <noscript><meta refresh>. With it, selection is one click and progress is live.
(function () {
  'use strict';

  // A message after an action gets the focus, so keyboard and screen-reader users hear it.
  function focusFlash() {
    var flash = document.getElementById('flash');
    if (flash) flash.focus();
  }

  // Header checkbox: toggles every ticket checkbox of its form, and mirrors their state.
  function enhanceSelectAll() {
    var boxes = document.querySelectorAll('input[data-select-all]');
    boxes.forEach(function (all) {
      var form = all.form;
      if (!form) return;
      var rows = function () { return form.querySelectorAll('input[type="checkbox"][name="ticket"]'); };
      var sync = function () {
        var list = rows();
        var checked = 0;
        list.forEach(function (b) { if (b.checked) checked += 1; });
        all.checked = list.length > 0 && checked === list.length;
        all.indeterminate = checked > 0 && checked < list.length;
        var count = document.querySelector('[data-selected-count]');
        if (count) count.textContent = checked === 1 ? '1 ticket selected' : checked + ' tickets selected';
      };
      all.hidden = false;
      all.addEventListener('change', function () {
        rows().forEach(function (b) { b.checked = all.checked; });
        sync();
      });
      form.addEventListener('change', function (e) {
        if (e.target && e.target.name === 'ticket') sync();
      });
      sync();
    });
  }

  // Live progress of a run: polls the JSON API with the session cookie until the run ends,
  // then reloads once so the page shows the final counts, runs and errors.
  function pollRun(box) {
    var url = box.getAttribute('data-run-url');
    var bar = box.querySelector('progress');
    var text = box.querySelector('[data-run-text]');
    var status = box.querySelector('[data-run-status]');
    var fields = box.querySelectorAll('[data-run-field]');
    var eta = box.querySelector('[data-run-eta]');
    var etaWhy = box.querySelector('[data-run-eta-why]');
    var stopped = false;
    function tick() {
      if (stopped) return;
      fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (body) {
          var run = body && body.run;
          if (!run) { stopped = true; return; }
          // Before a run starts (or between its pages) its own total lags: the estimate's tickets left complete it.
          var total = run.eta ? Math.max(run.total, run.done + run.eta.tickets) : run.total;
          if (bar) {
            bar.max = Math.max(1, total);
            bar.value = run.done;
            bar.textContent = run.done + ' of ' + total;
          }
          if (text) text.textContent = run.done + ' of ' + total + ' tickets settled';
          if (eta && run.eta) eta.textContent = run.eta.words;
          if (etaWhy && run.eta) {
            etaWhy.textContent = '(' + run.eta.tickets.toLocaleString('en-US') + ' tickets, about ' + run.eta.documents.toLocaleString('en-US')
              + ' documents to write; QuickBooks takes ' + run.eta.perMinute + ' requests and ' + run.eta.batchPerMinute + ' batches a minute from this company)';
          }
          if (status) {
            status.textContent = run.status;
            status.className = 'badge badge-' + run.status;
          }
          fields.forEach(function (f) {
            var key = f.getAttribute('data-run-field');
            if (key in run) f.textContent = String(run[key]);
          });
          if (run.status === 'queued' || run.status === 'running') {
            setTimeout(tick, 1000);
          } else {
            stopped = true;
            box.setAttribute('data-run-finished', run.status);
            setTimeout(function () { window.location.reload(); }, 600);
          }
        })
        .catch(function () { setTimeout(tick, 3000); });
    }
    tick();
  }

  function enhanceProgress() {
    document.querySelectorAll('[data-run-url][data-run-active="true"]').forEach(pollRun);
  }

  function start() {
    focusFlash();
    enhanceSelectAll();
    enhanceProgress();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
