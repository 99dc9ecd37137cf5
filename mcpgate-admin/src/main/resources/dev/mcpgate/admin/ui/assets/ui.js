// The UI's only script besides htmx: bulk selection on the review screen and the copy button
// of a secret shown once. Everything works without it; it only saves clicks.
(function () {
  'use strict';

  function each(selector, fn) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), fn);
  }

  function setup() {
    each('[data-bulk]', function (group) {
      group.hidden = false;
    });
    each('[data-select], [data-select-method], [data-select-tag]', function (button) {
      button.addEventListener('click', function () {
        var all = button.getAttribute('data-select');
        var method = button.getAttribute('data-select-method');
        var tag = button.getAttribute('data-select-tag');
        each('#operations tbody tr', function (row) {
          var box = row.querySelector('input[type=checkbox]');
          if (!box) {
            return;
          }
          if (all === 'all') {
            box.checked = true;
          } else if (all === 'none') {
            box.checked = false;
          } else if (method) {
            box.checked = row.getAttribute('data-method') === method;
          } else if (tag) {
            box.checked = (' ' + row.getAttribute('data-tags') + ' ').indexOf(' ' + tag + ' ') >= 0;
          }
        });
      });
    });
    each('[data-copy]', function (button) {
      button.hidden = false;
      button.addEventListener('click', function () {
        var field = document.getElementById(button.getAttribute('data-copy'));
        var status = document.querySelector('[data-copied]');
        field.select();
        var done = function () {
          if (status) {
            status.textContent = 'Copied.';
          }
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(field.value).then(done, function () {
            document.execCommand('copy');
            done();
          });
        } else {
          document.execCommand('copy');
          done();
        }
      });
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', setup);
  } else {
    setup();
  }
})();
