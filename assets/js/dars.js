/* Dars: progressive enhancement only; every page works without this file. */
(function () {
  'use strict';

  /*
   * A quiz's time left, counting down on the page (#quiz-timer carries the
   * seconds the server counted when it sent the page). Only a display: the
   * server refuses answers after the deadline whatever this shows. At zero
   * the page is reloaded, and the server shows that time is up.
   */
  function quizTimer() {
    var el = document.getElementById('quiz-timer');
    if (!el) return;
    var shown = el.querySelector('strong');
    var seconds = parseInt(el.getAttribute('data-seconds'), 10);
    if (!shown || isNaN(seconds)) return;
    var end = Date.now() + seconds * 1000;
    function two(n) { return (n < 10 ? '0' : '') + n; }
    function tick() {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      var h = Math.floor(left / 3600), m = Math.floor(left % 3600 / 60), s = left % 60;
      shown.textContent = (h ? h + ':' + two(m) : m) + ':' + two(s);
      if (left === 60) el.classList.add('notice-warning');
      if (left === 0) {
        window.location.reload();
        return;
      }
      window.setTimeout(tick, 1000);
    }
    tick();
  }

  /*
   * A quiz answer saved as it is typed or picked, so that a dropped
   * connection or a closed tab loses nothing (without this file every move
   * between questions saves). The server answers 204 to "go=autosave"; a
   * 409 means time is up, and the page reloads to say so.
   */
  function quizAutosave() {
    var form = document.getElementById('quiz-answer');
    if (!form || !window.fetch || !window.URLSearchParams) return;
    var status = document.getElementById('quiz-saved');
    var dirty = false, timer = null;
    function body() {
      var p = new URLSearchParams(new FormData(form));
      p.set('go', 'autosave');
      return p;
    }
    function save() {
      timer = null;
      if (!dirty) return;
      dirty = false;
      fetch(form.action, { method: 'POST', body: body(), credentials: 'same-origin' })
        .then(function (res) {
          if (res.status === 204 && status) status.textContent = form.getAttribute('data-saved');
          else if (res.status === 409) window.location.reload();
          else dirty = true;
        })
        .catch(function () { dirty = true; });
    }
    function changed(e) {
      dirty = true;
      if (status) status.textContent = '';
      if (timer) window.clearTimeout(timer);
      timer = window.setTimeout(save, e.type === 'change' ? 0 : 2000);
    }
    form.addEventListener('input', changed);
    form.addEventListener('change', changed);
    /* a real submit saves by itself */
    form.addEventListener('submit', function () {
      dirty = false;
      if (timer) window.clearTimeout(timer);
    });
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden' && dirty && navigator.sendBeacon) {
        dirty = false;
        navigator.sendBeacon(form.action, body());
      }
    });
  }

  function start() {
    quizTimer();
    quizAutosave();
  }

  if (document.readyState === 'loading')
    document.addEventListener('DOMContentLoaded', start);
  else
    start();
})();
