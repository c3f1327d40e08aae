// Messages of the sandbox area. Keys: "sandbox.*"; same keys in es, ca and en.
export const es: Record<string, string> = {
  'sandbox.loopbackOnly': 'El sandbox solo escucha en 127.0.0.1, no en {host}: nada sale de esta máquina.',
  'sandbox.portInUse': 'El puerto {port} ({what}) ya está ocupado. ¿Hay otro sandbox en marcha? Prueba «mailsec sandbox status» o elige otro puerto con MAILSEC_SMTP_PORT y compañía.',
};
export const ca: Record<string, string> = {
  'sandbox.loopbackOnly': 'El sandbox només escolta a 127.0.0.1, no a {host}: res no surt d’aquesta màquina.',
  'sandbox.portInUse': 'El port {port} ({what}) ja està ocupat. Hi ha un altre sandbox en marxa? Prova «mailsec sandbox status» o tria un altre port amb MAILSEC_SMTP_PORT i companyia.',
};
export const en: Record<string, string> = {
  'sandbox.loopbackOnly': 'The sandbox only listens on 127.0.0.1, not on {host}: nothing leaves this machine.',
  'sandbox.portInUse': 'Port {port} ({what}) is already in use. Is another sandbox running? Try "mailsec sandbox status", or pick other ports with MAILSEC_SMTP_PORT and friends.',
};
