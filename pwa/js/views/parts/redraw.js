// Draw the current view again (after the safety gate or a discard changed what it should show),
// without importing the router: views are loaded by the router, so importing it would be a cycle.

export function redraw() {
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}
