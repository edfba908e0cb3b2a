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

  if (document.readyState === 'loading')
    document.addEventListener('DOMContentLoaded', quizTimer);
  else
    quizTimer();
})();
