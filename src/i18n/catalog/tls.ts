// Messages of the tls area: the TLS, SMTP AUTH and open relay lessons (lessons 02–04).
// Keys: "tls.*" and "smtp.*"; the same keys in es, ca and en.
export const es: Record<string, string> = {
  // el sandbox en vivo
  'tls.sandboxDown': 'No hay ningún servidor escuchando en 127.0.0.1:{port}: el sandbox no está en marcha. Arráncalo en otra terminal con «mailsec sandbox start» (o abre el cuaderno, que lo arranca solo) y vuelve a comprobar.',
  'tls.sessionBroken': 'El sandbox del puerto {port} ha cortado la sesión de la comprobación: {error}. Mira «mailsec sandbox status» y las últimas líneas de var/log/mail.log.',
  'tls.reloadRefused': 'El sandbox sigue con la configuración anterior porque rechazó tu última recarga: {issue}. Corrige esa línea y ejecuta «mailsec sandbox reload».',

  // la clave
  'tls.keyMissing': 'Todavía no existe la clave privada {path}. Genérala desde el espacio de trabajo con: openssl genrsa -out cert.key {bits}',
  'tls.keyEncrypted': '{path} está cifrada con una frase de contraseña. Postfix arranca sin nadie delante y no podría leerla. Genérala de nuevo sin -aes256: openssl genrsa -out cert.key 4096',
  'tls.keyUnreadable': '{path} no es una clave privada que se pueda leer ({error}). Genérala de nuevo con: openssl genrsa -out cert.key 4096',
  'tls.keyType': '{path} es una clave {seen}; el paso pide una clave RSA de al menos {bits} bits o una de curva elíptica P-256. Genérala de nuevo con: openssl genrsa -out cert.key 4096',
  'tls.keyBits': '{path} es una clave RSA de {seen} bits; el paso pide al menos {wanted}, porque una clave más corta ya se puede romper. Genérala de nuevo con: openssl genrsa -out cert.key 4096 (y vuelve a crear el certificado, que va ligado a la clave).',
  'tls.keyModeTooOpen': '{path} tiene los permisos {mode}: otros usuarios del sistema pueden leer tu clave privada. Debe permitir como mucho {max}. Prueba: chmod {max} {path}',
  'tls.keyOk': '{path}: clave RSA de {bits} bits.',

  // el certificado
  'tls.certMissing': 'Todavía no existe el certificado {path}. Créalo con: openssl req -new -x509 -key cert.key -out cert.crt -days {days} -subj "/CN={cn}" -addext "subjectAltName=DNS:{cn}"',
  'tls.certIsRequest': '{path} es una solicitud de certificado (CSR), no un certificado. Te ha faltado -x509 en openssl req: sin él, openssl prepara la solicitud para una autoridad de certificación en lugar de firmarla tú.',
  'tls.certUnreadable': '{path} no es un certificado PEM que se pueda leer ({error}). Créalo de nuevo con openssl req -new -x509 …',
  'tls.certCn': 'El certificado {path} es para «{seen}», pero tu servidor se llama {wanted}. Créalo de nuevo con -subj "/CN={wanted}" -addext "subjectAltName=DNS:{wanted}".',
  'tls.certNotYetValid': 'El certificado {path} no es válido hasta el {from}. ¿Tiene bien la fecha tu equipo? Créalo de nuevo.',
  'tls.certExpired': 'El certificado {path} caducó el {to}. Créalo de nuevo con -days {days}.',
  'tls.certDays': 'El certificado {path} dura {seen} días; el paso pide {wanted}. Créalo de nuevo con -days {wanted}.',
  'tls.certKeyMismatch': 'El certificado {cert} no corresponde a la clave {key}: se firmó con otra clave. Vuelve a crear el certificado con esa clave (openssl req -new -x509 -key …).',
  'tls.certOk': '{path}: CN={cn}, válido hasta el {to}, y corresponde a la clave.',

  // los archivos en su sitio
  'tls.keyNotMoved': 'La clave no está en {path}. Muévela desde el espacio de trabajo con: mv {from} {path}',
  'tls.certNotMoved': 'El certificado no está en {path}. Muévelo con: mv {from} {path}',
  'tls.keyLeftBehind': 'Queda una copia de la clave privada en {path}, además de la de {key}. Una clave repartida por carpetas es una clave que acaba filtrándose: bórrala con rm {path}',
  'tls.installedOk': '{key} ({mode}) y {cert} están en su sitio y se corresponden.',

  // main.cf
  'tls.configParam': 'En {file}, {name} vale «{seen}»; el paso pide «{wanted}». Deja la línea así: {name} = {wanted}',
  'tls.levelEncrypt': 'En {file}, smtpd_tls_security_level = encrypt obligaría a cifrar a todos los servidores que te envían correo, y los que no saben TLS ya no podrían entregarlo (RFC 3207 lo prohíbe en un servidor público). Usa {wanted}: TLS se ofrece y el cliente decide.',
  'tls.configFileMissing': 'En {file}, {name} apunta a {path}, pero ese archivo no existe en el espacio de trabajo. ¿Lo has movido donde dice el paso anterior?',
  'tls.configOk': '{file} ya usa tu clave y tu certificado, y ofrece TLS.',

  // STARTTLS
  'tls.starttlsRefused': 'El servidor del puerto {port} ha respondido «{reply}». Mira var/log/mail.log para ver por qué.',
  'tls.starttlsNotOffered': 'El sandbox (puerto {port}) no ofrece STARTTLS en su respuesta a EHLO. ¿Has recargado después de editar main.cf? Ejecuta «mailsec sandbox reload» y vuelve a comprobar.',
  'tls.servedOtherCert': 'El sandbox (puerto {port}) presenta otro certificado ({seen}), no tu {path}. Recarga con «mailsec sandbox reload» para que lea el archivo actual.',
  'tls.starttlsOk': 'El puerto {port} ofrece STARTTLS y presenta tu certificado (CN={cn}) con {tls}.',

  // la sesión del estudiante
  'tls.noSession': 'El sandbox todavía no ha visto ninguna sesión tuya. Conéctate con: openssl s_client -starttls smtp -connect 127.0.0.1:{port} -crlf',
  'tls.sessionPlain': 'Tus sesiones con el sandbox (EHLO {helo}) han ido sin cifrar. Conéctate con openssl s_client -starttls smtp -connect 127.0.0.1:{port} -crlf, que pide STARTTLS antes de nada.',
  'tls.sessionNoHelo': 'Tu última conexión con el sandbox (puerto {port}) ni siquiera llegó a saludar con EHLO. ¿Has usado openssl s_client sin -starttls smtp? Sin esa opción, openssl intenta TLS nada más conectar, y este puerto empieza hablando SMTP sin cifrar.',
  'tls.sessionOk': 'Tu sesión (EHLO {helo}) negoció {protocol} con el cifrado {cipher}.',

  // el correo y su código fuente
  'tls.noMail': 'El sandbox todavía no ha entregado ningún correo tuyo. Envía uno con: swaks --server 127.0.0.1:{port} --tls --to postmaster@{domain} (o con la tecla de envío del cuaderno).',
  'tls.mailNotTls': 'Los correos que has enviado han llegado sin cifrar («with ESMTP», sin la S). Envía otro pidiendo STARTTLS: swaks --server 127.0.0.1:{port} --tls …',
  'tls.sourceUnanswered': 'Escribe el identificador de cola («queue id») de tu correo: está en la cabecera Received, detrás de «with ESMTPS id».',
  'tls.sourceNotTls': '«{given}» es el identificador de un correo que llegó sin cifrar. Busca el de un correo enviado con TLS («with ESMTPS»).',
  'tls.sourceWrong': '«{given}» no es el identificador de ningún correo que hayas enviado con TLS. Abre el código fuente del mensaje y copia lo que va detrás de «with ESMTPS id».',
  'tls.sourceOk': 'Correcto: tu correo entró cifrado con el identificador {queueId}.',

  // SMTP AUTH: main.cf
  'smtp.configParam': 'En {file}, {name} vale «{seen}»; el paso pide «{wanted}». Deja la línea así: {name} = {wanted}',
  'smtp.tlsFirst': 'En {file}, smtpd_tls_security_level vale «{seen}»: tu servidor no ofrece TLS, y sin TLS las contraseñas viajarían a la vista. Termina antes la lección 02 (smtpd_tls_security_level = may).',
  'smtp.authOnlyOff': 'En {file}, smtpd_tls_auth_only vale «{seen}»: el servidor ofrecería AUTH también sin cifrar, y PLAIN y LOGIN mandan la contraseña solo en base64. Pon: smtpd_tls_auth_only = yes',
  'smtp.anonymousAllowed': 'En {file}, smtpd_sasl_security_options vale «{seen}» y no incluye noanonymous: cualquiera podría autenticarse como anónimo y enviar como un usuario. Pon: smtpd_sasl_security_options = noanonymous, noplaintext',
  'smtp.noPlaintextEverywhere': 'En {file}, noplaintext también se aplica dentro de TLS (smtpd_sasl_tls_security_options = {seen}): PLAIN y LOGIN quedarían prohibidos incluso cifrados, y el paso de AUTH PLAIN no podría funcionar. Añade: smtpd_sasl_tls_security_options = noanonymous',
  'smtp.authConfigOk': '{file} activa SMTP AUTH solo dentro de TLS.',

  // SMTP AUTH en vivo
  'smtp.authBeforeTls': 'El sandbox (puerto {port}) ofrece «{seen}» antes de STARTTLS: un cliente podría mandar la contraseña sin cifrar. Pon smtpd_tls_auth_only = yes en main.cf y ejecuta «mailsec sandbox reload».',
  'smtp.noStarttls': 'El sandbox (puerto {port}) no ofrece STARTTLS. Repasa la lección 02 (smtpd_tls_security_level = may) y ejecuta «mailsec sandbox reload».',
  'smtp.authNotOffered': 'El sandbox (puerto {port}) no ofrece AUTH ni siquiera después de STARTTLS. ¿Está smtpd_sasl_auth_enable = yes en main.cf y has ejecutado «mailsec sandbox reload»?',
  'smtp.mechanismMissing': 'Después de STARTTLS, el sandbox (puerto {port}) ofrece AUTH {seen}, pero falta {mechanism}. Revisa smtpd_sasl_security_options en main.cf y recarga.',
  'smtp.authAfterTlsOk': 'AUTH aparece solo después de STARTTLS: {mechanisms}.',

  // usuarios SASL
  'smtp.userMissing': 'Todavía no hay ningún usuario en {file}. Crea {user} con: printf \'secreto\\n\' | mailsec sandbox passwd {user}',
  'smtp.userOther': 'En {file} hay {seen}, pero no {user}. Crea {user} con: printf \'secreto\\n\' | mailsec sandbox passwd {user}',
  'smtp.userOk': 'El usuario {user} está en {file}.',

  // inicios de sesión vistos
  'smtp.authSeenOk': 'El sandbox ha visto tu inicio de sesión {mechanism} como {user}, dentro de TLS.',
  'smtp.authNoTls': 'Tu inicio de sesión {mechanism} ha funcionado, pero sin TLS. Hazlo dentro de openssl s_client -starttls smtp -connect 127.0.0.1:{port} -crlf',
  'smtp.authFailed': 'El sandbox ha rechazado tu AUTH {mechanism} como {user} (535 5.7.8). Revisa el usuario y la contraseña que has codificado: un carácter de más, como un salto de línea de echo sin -n, basta para que falle.',
  'smtp.authOtherMechanism': 'Has iniciado sesión con {seen}, pero este paso pide {mechanism}. Escribe AUTH {mechanism} en una sesión de openssl s_client.',
  'smtp.authNotSeen': 'El sandbox todavía no ha visto ningún AUTH {mechanism} tuyo. Abre una sesión con openssl s_client -starttls smtp -connect 127.0.0.1:{port} -crlf y sigue el paso.',

  // relay visto en los eventos
  'smtp.relayOpenSeen': 'Demostrado: tu servidor aceptó correo de {client} para {to}, otro dominio, sin autenticación. Es un relay abierto.',
  'smtp.relayAuthOk': 'Tu correo autenticado para {to} ha salido desde {client}: el relay sigue abierto para tus usuarios.',
  'smtp.relayNotSeen': 'El sandbox todavía no ha visto ningún intento de relay desde fuera. Conéctate al puerto de fuera ({port}) y envía un correo a un dominio ajeno, como victima@example.com.',
  'smtp.relayAuthNotSeen': 'Todavía no has enviado ningún correo autenticado a otro dominio desde el puerto de fuera ({port}). Usa swaks con --tls --auth PLAIN --auth-user alumno.',
  'smtp.relayNoAuth': 'Tus intentos desde fuera (puerto {port}) hacia otro dominio no iban autenticados. Repite el envío con --tls --auth PLAIN --auth-user alumno.',
  'smtp.relayNotOutside': 'Tu correo a otro dominio entró por el puerto «{seen}», desde 127.0.0.1, que está en mynetworks. Este paso quiere verlo llegar desde fuera: usa el puerto {port}.',
  'smtp.relayRefusedAlready': 'Tu servidor ha rechazado el relay desde fuera (puerto {port}): parece que ya lo has cerrado. Este paso quiere que veas primero el problema: vuelve a poner mynetworks = 0.0.0.0/0 127.0.0.0/8, recarga, repite la prueba y vuelve a cerrarlo en el paso siguiente.',
  'smtp.relayOnlyLocal': 'Desde fuera (puerto {port}) solo has enviado correo para tu propio dominio, y eso es entrega local, no relay. Prueba con un destinatario de otro dominio, como victima@example.com.',

  // main.cf del relay
  'smtp.mynetworksWide': 'En {file}, mynetworks incluye {entry}: todas esas direcciones se tratan como tu red de confianza y pueden enviar a cualquier sitio. Deja solo la red local: mynetworks = 127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128',
  'smtp.relayDefer': 'En {file}, smtpd_relay_restrictions = {seen} usa defer_unauth_destination: el spammer recibe un error temporal (4xx) y vuelve a intentarlo. Rechaza de forma definitiva: smtpd_relay_restrictions = {wanted}',
  'smtp.relayRestrictions': 'En {file}, smtpd_relay_restrictions = {seen} no incluye {item}. Postfix la lee en orden; déjala así: smtpd_relay_restrictions = {wanted}',
  'smtp.relayOrder': 'En {file}, smtpd_relay_restrictions = {seen} tiene {item} en mal lugar. Postfix se queda con la primera regla que decide, así que el orden importa: smtpd_relay_restrictions = {wanted}',
  'smtp.relayPermitEarly': 'En {file}, smtpd_relay_restrictions tiene {item} antes del rechazo final: lo que esa regla deja pasar ya no llega a reject_unauth_destination. Déjala así: smtpd_relay_restrictions = {wanted}',
  'smtp.relayConfigOk': '{file} solo confía en la red local y rechaza el relay sin autenticar.',

  // relay en vivo
  'smtp.unexpectedReply': 'El sandbox (puerto {port}) ha respondido a {command} con «{reply}», antes de llegar al destinatario. Mira var/log/mail.log para ver por qué.',
  'smtp.relayOpen': 'Sigue siendo un relay abierto: desde fuera (puerto {port}), RCPT TO:<{rcpt}> recibe «{reply}». ¿Has recargado después de editar main.cf? Ejecuta «mailsec sandbox reload».',
  'smtp.relayDeferred': 'Desde fuera (puerto {port}), RCPT TO:<{rcpt}> recibe «{reply}»: un rechazo temporal, así que el remitente volverá a intentarlo. Usa reject_unauth_destination y recarga.',
  'smtp.relayWrongReject': 'Desde fuera (puerto {port}), RCPT TO:<{rcpt}> recibe «{reply}», pero no «Relay access denied». Otra regla rechaza antes; revisa el orden de tus restricciones en main.cf.',
  'smtp.relayDeniedOk': 'Desde fuera, RCPT TO:<{rcpt}> recibe «{reply}».',
  'smtp.localOk': 'Desde fuera, RCPT TO:<{rcpt}> recibe «{reply}»: tu dominio sigue recibiendo correo.',
  'smtp.localRefused': 'Desde fuera (puerto {port}), RCPT TO:<{rcpt}> recibe «{reply}»: tu servidor ya no recibe correo de internet para su propio dominio. Revisa mydestination y smtpd_relay_restrictions (termina en reject_unauth_destination, no en «reject») y recarga.',
  'tls.probe.noConnection': 'no ha aceptado la conexión a {host}:{port} en {ms} ms',
  'tls.probe.overlong': 'ha enviado una respuesta demasiado larga',
  'tls.probe.closed': 'ha cerrado la conexión',
  'tls.probe.noReply': 'no ha respondido en {ms} ms',
  'tls.probe.notSmtp': 'ha respondido algo que no es SMTP: «{line}»',
  'tls.probe.noTls': 'no ha completado la negociación TLS en {ms} ms',
  'smtp.ev.authOk': '{client}: AUTH {mechanism} como {user}, aceptado{tls}',
  'smtp.ev.authFailed': '{client}: AUTH {mechanism} como {user}, rechazado{tls}',
};

export const ca: Record<string, string> = {
  'tls.sandboxDown': 'No hi ha cap servidor escoltant a 127.0.0.1:{port}: el sandbox no està en marxa. Engega\'l en un altre terminal amb «mailsec sandbox start» (o obre el quadern, que l\'engega sol) i torna a comprovar.',
  'tls.sessionBroken': 'El sandbox del port {port} ha tallat la sessió de la comprovació: {error}. Mira «mailsec sandbox status» i les últimes línies de var/log/mail.log.',
  'tls.reloadRefused': 'El sandbox continua amb la configuració anterior perquè va rebutjar la teva última recàrrega: {issue}. Corregeix aquesta línia i executa «mailsec sandbox reload».',

  'tls.keyMissing': 'Encara no existeix la clau privada {path}. Genera-la des de l\'espai de treball amb: openssl genrsa -out cert.key {bits}',
  'tls.keyEncrypted': '{path} està xifrada amb una frase de pas. Postfix arrenca sense ningú al davant i no la podria llegir. Torna-la a generar sense -aes256: openssl genrsa -out cert.key 4096',
  'tls.keyUnreadable': '{path} no és una clau privada que es pugui llegir ({error}). Torna-la a generar amb: openssl genrsa -out cert.key 4096',
  'tls.keyType': '{path} és una clau {seen}; el pas demana una clau RSA d\'almenys {bits} bits o una de corba el·líptica P-256. Torna-la a generar amb: openssl genrsa -out cert.key 4096',
  'tls.keyBits': '{path} és una clau RSA de {seen} bits; el pas en demana almenys {wanted}, perquè una clau més curta ja es pot trencar. Torna-la a generar amb: openssl genrsa -out cert.key 4096 (i torna a crear el certificat, que va lligat a la clau).',
  'tls.keyModeTooOpen': '{path} té els permisos {mode}: altres usuaris del sistema poden llegir la teva clau privada. Ha de permetre com a màxim {max}. Prova: chmod {max} {path}',
  'tls.keyOk': '{path}: clau RSA de {bits} bits.',

  'tls.certMissing': 'Encara no existeix el certificat {path}. Crea\'l amb: openssl req -new -x509 -key cert.key -out cert.crt -days {days} -subj "/CN={cn}" -addext "subjectAltName=DNS:{cn}"',
  'tls.certIsRequest': '{path} és una sol·licitud de certificat (CSR), no un certificat. T\'ha faltat -x509 a openssl req: sense aquesta opció, openssl prepara la sol·licitud per a una autoritat de certificació en lloc de signar-la tu.',
  'tls.certUnreadable': '{path} no és un certificat PEM que es pugui llegir ({error}). Torna\'l a crear amb openssl req -new -x509 …',
  'tls.certCn': 'El certificat {path} és per a «{seen}», però el teu servidor es diu {wanted}. Torna\'l a crear amb -subj "/CN={wanted}" -addext "subjectAltName=DNS:{wanted}".',
  'tls.certNotYetValid': 'El certificat {path} no és vàlid fins al {from}. Té bé la data el teu ordinador? Torna\'l a crear.',
  'tls.certExpired': 'El certificat {path} va caducar el {to}. Torna\'l a crear amb -days {days}.',
  'tls.certDays': 'El certificat {path} dura {seen} dies; el pas en demana {wanted}. Torna\'l a crear amb -days {wanted}.',
  'tls.certKeyMismatch': 'El certificat {cert} no correspon a la clau {key}: es va signar amb una altra clau. Torna a crear el certificat amb aquesta clau (openssl req -new -x509 -key …).',
  'tls.certOk': '{path}: CN={cn}, vàlid fins al {to}, i correspon a la clau.',

  'tls.keyNotMoved': 'La clau no és a {path}. Mou-la des de l\'espai de treball amb: mv {from} {path}',
  'tls.certNotMoved': 'El certificat no és a {path}. Mou-lo amb: mv {from} {path}',
  'tls.keyLeftBehind': 'Queda una còpia de la clau privada a {path}, a més de la de {key}. Una clau escampada per carpetes és una clau que acaba filtrant-se: esborra-la amb rm {path}',
  'tls.installedOk': '{key} ({mode}) i {cert} són al seu lloc i es corresponen.',

  'tls.configParam': 'A {file}, {name} val «{seen}»; el pas demana «{wanted}». Deixa la línia així: {name} = {wanted}',
  'tls.levelEncrypt': 'A {file}, smtpd_tls_security_level = encrypt obligaria a xifrar tots els servidors que t\'envien correu, i els que no saben TLS ja no el podrien lliurar (l\'RFC 3207 ho prohibeix en un servidor públic). Fes servir {wanted}: TLS s\'ofereix i el client decideix.',
  'tls.configFileMissing': 'A {file}, {name} apunta a {path}, però aquest fitxer no existeix a l\'espai de treball. L\'has mogut on diu el pas anterior?',
  'tls.configOk': '{file} ja fa servir la teva clau i el teu certificat, i ofereix TLS.',

  'tls.starttlsRefused': 'El servidor del port {port} ha respost «{reply}». Mira var/log/mail.log per veure per què.',
  'tls.starttlsNotOffered': 'El sandbox (port {port}) no ofereix STARTTLS en la seva resposta a EHLO. Has recarregat després d\'editar main.cf? Executa «mailsec sandbox reload» i torna a comprovar.',
  'tls.servedOtherCert': 'El sandbox (port {port}) presenta un altre certificat ({seen}), no el teu {path}. Recarrega amb «mailsec sandbox reload» perquè llegeixi el fitxer actual.',
  'tls.starttlsOk': 'El port {port} ofereix STARTTLS i presenta el teu certificat (CN={cn}) amb {tls}.',

  'tls.noSession': 'El sandbox encara no ha vist cap sessió teva. Connecta-t\'hi amb: openssl s_client -starttls smtp -connect 127.0.0.1:{port} -crlf',
  'tls.sessionPlain': 'Les teves sessions amb el sandbox (EHLO {helo}) han anat sense xifrar. Connecta-t\'hi amb openssl s_client -starttls smtp -connect 127.0.0.1:{port} -crlf, que demana STARTTLS abans de res.',
  'tls.sessionNoHelo': 'La teva última connexió amb el sandbox (port {port}) ni tan sols va arribar a saludar amb EHLO. Has fet servir openssl s_client sense -starttls smtp? Sense aquesta opció, openssl intenta TLS tan bon punt es connecta, i aquest port comença parlant SMTP sense xifrar.',
  'tls.sessionOk': 'La teva sessió (EHLO {helo}) va negociar {protocol} amb el xifratge {cipher}.',

  'tls.noMail': 'El sandbox encara no ha lliurat cap correu teu. Envia\'n un amb: swaks --server 127.0.0.1:{port} --tls --to postmaster@{domain} (o amb la tecla d\'enviament del quadern).',
  'tls.mailNotTls': 'Els correus que has enviat han arribat sense xifrar («with ESMTP», sense la S). Envia\'n un altre demanant STARTTLS: swaks --server 127.0.0.1:{port} --tls …',
  'tls.sourceUnanswered': 'Escriu l\'identificador de cua («queue id») del teu correu: és a la capçalera Received, darrere de «with ESMTPS id».',
  'tls.sourceNotTls': '«{given}» és l\'identificador d\'un correu que va arribar sense xifrar. Busca el d\'un correu enviat amb TLS («with ESMTPS»).',
  'tls.sourceWrong': '«{given}» no és l\'identificador de cap correu que hagis enviat amb TLS. Obre el codi font del missatge i copia el que va darrere de «with ESMTPS id».',
  'tls.sourceOk': 'Correcte: el teu correu va entrar xifrat amb l\'identificador {queueId}.',

  'smtp.configParam': 'A {file}, {name} val «{seen}»; el pas demana «{wanted}». Deixa la línia així: {name} = {wanted}',
  'smtp.tlsFirst': 'A {file}, smtpd_tls_security_level val «{seen}»: el teu servidor no ofereix TLS, i sense TLS les contrasenyes viatjarien a la vista. Acaba abans la lliçó 02 (smtpd_tls_security_level = may).',
  'smtp.authOnlyOff': 'A {file}, smtpd_tls_auth_only val «{seen}»: el servidor oferiria AUTH també sense xifrar, i PLAIN i LOGIN envien la contrasenya només en base64. Posa: smtpd_tls_auth_only = yes',
  'smtp.anonymousAllowed': 'A {file}, smtpd_sasl_security_options val «{seen}» i no inclou noanonymous: qualsevol es podria autenticar com a anònim i enviar com un usuari. Posa: smtpd_sasl_security_options = noanonymous, noplaintext',
  'smtp.noPlaintextEverywhere': 'A {file}, noplaintext també s\'aplica dins de TLS (smtpd_sasl_tls_security_options = {seen}): PLAIN i LOGIN quedarien prohibits fins i tot xifrats, i el pas d\'AUTH PLAIN no podria funcionar. Afegeix: smtpd_sasl_tls_security_options = noanonymous',
  'smtp.authConfigOk': '{file} activa SMTP AUTH només dins de TLS.',

  'smtp.authBeforeTls': 'El sandbox (port {port}) ofereix «{seen}» abans de STARTTLS: un client podria enviar la contrasenya sense xifrar. Posa smtpd_tls_auth_only = yes a main.cf i executa «mailsec sandbox reload».',
  'smtp.noStarttls': 'El sandbox (port {port}) no ofereix STARTTLS. Repassa la lliçó 02 (smtpd_tls_security_level = may) i executa «mailsec sandbox reload».',
  'smtp.authNotOffered': 'El sandbox (port {port}) no ofereix AUTH ni tan sols després de STARTTLS. Tens smtpd_sasl_auth_enable = yes a main.cf i has executat «mailsec sandbox reload»?',
  'smtp.mechanismMissing': 'Després de STARTTLS, el sandbox (port {port}) ofereix AUTH {seen}, però hi falta {mechanism}. Revisa smtpd_sasl_security_options a main.cf i recarrega.',
  'smtp.authAfterTlsOk': 'AUTH apareix només després de STARTTLS: {mechanisms}.',

  'smtp.userMissing': 'Encara no hi ha cap usuari a {file}. Crea {user} amb: printf \'secreto\\n\' | mailsec sandbox passwd {user}',
  'smtp.userOther': 'A {file} hi ha {seen}, però no {user}. Crea {user} amb: printf \'secreto\\n\' | mailsec sandbox passwd {user}',
  'smtp.userOk': 'L\'usuari {user} és a {file}.',

  'smtp.authSeenOk': 'El sandbox ha vist el teu inici de sessió {mechanism} com a {user}, dins de TLS.',
  'smtp.authNoTls': 'El teu inici de sessió {mechanism} ha funcionat, però sense TLS. Fes-lo dins d\'openssl s_client -starttls smtp -connect 127.0.0.1:{port} -crlf',
  'smtp.authFailed': 'El sandbox ha rebutjat el teu AUTH {mechanism} com a {user} (535 5.7.8). Revisa l\'usuari i la contrasenya que has codificat: un caràcter de més, com el salt de línia d\'un echo sense -n, n\'hi ha prou perquè falli.',
  'smtp.authOtherMechanism': 'Has iniciat sessió amb {seen}, però aquest pas demana {mechanism}. Escriu AUTH {mechanism} en una sessió d\'openssl s_client.',
  'smtp.authNotSeen': 'El sandbox encara no ha vist cap AUTH {mechanism} teu. Obre una sessió amb openssl s_client -starttls smtp -connect 127.0.0.1:{port} -crlf i segueix el pas.',

  'smtp.relayOpenSeen': 'Demostrat: el teu servidor va acceptar correu de {client} per a {to}, un altre domini, sense autenticació. És un relay obert.',
  'smtp.relayAuthOk': 'El teu correu autenticat per a {to} ha sortit des de {client}: el relay continua obert per als teus usuaris.',
  'smtp.relayNotSeen': 'El sandbox encara no ha vist cap intent de relay des de fora. Connecta\'t al port de fora ({port}) i envia un correu a un domini aliè, com ara victima@example.com.',
  'smtp.relayAuthNotSeen': 'Encara no has enviat cap correu autenticat a un altre domini des del port de fora ({port}). Fes servir swaks amb --tls --auth PLAIN --auth-user alumno.',
  'smtp.relayNoAuth': 'Els teus intents des de fora (port {port}) cap a un altre domini no anaven autenticats. Repeteix l\'enviament amb --tls --auth PLAIN --auth-user alumno.',
  'smtp.relayNotOutside': 'El teu correu a un altre domini va entrar pel port «{seen}», des de 127.0.0.1, que és a mynetworks. Aquest pas vol veure\'l arribar des de fora: fes servir el port {port}.',
  'smtp.relayRefusedAlready': 'El teu servidor ha rebutjat el relay des de fora (port {port}): sembla que ja l\'has tancat. Aquest pas vol que vegis primer el problema: torna a posar mynetworks = 0.0.0.0/0 127.0.0.0/8, recarrega, repeteix la prova i torna a tancar-lo al pas següent.',
  'smtp.relayOnlyLocal': 'Des de fora (port {port}) només has enviat correu per al teu propi domini, i això és lliurament local, no relay. Prova amb un destinatari d\'un altre domini, com ara victima@example.com.',

  'smtp.mynetworksWide': 'A {file}, mynetworks inclou {entry}: totes aquestes adreces es tracten com la teva xarxa de confiança i poden enviar a qualsevol lloc. Deixa-hi només la xarxa local: mynetworks = 127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128',
  'smtp.relayDefer': 'A {file}, smtpd_relay_restrictions = {seen} fa servir defer_unauth_destination: l\'spammer rep un error temporal (4xx) i ho torna a provar. Rebutja de manera definitiva: smtpd_relay_restrictions = {wanted}',
  'smtp.relayRestrictions': 'A {file}, smtpd_relay_restrictions = {seen} no inclou {item}. Postfix la llegeix en ordre; deixa-la així: smtpd_relay_restrictions = {wanted}',
  'smtp.relayOrder': 'A {file}, smtpd_relay_restrictions = {seen} té {item} en un lloc equivocat. Postfix es queda amb la primera regla que decideix, així que l\'ordre importa: smtpd_relay_restrictions = {wanted}',
  'smtp.relayPermitEarly': 'A {file}, smtpd_relay_restrictions té {item} abans del rebuig final: el que aquesta regla deixa passar ja no arriba a reject_unauth_destination. Deixa-la així: smtpd_relay_restrictions = {wanted}',
  'smtp.relayConfigOk': '{file} només confia en la xarxa local i rebutja el relay sense autenticar.',

  'smtp.unexpectedReply': 'El sandbox (port {port}) ha respost a {command} amb «{reply}», abans d\'arribar al destinatari. Mira var/log/mail.log per veure per què.',
  'smtp.relayOpen': 'Continua sent un relay obert: des de fora (port {port}), RCPT TO:<{rcpt}> rep «{reply}». Has recarregat després d\'editar main.cf? Executa «mailsec sandbox reload».',
  'smtp.relayDeferred': 'Des de fora (port {port}), RCPT TO:<{rcpt}> rep «{reply}»: un rebuig temporal, així que el remitent ho tornarà a provar. Fes servir reject_unauth_destination i recarrega.',
  'smtp.relayWrongReject': 'Des de fora (port {port}), RCPT TO:<{rcpt}> rep «{reply}», però no «Relay access denied». Una altra regla rebutja abans; revisa l\'ordre de les teves restriccions a main.cf.',
  'smtp.relayDeniedOk': 'Des de fora, RCPT TO:<{rcpt}> rep «{reply}».',
  'smtp.localOk': 'Des de fora, RCPT TO:<{rcpt}> rep «{reply}»: el teu domini continua rebent correu.',
  'smtp.localRefused': 'Des de fora (port {port}), RCPT TO:<{rcpt}> rep «{reply}»: el teu servidor ja no rep correu d\'internet per al seu propi domini. Revisa mydestination i smtpd_relay_restrictions (acaba en reject_unauth_destination, no en «reject») i recarrega.',
  'tls.probe.noConnection': 'no ha acceptat la connexió a {host}:{port} en {ms} ms',
  'tls.probe.overlong': 'ha enviat una resposta massa llarga',
  'tls.probe.closed': 'ha tancat la connexió',
  'tls.probe.noReply': 'no ha respost en {ms} ms',
  'tls.probe.notSmtp': 'ha respost una cosa que no és SMTP: «{line}»',
  'tls.probe.noTls': 'no ha completat la negociació TLS en {ms} ms',
  'smtp.ev.authOk': '{client}: AUTH {mechanism} com a {user}, acceptat{tls}',
  'smtp.ev.authFailed': '{client}: AUTH {mechanism} com a {user}, rebutjat{tls}',
};

export const en: Record<string, string> = {
  'tls.sandboxDown': 'Nothing is listening on 127.0.0.1:{port}: the sandbox is not running. Start it in another terminal with “mailsec sandbox start” (or open the workbook, which starts it for you) and check again.',
  'tls.sessionBroken': 'The sandbox on port {port} cut the check’s session short: {error}. Look at “mailsec sandbox status” and the last lines of var/log/mail.log.',
  'tls.reloadRefused': 'The sandbox is still running the previous configuration because it refused your last reload: {issue}. Fix that line and run “mailsec sandbox reload”.',

  'tls.keyMissing': 'The private key {path} does not exist yet. Generate it from the workspace with: openssl genrsa -out cert.key {bits}',
  'tls.keyEncrypted': '{path} is encrypted with a passphrase. Postfix starts with nobody at the keyboard and could not read it. Generate it again without -aes256: openssl genrsa -out cert.key 4096',
  'tls.keyUnreadable': '{path} is not a private key that can be read ({error}). Generate it again with: openssl genrsa -out cert.key 4096',
  'tls.keyType': '{path} is a {seen} key; the step asks for an RSA key of at least {bits} bits or a P-256 elliptic-curve key. Generate it again with: openssl genrsa -out cert.key 4096',
  'tls.keyBits': '{path} is a {seen}-bit RSA key; the step asks for at least {wanted}, because a shorter key can already be broken. Generate it again with: openssl genrsa -out cert.key 4096 (and make the certificate again, since it is bound to the key).',
  'tls.keyModeTooOpen': '{path} has mode {mode}: other users on the system can read your private key. It must allow at most {max}. Try: chmod {max} {path}',
  'tls.keyOk': '{path}: a {bits}-bit RSA key.',

  'tls.certMissing': 'The certificate {path} does not exist yet. Make it with: openssl req -new -x509 -key cert.key -out cert.crt -days {days} -subj "/CN={cn}" -addext "subjectAltName=DNS:{cn}"',
  'tls.certIsRequest': '{path} is a certificate signing request (CSR), not a certificate. You left -x509 out of openssl req: without it, openssl prepares a request for a certificate authority instead of signing it yourself.',
  'tls.certUnreadable': '{path} is not a PEM certificate that can be read ({error}). Make it again with openssl req -new -x509 …',
  'tls.certCn': 'The certificate {path} is for “{seen}”, but your server is called {wanted}. Make it again with -subj "/CN={wanted}" -addext "subjectAltName=DNS:{wanted}".',
  'tls.certNotYetValid': 'The certificate {path} is not valid until {from}. Is your computer’s date right? Make it again.',
  'tls.certExpired': 'The certificate {path} expired on {to}. Make it again with -days {days}.',
  'tls.certDays': 'The certificate {path} lasts {seen} days; the step asks for {wanted}. Make it again with -days {wanted}.',
  'tls.certKeyMismatch': 'The certificate {cert} does not belong to the key {key}: it was signed with another key. Make the certificate again with that key (openssl req -new -x509 -key …).',
  'tls.certOk': '{path}: CN={cn}, valid until {to}, and it matches the key.',

  'tls.keyNotMoved': 'The key is not at {path}. Move it from the workspace with: mv {from} {path}',
  'tls.certNotMoved': 'The certificate is not at {path}. Move it with: mv {from} {path}',
  'tls.keyLeftBehind': 'A copy of the private key is still at {path}, besides the one at {key}. A key scattered across folders is a key that ends up leaking: delete it with rm {path}',
  'tls.installedOk': '{key} ({mode}) and {cert} are in place and match.',

  'tls.configParam': 'In {file}, {name} is “{seen}”; the step asks for “{wanted}”. Make the line read: {name} = {wanted}',
  'tls.levelEncrypt': 'In {file}, smtpd_tls_security_level = encrypt would force every server that sends you mail to encrypt, and those that cannot do TLS could no longer deliver (RFC 3207 forbids it on a public server). Use {wanted}: TLS is offered and the client decides.',
  'tls.configFileMissing': 'In {file}, {name} points to {path}, but that file does not exist in the workspace. Did you move it where the previous step says?',
  'tls.configOk': '{file} now uses your key and your certificate, and offers TLS.',

  'tls.starttlsRefused': 'The server on port {port} answered “{reply}”. Look at var/log/mail.log to see why.',
  'tls.starttlsNotOffered': 'The sandbox (port {port}) does not offer STARTTLS in its reply to EHLO. Did you reload after editing main.cf? Run “mailsec sandbox reload” and check again.',
  'tls.servedOtherCert': 'The sandbox (port {port}) presents another certificate ({seen}), not your {path}. Reload with “mailsec sandbox reload” so it reads the current file.',
  'tls.starttlsOk': 'Port {port} offers STARTTLS and presents your certificate (CN={cn}) with {tls}.',

  'tls.noSession': 'The sandbox has not seen any session of yours yet. Connect with: openssl s_client -starttls smtp -connect 127.0.0.1:{port} -crlf',
  'tls.sessionPlain': 'Your sessions with the sandbox (EHLO {helo}) were not encrypted. Connect with openssl s_client -starttls smtp -connect 127.0.0.1:{port} -crlf, which asks for STARTTLS before anything else.',
  'tls.sessionNoHelo': 'Your last connection to the sandbox (port {port}) never even said EHLO. Did you run openssl s_client without -starttls smtp? Without it, openssl tries TLS as soon as it connects, and this port starts by speaking plain SMTP.',
  'tls.sessionOk': 'Your session (EHLO {helo}) negotiated {protocol} with the cipher {cipher}.',

  'tls.noMail': 'The sandbox has not delivered any mail of yours yet. Send one with: swaks --server 127.0.0.1:{port} --tls --to postmaster@{domain} (or with the workbook’s send key).',
  'tls.mailNotTls': 'The mails you sent arrived unencrypted (with ESMTP, no S). Send another one asking for STARTTLS: swaks --server 127.0.0.1:{port} --tls …',
  'tls.sourceUnanswered': 'Type your mail’s queue id: it is in the Received header, after “with ESMTPS id”.',
  'tls.sourceNotTls': '“{given}” is the id of a mail that arrived unencrypted. Look for the one of a mail sent over TLS (with ESMTPS).',
  'tls.sourceWrong': '“{given}” is not the id of any mail you sent over TLS. Open the message’s source and copy what follows “with ESMTPS id”.',
  'tls.sourceOk': 'Right: your mail came in encrypted with the queue id {queueId}.',

  'smtp.configParam': 'In {file}, {name} is “{seen}”; the step asks for “{wanted}”. Make the line read: {name} = {wanted}',
  'smtp.tlsFirst': 'In {file}, smtpd_tls_security_level is “{seen}”: your server offers no TLS, and without TLS passwords would travel in the clear. Finish lesson 02 first (smtpd_tls_security_level = may).',
  'smtp.authOnlyOff': 'In {file}, smtpd_tls_auth_only is “{seen}”: the server would offer AUTH unencrypted too, and PLAIN and LOGIN send the password merely base64-encoded. Set: smtpd_tls_auth_only = yes',
  'smtp.anonymousAllowed': 'In {file}, smtpd_sasl_security_options is “{seen}” and lacks noanonymous: anyone could authenticate anonymously and send as a user. Set: smtpd_sasl_security_options = noanonymous, noplaintext',
  'smtp.noPlaintextEverywhere': 'In {file}, noplaintext applies inside TLS too (smtpd_sasl_tls_security_options = {seen}): PLAIN and LOGIN would be forbidden even when encrypted, and the AUTH PLAIN step could not work. Add: smtpd_sasl_tls_security_options = noanonymous',
  'smtp.authConfigOk': '{file} enables SMTP AUTH only inside TLS.',

  'smtp.authBeforeTls': 'The sandbox (port {port}) offers “{seen}” before STARTTLS: a client could send its password unencrypted. Set smtpd_tls_auth_only = yes in main.cf and run “mailsec sandbox reload”.',
  'smtp.noStarttls': 'The sandbox (port {port}) does not offer STARTTLS. Go back over lesson 02 (smtpd_tls_security_level = may) and run “mailsec sandbox reload”.',
  'smtp.authNotOffered': 'The sandbox (port {port}) does not offer AUTH even after STARTTLS. Is smtpd_sasl_auth_enable = yes in main.cf, and did you run “mailsec sandbox reload”?',
  'smtp.mechanismMissing': 'After STARTTLS the sandbox (port {port}) offers AUTH {seen}, but {mechanism} is missing. Check smtpd_sasl_security_options in main.cf and reload.',
  'smtp.authAfterTlsOk': 'AUTH appears only after STARTTLS: {mechanisms}.',

  'smtp.userMissing': 'There is no user in {file} yet. Create {user} with: printf \'secreto\\n\' | mailsec sandbox passwd {user}',
  'smtp.userOther': '{file} holds {seen}, but not {user}. Create {user} with: printf \'secreto\\n\' | mailsec sandbox passwd {user}',
  'smtp.userOk': 'The user {user} is in {file}.',

  'smtp.authSeenOk': 'The sandbox saw your {mechanism} login as {user}, inside TLS.',
  'smtp.authNoTls': 'Your {mechanism} login worked, but without TLS. Do it inside openssl s_client -starttls smtp -connect 127.0.0.1:{port} -crlf',
  'smtp.authFailed': 'The sandbox refused your AUTH {mechanism} as {user} (535 5.7.8). Check the user name and password you encoded: one character too many, such as the newline of an echo without -n, is enough to make it fail.',
  'smtp.authOtherMechanism': 'You logged in with {seen}, but this step asks for {mechanism}. Type AUTH {mechanism} in an openssl s_client session.',
  'smtp.authNotSeen': 'The sandbox has not seen any AUTH {mechanism} of yours yet. Open a session with openssl s_client -starttls smtp -connect 127.0.0.1:{port} -crlf and follow the step.',

  'smtp.relayOpenSeen': 'Proven: your server accepted mail from {client} for {to}, another domain, without authentication. It is an open relay.',
  'smtp.relayAuthOk': 'Your authenticated mail for {to} went out from {client}: relaying stays open to your own users.',
  'smtp.relayNotSeen': 'The sandbox has not seen any relay attempt from outside yet. Connect to the outside port ({port}) and send a mail to a foreign domain, such as victima@example.com.',
  'smtp.relayAuthNotSeen': 'You have not yet sent any authenticated mail to another domain from the outside port ({port}). Use swaks with --tls --auth PLAIN --auth-user alumno.',
  'smtp.relayNoAuth': 'Your attempts from outside (port {port}) to another domain were not authenticated. Send again with --tls --auth PLAIN --auth-user alumno.',
  'smtp.relayNotOutside': 'Your mail to another domain came in on the “{seen}” port, from 127.0.0.1, which is in mynetworks. This step wants to see it arrive from outside: use port {port}.',
  'smtp.relayRefusedAlready': 'Your server refused relaying from outside (port {port}): it looks as if you have already closed it. This step wants you to see the problem first: put back mynetworks = 0.0.0.0/0 127.0.0.0/8, reload, repeat the test, and close it again in the next step.',
  'smtp.relayOnlyLocal': 'From outside (port {port}) you have only sent mail for your own domain, and that is local delivery, not relaying. Try a recipient in another domain, such as victima@example.com.',

  'smtp.mynetworksWide': 'In {file}, mynetworks includes {entry}: every one of those addresses is treated as your trusted network and may send anywhere. Keep only the local network: mynetworks = 127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128',
  'smtp.relayDefer': 'In {file}, smtpd_relay_restrictions = {seen} uses defer_unauth_destination: the spammer gets a temporary error (4xx) and tries again. Refuse for good: smtpd_relay_restrictions = {wanted}',
  'smtp.relayRestrictions': 'In {file}, smtpd_relay_restrictions = {seen} lacks {item}. Postfix reads it in order; make it: smtpd_relay_restrictions = {wanted}',
  'smtp.relayOrder': 'In {file}, smtpd_relay_restrictions = {seen} has {item} in the wrong place. Postfix stops at the first rule that decides, so the order matters: smtpd_relay_restrictions = {wanted}',
  'smtp.relayPermitEarly': 'In {file}, smtpd_relay_restrictions has {item} before the final reject: whatever that permit lets through never reaches reject_unauth_destination. Make it: smtpd_relay_restrictions = {wanted}',
  'smtp.relayConfigOk': '{file} trusts only the local network and refuses unauthenticated relaying.',

  'smtp.unexpectedReply': 'The sandbox (port {port}) answered {command} with “{reply}”, before the recipient was reached. Look at var/log/mail.log to see why.',
  'smtp.relayOpen': 'It is still an open relay: from outside (port {port}), RCPT TO:<{rcpt}> gets “{reply}”. Did you reload after editing main.cf? Run “mailsec sandbox reload”.',
  'smtp.relayDeferred': 'From outside (port {port}), RCPT TO:<{rcpt}> gets “{reply}”: a temporary refusal, so the sender will simply try again. Use reject_unauth_destination and reload.',
  'smtp.relayWrongReject': 'From outside (port {port}), RCPT TO:<{rcpt}> gets “{reply}”, but not “Relay access denied”. Another rule rejects first; check the order of your restrictions in main.cf.',
  'smtp.relayDeniedOk': 'From outside, RCPT TO:<{rcpt}> gets “{reply}”.',
  'smtp.localOk': 'From outside, RCPT TO:<{rcpt}> gets “{reply}”: your domain still receives mail.',
  'smtp.localRefused': 'From outside (port {port}), RCPT TO:<{rcpt}> gets “{reply}”: your server no longer receives mail from the internet for its own domain. Check mydestination and smtpd_relay_restrictions (it ends in reject_unauth_destination, not reject) and reload.',
  'tls.probe.noConnection': 'it did not take the connection to {host}:{port} within {ms} ms',
  'tls.probe.overlong': 'it sent an overlong reply',
  'tls.probe.closed': 'it closed the connection',
  'tls.probe.noReply': 'it did not answer within {ms} ms',
  'tls.probe.notSmtp': 'it answered something that is not SMTP: “{line}”',
  'tls.probe.noTls': 'it did not finish the TLS handshake within {ms} ms',
  'smtp.ev.authOk': '{client}: AUTH {mechanism} user={user} ok{tls}',
  'smtp.ev.authFailed': '{client}: AUTH {mechanism} user={user} failed{tls}',
};
