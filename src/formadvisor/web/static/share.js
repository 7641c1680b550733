// The share panel's copy buttons (templates/share.html): shown only when the browser can copy;
// without JavaScript each link stays plain text to select and copy by hand. The words come from
// the page (data-copied, data-not-copied), in its language.
for (const button of document.querySelectorAll("button.fa-copy[data-copy]")) {
  const source = document.getElementById(button.dataset.copy);
  const status = button.parentElement.querySelector(".fa-copied");
  if (!source || !navigator.clipboard) continue;
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(source.textContent.trim());
      status.textContent = button.dataset.copied;
    } catch {
      status.textContent = button.dataset.notCopied;
    }
  });
}
