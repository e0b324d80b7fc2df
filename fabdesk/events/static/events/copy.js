// A "Copy" button copies the text of the field it names (data-copy="<id>").
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  if (!field) return;
  field.select();
  try {
    await navigator.clipboard.writeText(field.value);
  } catch {
    document.execCommand("copy");
  }
  button.dataset.copied = "true";
  setTimeout(() => delete button.dataset.copied, 1500);
});
