// The bulk audit's progress page: polls the job's status every two seconds, updates 已处理 N / 共 M and the bar,
// and reloads the page when the job has ended (the results are rendered by the server). Without JavaScript the
// page refreshes itself (<noscript> meta refresh).
(function () {
  var box = document.getElementById("progress");
  if (!box) {
    return;
  }
  var url = box.getAttribute("data-status-url");
  var bar = box.querySelector("progress");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        if (job.finished) {
          window.location.reload();
          return;
        }
        box.querySelector("[data-stage]").textContent = job.stage;
        box.querySelector("[data-unpacking]").hidden = !job.unpacking;
        var badge = document.querySelector("[data-label] .badge");
        if (badge) {
          badge.textContent = job.label;
          badge.className = "badge badge-" + job.tone;
        }
        box.querySelector("[data-done]").textContent = job.done;
        box.querySelector("[data-total]").textContent = job.total;
        bar.max = Math.max(job.total, 1);
        bar.value = job.done;
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 2000);
})();
