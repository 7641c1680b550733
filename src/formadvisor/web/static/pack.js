// The partners' pack link: says the PDF is being prepared while the server builds it, then
// saves it. Without JavaScript the link downloads it directly (the note by it says the first
// download can take a few seconds).
for (const link of document.querySelectorAll("a.fa-pdf")) {
  const status = link.closest(".fa-actions").querySelector(".fa-pdf-status");
  link.addEventListener("click", async (event) => {
    event.preventDefault();
    if (link.getAttribute("aria-disabled") === "true") return;
    link.setAttribute("aria-disabled", "true");
    status.textContent = link.dataset.preparing;
    try {
      const reply = await fetch(link.href, { credentials: "same-origin" });
      if (!reply.ok) throw new Error(String(reply.status));
      const name = (reply.headers.get("Content-Disposition") || "").match(/filename="([^"]+)"/);
      const url = URL.createObjectURL(await reply.blob());
      const save = document.createElement("a");
      save.href = url;
      save.download = name ? name[1] : "partners-pack.pdf";
      document.body.append(save);
      save.click();
      save.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      status.textContent = link.dataset.ready;
    } catch {
      status.textContent = link.dataset.failed;
    } finally {
      link.removeAttribute("aria-disabled");
    }
  });
}
