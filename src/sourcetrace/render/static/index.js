// The story index: reorder the rows by size, date or most contested (no data leaves the page).
(function () {
  "use strict";
  var body = document.getElementById("stories");
  var keys = {
    size: function (r) { return [-Number(r.dataset.size), r.dataset.date]; },
    date: function (r) { return [r.dataset.date === "" ? "\uffff" : r.dataset.date, -Number(r.dataset.size)]; },
    contested: function (r) { return [-Number(r.dataset.contested), -Number(r.dataset.conflicts), -Number(r.dataset.size)]; }
  };
  function compare(a, b) {
    for (var i = 0; i < a.length; i++) {
      if (a[i] < b[i]) { return -1; }
      if (a[i] > b[i]) { return 1; }
    }
    return 0;
  }
  document.querySelectorAll("button[data-sort]").forEach(function (button) {
    button.addEventListener("click", function () {
      var key = keys[button.dataset.sort];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) { return compare(key(a), key(b)) || Number(a.dataset.order) - Number(b.dataset.order); });
      rows.forEach(function (r) { body.appendChild(r); });
      document.querySelectorAll("button[data-sort]").forEach(function (b) { b.setAttribute("aria-pressed", String(b === button)); });
    });
  });
})();
