// Messages of the corrections to the TLS and SMTP AUTH lessons (02, 03): the certificate's
// subjectAltName, EC keys, TLS protocols and ciphers, outgoing TLS, the SASL back end and
// plaintext mechanisms outside TLS. Keys "tls.*" and "smtp.*"; the same keys in es, ca and en.
export const es: Record<string, string> = {
  'tls.keyOkEc': '{path}: clave de curva elíptica {curve}.',
  'tls.keyCurve': '{path} es una clave de curva elíptica {seen}; los clientes de correo esperan P-256 (prime256v1) o P-384. Genérala de nuevo con: openssl genrsa -out cert.key 4096 (o con openssl ecparam -name prime256v1 -genkey -noout -out cert.key).',
  'tls.certNoSan': 'El certificado {path} no tiene «subjectAltName». Los clientes buscan el nombre del servidor ahí y no en el CN: un certificado sin él no vale para {name}. Créalo de nuevo con: openssl req -new -x509 -key cert.key -out cert.crt -days 365 -subj "/CN={name}" -addext "subjectAltName=DNS:{name}"',
  'tls.certSanOther': 'La extensión «subjectAltName» del certificado {path} es «{seen}» y no incluye DNS:{name}, el nombre de tu servidor. Créalo de nuevo con -addext "subjectAltName=DNS:{name}".',
  'tls.protocolsWeak': 'En {file}, {name} vale «{seen}» y todavía deja pasar {min}, un protocolo antiguo con debilidades conocidas. Deja la línea así: {name} = {wanted}',
  'tls.protocolsInvalid': 'En {file}, {name} = {seen}: Postfix no conoce «{word}» como protocolo. Los nombres se escriben TLSv1.2, TLSv1.3… Deja la línea así: {name} = {wanted}',
  'tls.outgoingLevel': 'En {file}, smtp_tls_security_level vale «{seen}», y eso es para el correo que tu servidor envía a otros. Con «none» (o vacío) lo mandaría sin cifrar; con «encrypt» no podría entregar a los servidores que no saben TLS. Deja la línea así: smtp_tls_security_level = {wanted}',
  'smtp.plaintextOutsideTls': 'En {file}, smtpd_sasl_security_options vale «{seen}» y no incluye noplaintext: si un servicio ofreciera AUTH sin TLS, PLAIN y LOGIN enviarían la contraseña en claro. Pon smtpd_sasl_security_options = noanonymous, noplaintext y, para que dentro de TLS sigan valiendo, smtpd_sasl_tls_security_options = noanonymous.',
  'smtp.saslType': 'En {file}, smtpd_sasl_type vale «{seen}», y Postfix solo sabe hablar con «cyrus» o «dovecot» (postconf -a los lista). Quita la línea para usar Cyrus, o pon smtpd_sasl_type = dovecot y smtpd_sasl_path = private/auth.',
  'smtp.saslPathDovecot': 'En {file}, smtpd_sasl_type = dovecot, pero smtpd_sasl_path vale «{seen}»: Postfix no sabría dónde preguntar a Dovecot. Añade: smtpd_sasl_path = private/auth',
};

export const ca: Record<string, string> = {
  'tls.keyOkEc': '{path}: clau de corba el·líptica {curve}.',
  'tls.keyCurve': '{path} és una clau de corba el·líptica {seen}; els clients de correu esperen P-256 (prime256v1) o P-384. Torna-la a generar amb: openssl genrsa -out cert.key 4096 (o amb openssl ecparam -name prime256v1 -genkey -noout -out cert.key).',
  'tls.certNoSan': 'El certificat {path} no té «subjectAltName». Els clients hi busquen el nom del servidor, i no al CN: un certificat sense aquest camp no serveix per a {name}. Torna\'l a crear amb: openssl req -new -x509 -key cert.key -out cert.crt -days 365 -subj "/CN={name}" -addext "subjectAltName=DNS:{name}"',
  'tls.certSanOther': 'L\'extensió «subjectAltName» del certificat {path} és «{seen}» i no inclou DNS:{name}, el nom del teu servidor. Torna\'l a crear amb -addext "subjectAltName=DNS:{name}".',
  'tls.protocolsWeak': 'A {file}, {name} val «{seen}» i encara deixa passar {min}, un protocol antic amb debilitats conegudes. Deixa la línia així: {name} = {wanted}',
  'tls.protocolsInvalid': 'A {file}, {name} = {seen}: Postfix no coneix «{word}» com a protocol. Els noms s\'escriuen TLSv1.2, TLSv1.3… Deixa la línia així: {name} = {wanted}',
  'tls.outgoingLevel': 'A {file}, smtp_tls_security_level val «{seen}», i això és per al correu que el teu servidor envia a altres. Amb «none» (o buit) l\'enviaria sense xifrar; amb «encrypt» no podria lliurar als servidors que no saben TLS. Deixa la línia així: smtp_tls_security_level = {wanted}',
  'smtp.plaintextOutsideTls': 'A {file}, smtpd_sasl_security_options val «{seen}» i no inclou noplaintext: si un servei oferís AUTH sense TLS, PLAIN i LOGIN enviarien la contrasenya en clar. Posa smtpd_sasl_security_options = noanonymous, noplaintext i, perquè dins de TLS continuïn valent, smtpd_sasl_tls_security_options = noanonymous.',
  'smtp.saslType': 'A {file}, smtpd_sasl_type val «{seen}», i Postfix només sap parlar amb «cyrus» o «dovecot» (postconf -a els llista). Treu la línia per fer servir Cyrus, o posa smtpd_sasl_type = dovecot i smtpd_sasl_path = private/auth.',
  'smtp.saslPathDovecot': 'A {file}, smtpd_sasl_type = dovecot, però smtpd_sasl_path val «{seen}»: Postfix no trobaria el sòcol d\'autenticació de Dovecot. Afegeix: smtpd_sasl_path = private/auth',
};

export const en: Record<string, string> = {
  'tls.keyOkEc': '{path}: a {curve} elliptic-curve key.',
  'tls.keyCurve': '{path} is a {seen} elliptic-curve key; mail clients expect P-256 (prime256v1) or P-384. Generate it again with: openssl genrsa -out cert.key 4096 (or with openssl ecparam -name prime256v1 -genkey -noout -out cert.key).',
  'tls.certNoSan': 'The certificate {path} has no “subjectAltName”. Clients look for the server\'s name there, not in the CN: a certificate without one is no good for {name}. Make it again with: openssl req -new -x509 -key cert.key -out cert.crt -days 365 -subj "/CN={name}" -addext "subjectAltName=DNS:{name}"',
  'tls.certSanOther': 'The “subjectAltName” of the certificate {path} is “{seen}” and lacks DNS:{name}, your server\'s name. Make it again with -addext "subjectAltName=DNS:{name}".',
  'tls.protocolsWeak': 'In {file}, {name} is “{seen}” and still lets {min} through, an old protocol with known weaknesses. Make the line read: {name} = {wanted}',
  'tls.protocolsInvalid': 'In {file}, {name} = {seen}: Postfix knows no protocol called “{word}”. The names are written TLSv1.2, TLSv1.3… Make the line read: {name} = {wanted}',
  'tls.outgoingLevel': 'In {file}, smtp_tls_security_level is “{seen}”, and that is for the mail your server sends to others. With “none” (or empty) it would send it unencrypted; with “encrypt” it could not deliver to servers that cannot do TLS. Make the line read: smtp_tls_security_level = {wanted}',
  'smtp.plaintextOutsideTls': 'In {file}, smtpd_sasl_security_options is “{seen}” and lacks noplaintext: if a service offered AUTH without TLS, PLAIN and LOGIN would send the password in the clear. Set smtpd_sasl_security_options = noanonymous, noplaintext and, so that they still work inside TLS, smtpd_sasl_tls_security_options = noanonymous.',
  'smtp.saslType': 'In {file}, smtpd_sasl_type is “{seen}”, and Postfix can only talk to “cyrus” or “dovecot” (postconf -a lists them). Remove the line to use Cyrus, or set smtpd_sasl_type = dovecot and smtpd_sasl_path = private/auth.',
  'smtp.saslPathDovecot': 'In {file}, smtpd_sasl_type = dovecot, but smtpd_sasl_path is “{seen}”: Postfix would not find Dovecot\'s authentication socket. Add: smtpd_sasl_path = private/auth',
};
