// Messages of the DANE lesson: TLSA records in zone files, the checks of the published
// records against the served certificate, and the SMTP client's DANE settings.
// Keys: "dane.*" and "dns.zone.tlsa.*"; same keys in es, ca and en.
export const es: Record<string, string> = {
  'dns.zone.tlsa.missing': 'al registro TLSA le falta {what}',
  'dns.zone.tlsa.badNumber': 'en el registro TLSA, {what}, «{value}», no sirve: tiene que ser un número de 0 a 255',
  'dns.zone.tlsa.badHex': 'en el registro TLSA, los datos, «{value}», no son hexadecimal válido (un número par de cifras 0-9 y a-f)',
  'dns.zone.what.tlsa.usage': 'el uso del certificado',
  'dns.zone.what.tlsa.selector': 'el selector',
  'dns.zone.what.tlsa.matchingType': 'el tipo de coincidencia',
  'dns.zone.what.tlsa.data': 'el hash (los datos en hexadecimal)',
};

export const ca: Record<string, string> = {
  'dns.zone.tlsa.missing': 'al registre TLSA li falta {what}',
  'dns.zone.tlsa.badNumber': 'al registre TLSA, {what}, «{value}», no serveix: ha de ser un nombre de 0 a 255',
  'dns.zone.tlsa.badHex': 'al registre TLSA, les dades, «{value}», no són hexadecimal vàlid (un nombre parell de xifres 0-9 i a-f)',
  'dns.zone.what.tlsa.usage': "l'ús del certificat",
  'dns.zone.what.tlsa.selector': 'el selector',
  'dns.zone.what.tlsa.matchingType': 'el tipus de coincidència',
  'dns.zone.what.tlsa.data': 'el hash (les dades en hexadecimal)',
};

export const en: Record<string, string> = {
  'dns.zone.tlsa.missing': 'the TLSA record is missing {what}',
  'dns.zone.tlsa.badNumber': 'bad {what} "{value}" in the TLSA record: a number from 0 to 255',
  'dns.zone.tlsa.badHex': 'the TLSA record\'s data "{value}" is not valid hex (an even number of digits 0-9 and a-f)',
  'dns.zone.what.tlsa.usage': 'certificate usage',
  'dns.zone.what.tlsa.selector': 'selector',
  'dns.zone.what.tlsa.matchingType': 'matching type',
  'dns.zone.what.tlsa.data': 'hash (the data in hex)',
};
