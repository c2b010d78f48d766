// Swagger UI (from its webjar, served at /console/vendor/swagger-ui/) over the prompt API document; loaded on demand.
const BASE = '/console/vendor/swagger-ui';
let loading = null;

function load() {
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const css = document.createElement('link');
      css.rel = 'stylesheet';
      css.href = `${BASE}/swagger-ui.css`;
      document.head.append(css);
      const script = document.createElement('script');
      script.src = `${BASE}/swagger-ui-bundle.js`;
      script.onload = resolve;
      script.onerror = () => reject(new Error('Swagger UI could not be loaded'));
      document.head.append(script);
    });
  }
  return loading;
}

/** Renders the document into `node`; `tenantKey` gives the key typed on the page (sent as a bearer header). */
export async function show(node, tenantKey) {
  if (!tenantKey()) {
    throw new Error('Enter a tenant key in "Try it" first: the document lists the prompts that key may call.');
  }
  await load();
  window.SwaggerUIBundle({
    domNode: node,
    url: '/v1/prompts/openapi.json',
    validatorUrl: null,
    deepLinking: false,
    requestInterceptor: (request) => {
      request.headers.Authorization = `Bearer ${tenantKey()}`;
      return request;
    },
  });
}
