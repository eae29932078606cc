// A little enhancement; every page works without it. A form whose button was pressed cannot
// be sent twice by a double click (the second review entry would be a duplicate).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.dataset.sent === "1") { event.preventDefault(); return; }
  form.dataset.sent = "1";
});
