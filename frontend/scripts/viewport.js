// Keeps the composer above the on-screen keyboard. Browsers that honour
// interactive-widget=resizes-content shrink the layout viewport themselves; others (older
// iOS Safari) only shrink the visual viewport, so its height is mirrored into --app-height.
export function followVisualViewport() {
  const viewport = window.visualViewport;
  if (!viewport) return;
  const root = document.documentElement;
  const update = () => {
    root.style.setProperty('--app-height', `${Math.round(viewport.height)}px`);
    // iOS scrolls the page up under the keyboard; pin it back so the header stays visible.
    if (viewport.offsetTop > 0) window.scrollTo(0, 0);
  };
  viewport.addEventListener('resize', update);
  viewport.addEventListener('scroll', update);
  update();
}
