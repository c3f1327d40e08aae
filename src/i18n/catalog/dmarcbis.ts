// Messages of DMARC as RFC 9989 has it (t=, np=, the tags it removed) and of OpenDMARC's hold.
// Keys: "dmarcbis.*"; same keys in es, ca and en.
export const es: Record<string, string> = {
  'dmarcbis.why.failTesting':
    '«DMARC fail»: ni SPF ni DKIM pasan alineados con el dominio del «From», {from} ({spf}; {dkim}). Su política es {policy}, pero el registro lleva t=y (modo de prueba), así que se aplica un nivel menos: {disposition}.',
  'dmarcbis.why.failNp':
    '«DMARC fail»: ni SPF ni DKIM pasan alineados con el dominio del «From», {from} ({spf}; {dkim}). {from} no existe en el DNS, así que se aplica la política np= de _dmarc.{domain}: {policy}.',
  'dmarcbis.tr.stageHold': '{stage}: el mensaje se queda retenido en la cola «hold» de Postfix y no llega a nadie.',
  'dmarcbis.bad.badNpPolicy': 'En {name}, «np={value}» no es una política: solo valen «none», «quarantine» y «reject». Corrígelo en {file}.',
  'dmarcbis.bad.badTestMode': 'En {name}, «t={value}» no es válido: t= solo admite «y» (en pruebas) o «n». Corrígelo en {file}.',
  'dmarcbis.bad.badPsd': 'En {name}, «psd={value}» no es válido: psd= solo admite «y», «n» o «u». Corrígelo en {file}.',
  'dmarcbis.recordOkRemoved':
    'El DNS sirve tu registro DMARC en {name}, con p={policy}. Un aviso: {tags} ya no existen en el RFC 9989, que sustituye al 7489; los receptores actuales no las leen. Puedes quitarlas de {file}.',
  'dmarcbis.noPolicyNone':
    'Tu registro {name} no tiene p=; con rua= el RFC 9989 lo lee como «p=none»: solo observar. El paso pide p={wanted}: añádela en {file}, guarda y vuelve a comprobar.',
  'dmarcbis.recordTesting':
    'Tu registro {name} lleva «t=y» (modo de prueba): los receptores aplican un nivel menos, {applied} en vez de {policy}. Para este paso quita «t=y» de {file}, guarda y vuelve a comprobar.',
  'dmarcbis.testMode':
    'El correo de {client} falló DMARC, pero tu registro lleva «t=y» (modo de prueba) y se trató con {action}, un nivel por debajo de tu política, no con {wanted}. Quita «t=y» del registro y vuelve a enviarlo.',
};

export const ca: Record<string, string> = {
  'dmarcbis.why.failTesting':
    '«DMARC fail»: ni SPF ni DKIM passen alineats amb el domini del «From», {from} ({spf}; {dkim}). La seva política és {policy}, però el registre porta t=y (mode de prova), així que s\'aplica un nivell menys: {disposition}.',
  'dmarcbis.why.failNp':
    '«DMARC fail»: ni SPF ni DKIM passen alineats amb el domini del «From», {from} ({spf}; {dkim}). {from} no existeix al DNS, així que s\'aplica la política np= de _dmarc.{domain}: {policy}.',
  'dmarcbis.tr.stageHold': '{stage}: el missatge queda retingut a la cua «hold» de Postfix i no arriba a ningú.',
  'dmarcbis.bad.badNpPolicy': 'A {name}, «np={value}» no és una política: només valen «none», «quarantine» i «reject». Corregeix-lo a {file}.',
  'dmarcbis.bad.badTestMode': 'A {name}, «t={value}» no és vàlid: t= només admet «y» (en proves) o «n». Corregeix-lo a {file}.',
  'dmarcbis.bad.badPsd': 'A {name}, «psd={value}» no és vàlid: psd= només admet «y», «n» o «u». Corregeix-lo a {file}.',
  'dmarcbis.recordOkRemoved':
    'El DNS serveix el teu registre DMARC a {name}, amb p={policy}. Un avís: {tags} ja no existeixen a l\'RFC 9989, que substitueix el 7489; els receptors actuals no les llegeixen. Les pots treure de {file}.',
  'dmarcbis.noPolicyNone':
    'El teu registre {name} no té p=; amb rua= l\'RFC 9989 el llegeix com a «p=none»: només observar. El pas demana p={wanted}: afegeix-la a {file}, desa i torna a comprovar.',
  'dmarcbis.recordTesting':
    'El teu registre {name} porta «t=y» (mode de prova): els receptors apliquen un nivell menys, {applied} en lloc de {policy}. Per a aquest pas treu «t=y» de {file}, desa i torna a comprovar.',
  'dmarcbis.testMode':
    'El correu de {client} va fallar DMARC, però el teu registre porta «t=y» (mode de prova) i es va tractar amb {action}, un nivell per sota de la teva política, no amb {wanted}. Treu «t=y» del registre i torna\'l a enviar.',
};

export const en: Record<string, string> = {
  'dmarcbis.why.failTesting':
    '“DMARC fail”: neither SPF nor DKIM passes aligned with the “From” domain, {from} ({spf}; {dkim}). Its policy is {policy}, but the record has t=y (testing mode), so one level less applies: {disposition}.',
  'dmarcbis.why.failNp':
    '“DMARC fail”: neither SPF nor DKIM passes aligned with the “From” domain, {from} ({spf}; {dkim}). {from} does not exist in the DNS, so the np= policy of _dmarc.{domain} applies: {policy}.',
  'dmarcbis.tr.stageHold': '{stage}: the message stays in Postfix’s hold queue and reaches nobody.',
  'dmarcbis.bad.badNpPolicy': 'In {name}, “np={value}” is not a policy: only “none”, “quarantine” and “reject” are valid. Fix it in {file}.',
  'dmarcbis.bad.badTestMode': 'In {name}, “t={value}” is not valid: t= only takes “y” (testing) or “n”. Fix it in {file}.',
  'dmarcbis.bad.badPsd': 'In {name}, “psd={value}” is not valid: psd= only takes “y”, “n” or “u”. Fix it in {file}.',
  'dmarcbis.recordOkRemoved':
    'The DNS serves your DMARC record at {name}, with p={policy}. A note: {tags} no longer exist in RFC 9989, which replaces 7489; today’s receivers do not read them. You can remove them from {file}.',
  'dmarcbis.noPolicyNone':
    'Your record {name} has no p=; with rua=, RFC 9989 reads it as “p=none”: monitor only. The step asks for p={wanted}: add it in {file}, save and check again.',
  'dmarcbis.recordTesting':
    'Your record {name} has “t=y” (testing mode): receivers apply one level less, {applied} instead of {policy}. For this step remove “t=y” from {file}, save and check again.',
  'dmarcbis.testMode':
    'The mail from {client} failed DMARC, but your record has “t=y” (testing mode) and it was handled with {action}, one level below your policy, not {wanted}. Remove “t=y” from the record and send it again.',
};
