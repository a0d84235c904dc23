// Polls an ingest job's progress and updates the page; text only, never HTML.
"use strict";
(function () {
  const box = document.getElementById("job");
  if (!box) return;
  const id = box.dataset.job;
  const finishedAtLoad = box.dataset.status === "done" || box.dataset.status === "failed";
  function show(job) {
    document.getElementById("job-status").textContent = job.status;
    const pct = job.progress === null ? 0 : Math.round(job.progress * 1000) / 10;
    document.getElementById("job-bar").style.width = pct + "%";
    document.getElementById("job-counts").textContent =
      job.read + " read, " + job.added + " new, " + job.known + " already stored, " +
      job.skipped + " skipped" + (job.total ? " of " + job.total + (job.total === 1 ? " file" : " files") : "");
    document.getElementById("job-message").textContent = job.message;
    if (job.status === "queued" || job.status === "running") setTimeout(poll, 500);
    else if (!finishedAtLoad) location.reload();  // shows the skipped inputs
  }
  function poll() {
    fetch("/api/jobs/" + encodeURIComponent(id), {headers: {Accept: "application/json"}})
      .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
      .then(show)
      .catch(() => { document.getElementById("job-message").textContent = "progress unavailable"; });
  }
  poll();
})();
