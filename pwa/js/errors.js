// Records what goes wrong in the page from its first moment: uncaught errors, unhandled promise
// rejections, Content-Security-Policy violations and console.error calls (the router logs a view
// that failed to draw). A deferred classic script before the app's module script: deferred scripts
// and modules run in document order, so it runs first and nothing is missed, without blocking paint;
// kept in sessionStorage so a reload does not lose it. Read as window.acupressErrors (the tests
// in both engines do; on a phone it is there for whoever debugs it).
(() => {
  const KEY = 'acupress-errors';
  const LIMIT = 50;
  let kept = [];
  try { kept = JSON.parse(sessionStorage.getItem(KEY)) || []; } catch { kept = []; }
  const errors = kept;
  window.acupressErrors = errors;

  const describe = (value) => (value instanceof Error ? `${value.name}: ${value.message}` : String(value));

  function record(kind, message, where = '') {
    if (errors.length >= LIMIT) return;
    errors.push({ kind, message, where, view: location.hash || '#/', at: new Date().toISOString() });
    try { sessionStorage.setItem(KEY, JSON.stringify(errors)); } catch { /* storage off or full */ }
  }

  window.addEventListener('error', (event) => {
    record('error', describe(event.error ?? event.message), `${event.filename}:${event.lineno}`);
  });
  window.addEventListener('unhandledrejection', (event) => record('unhandledrejection', describe(event.reason)));
  document.addEventListener('securitypolicyviolation', (event) => {
    record('csp', `${event.violatedDirective} blocked ${event.blockedURI}`, `${event.sourceFile}:${event.lineNumber}`);
  });
  const consoleError = console.error.bind(console);
  console.error = (...args) => {
    record('console', args.map(describe).join(' '));
    consoleError(...args);
  };
})();
