"""What a reader sees without opening anything: the visible text of <main> outside folded
sections (closed <details>, whose summary line still counts), never an SVG's title or desc."""

VISIBLE_TEXT = """() => {
  const folded = (el) => {
    for (let d = el.closest('details'); d;
         d = d.parentElement && d.parentElement.closest('details')) {
      if (!d.open) {
        const s = d.querySelector(':scope > summary');
        if (!s || !s.contains(el)) return true;
      }
    }
    return false;
  };
  const main = document.querySelector('main');
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  const parts = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest('script, style, title, desc') || !el.checkVisibility()) continue;
    if (folded(el)) continue;
    parts.push(n.textContent);
  }
  return parts.join(' ');
}"""
