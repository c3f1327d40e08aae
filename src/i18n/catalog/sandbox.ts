// Messages of the sandbox area. Keys: "sandbox.*"; same keys in es, ca and en.
// sandbox.why.* explain one decision of the sandbox (a restriction, a check table) to the learner.
export const es: Record<string, string> = {
  'sandbox.loopbackOnly': 'El sandbox solo escucha en 127.0.0.1, no en {host}: nada sale de esta máquina.',
  'sandbox.portInUse': 'El puerto {port} ({what}) ya está ocupado. ¿Hay otro sandbox en marcha? Prueba «mailsec sandbox status» o elige otros puertos con MAILSEC_SMTP_PORT, MAILSEC_SUBMISSION_PORT, MAILSEC_SMTPS_PORT, MAILSEC_OUTSIDE_PORT y MAILSEC_DNS_PORT.',

  'sandbox.cli.usage': `Uso:
  mailsec sandbox start          arranca el servidor de correo de prácticas (hasta Ctrl-C)
  mailsec sandbox stop           lo detiene
  mailsec sandbox status [--json]   puertos, estado de la configuración, contadores
  mailsec sandbox reload         vuelve a leer main.cf, master.cf, las tablas y el certificado
  mailsec sandbox check          revisa la configuración como «postfix check»
  mailsec sandbox passwd USUARIO guarda la contraseña de USUARIO para SMTP AUTH (se lee de la entrada estándar)`,
  'sandbox.cli.alreadyRunning': 'Ya hay un sandbox en marcha para {dir} (proceso {pid}, SMTP en el puerto {port}). Para pararlo: mailsec sandbox stop',
  'sandbox.cli.started': `Sandbox en marcha para {dir}
  SMTP        {host}:{smtp}
  submission  {host}:{submission}
  SMTPS       {host}:{smtps} (TLS implícito)
  exterior    {host}:{outside} (cada cliente aparece como {outsideAddr}, un equipo de Internet)
  DNS         {host}:{dns}
Registro: var/log/mail.log. Ctrl-C para pararlo; «mailsec sandbox reload» tras editar la configuración.`,
  'sandbox.cli.stopped': 'Sandbox detenido ({signal}).',
  'sandbox.cli.stoppedPid': 'Sandbox detenido (proceso {pid}).',
  'sandbox.cli.notRunning': 'No hay ningún sandbox en marcha para {dir}. Arráncalo con: mailsec sandbox start',
  'sandbox.cli.stale': 'El sandbox registrado (proceso {pid}) ya no estaba en marcha; he borrado su registro.',
  'sandbox.cli.stopTimeout': 'El sandbox (proceso {pid}) no se ha detenido a tiempo. Prueba otra vez o termina el proceso {pid}.',
  'sandbox.cli.reloaded': 'Configuración recargada.',
  'sandbox.cli.reloadRefused': 'Recarga rechazada: hay errores en la configuración. El sandbox sigue sirviendo con la última configuración buena (un Postfix real dejaría de aceptar conexiones). Corrige el fichero y la línea indicados y vuelve a recargar.',
  'sandbox.cli.reloadNoAnswer': 'El sandbox (proceso {pid}) no ha contestado a la recarga. Mira var/log/mail.log.',
  'sandbox.cli.configOk': 'Configuración: correcta.',
  'sandbox.cli.configError': 'Configuración: con errores (fichero y línea arriba). Corrígelos y ejecuta «mailsec sandbox reload».',
  'sandbox.cli.checkOk': 'main.cf y master.cf sin errores.',
  'sandbox.cli.checkWarnings': 'Sin errores fatales; {n} aviso(s) arriba.',
  'sandbox.cli.statusRunning': 'Sandbox en marcha (proceso {pid}, desde hace {uptime} s): SMTP {host}:{smtp}, submission {submission}, SMTPS {smtps}, exterior {outside}, DNS {dns}.',
  'sandbox.cli.statusCounts': 'Conexiones {connections}, mensajes aceptados {messages}, entregas {delivered}, rechazos {rejected}, AUTH correctos {authOk}, AUTH fallidos {authFailed}.',
  'sandbox.cli.badUser': 'Nombre de usuario no válido: «{user}». Usa letras, números, punto, guion o guion bajo (por ejemplo: mailsec sandbox passwd alumno).',
  'sandbox.cli.emptyPassword': 'No he recibido ninguna contraseña. Escríbela, o pásala por la entrada estándar: «echo secreto | mailsec sandbox passwd alumno»',
  'sandbox.cli.passwordPrompt': 'Contraseña para {user}: ',
  'sandbox.cli.passwordSet': 'Contraseña de {user} guardada en {file} (permisos 0600). PLAIN y LOGIN se comprueban con un hash «scrypt» con sal; CRAM-MD5 y DIGEST-MD5 obligan a guardar un secreto equivalente a la contraseña.',

  'sandbox.why.permit': '«permit»: acepta siempre.',
  'sandbox.why.dunno': '«dunno»: no decide; decide la siguiente restricción.',
  'sandbox.why.reject': '«reject»: rechaza siempre.',
  'sandbox.why.defer': '«defer»: pide siempre al cliente que lo intente más tarde.',
  'sandbox.why.inMynetworks': '{addr} está en mynetworks ({match}): se acepta sin más preguntas.',
  'sandbox.why.notInMynetworks': '{addr} no está en mynetworks ({mynetworks}).',
  'sandbox.why.authenticated': 'El cliente se ha autenticado como {username} ({method}): se acepta.',
  'sandbox.why.notAuthenticated': 'El cliente no se ha autenticado.',
  'sandbox.why.localDestination': '{domain} está en mydestination: el correo para ese dominio se entrega aquí.',
  'sandbox.why.relayDestination': '{domain} está en relay_domains.',
  'sandbox.why.foreignDestinationDunno': '{domain} no está ni en mydestination ni en relay_domains.',
  'sandbox.why.relayRefused': '{domain} no está en mydestination ({mydestination}) ni en relay_domains: reject_unauth_destination rechaza reenviar (relay) el correo.',
  'sandbox.why.relayDeferred': '{domain} no está en mydestination ({mydestination}) ni en relay_domains: defer_unauth_destination pide que se intente más tarde.',
  'sandbox.why.nullSender': 'El remitente vacío <> no se comprueba.',
  'sandbox.why.fqdn': '{addr} tiene un dominio completo.',
  'sandbox.why.notFqdn': '{addr} no es una dirección completa (usuario@dominio.tld).',
  'sandbox.why.noHelo': 'El cliente no ha enviado HELO/EHLO.',
  'sandbox.why.heloOk': 'El nombre de saludo {helo} es válido.',
  'sandbox.why.heloBad': 'El nombre de saludo {helo} no es válido.',
  'sandbox.why.tableMissing': 'No se puede leer la tabla {table}: error de configuración del servidor.',
  'sandbox.why.noAddress': 'Todavía no hay dirección que buscar.',
  'sandbox.why.notListed': '{key} no aparece en {table}.',
  'sandbox.why.tableOk': '{key} aparece en {table} como {action}: se acepta.',
  'sandbox.why.tableDunno': '{key} aparece en {table} como «DUNNO»: decide la siguiente restricción.',
  'sandbox.why.tableReject': '{key} aparece en {table} como «{action}»: se rechaza.',
  'sandbox.why.tableAction': '{key} aparece en {table} como {action}: se anota y se sigue.',
  'sandbox.why.tableBad': '{key} aparece en {table} con una acción que Postfix no conoce («{action}»): error de configuración.',
  'sandbox.why.tableRestrictions': '{key} aparece en {table} como «{action}»: deciden esas restricciones.',
  'sandbox.why.rblError': 'No se ha podido consultar la lista {list} ({error}): no decide.',
  'sandbox.why.rblFiltered': '{addr} está en {list} con {answer}, que no es {filter}: no decide.',
  'sandbox.why.rblClean': '{addr} no está en la lista negra {list}.',
  'sandbox.why.rblListed': '{addr} está en la lista negra {list} ({answer}): se rechaza.',
  'sandbox.why.warnIfReject': 'warn_if_reject: la siguiente restricción solo avisa en el registro, no rechaza.',
  'sandbox.why.pipelining': 'El cliente ha enviado órdenes antes de recibir la respuesta («pipelining» indebido).',
  'sandbox.why.noPipelining': 'El cliente ha esperado cada respuesta.',
  'sandbox.why.multiBounce': 'Un rebote (remitente <>) con más de un destinatario.',
  'sandbox.why.notMultiBounce': 'No es un rebote con varios destinatarios.',
  'sandbox.why.notSimulated': 'El sandbox no simula {restriction}: no decide.',
  'sandbox.why.checkReject': '«{what}» coincide con {table} ({action}): se rechaza el mensaje.',
  'sandbox.why.checkDiscard': '«{what}» coincide con {table} ({action}): el mensaje se descarta sin avisar.',
  'sandbox.why.checkWarn': '«{what}» coincide con {table} ({action}): solo se anota en el registro.',
  'sandbox.why.checkIgnore': '«{what}» coincide con {table}: se quita esa cabecera.',
  'sandbox.why.checkReplace': '«{what}» coincide con {table}: se sustituye.',
  'sandbox.why.checkPrepend': '«{what}» coincide con {table}: se añade una línea delante.',
  'sandbox.why.checkDunno': '«{what}» coincide con {table} ({action}): sin acción.',
};

export const ca: Record<string, string> = {
  'sandbox.loopbackOnly': 'El sandbox només escolta a 127.0.0.1, no a {host}: res no surt d’aquesta màquina.',
  'sandbox.portInUse': 'El port {port} ({what}) ja està ocupat. Hi ha un altre sandbox en marxa? Prova «mailsec sandbox status» o tria altres ports amb MAILSEC_SMTP_PORT, MAILSEC_SUBMISSION_PORT, MAILSEC_SMTPS_PORT, MAILSEC_OUTSIDE_PORT i MAILSEC_DNS_PORT.',

  'sandbox.cli.usage': `Ús:
  mailsec sandbox start          engega el servidor de correu de pràctiques (fins a Ctrl-C)
  mailsec sandbox stop           l’atura
  mailsec sandbox status [--json]   ports, estat de la configuració, comptadors
  mailsec sandbox reload         torna a llegir main.cf, master.cf, les taules i el certificat
  mailsec sandbox check          revisa la configuració com «postfix check»
  mailsec sandbox passwd USUARI  desa la contrasenya d’un usuari per a SMTP AUTH (es llegeix de l’entrada estàndard)`,
  'sandbox.cli.alreadyRunning': 'Ja hi ha un sandbox en marxa per a {dir} (procés {pid}, SMTP al port {port}). Per aturar-lo: mailsec sandbox stop',
  'sandbox.cli.started': `Sandbox en marxa per a {dir}
  SMTP        {host}:{smtp}
  submission  {host}:{submission}
  SMTPS       {host}:{smtps} (TLS implícit)
  exterior    {host}:{outside} (cada client apareix com {outsideAddr}, un equip d’Internet)
  DNS         {host}:{dns}
Registre: var/log/mail.log. Ctrl-C per aturar-lo; «mailsec sandbox reload» després d’editar la configuració.`,
  'sandbox.cli.stopped': 'Sandbox aturat ({signal}).',
  'sandbox.cli.stoppedPid': 'Sandbox aturat (procés {pid}).',
  'sandbox.cli.notRunning': 'No hi ha cap sandbox en marxa per a {dir}. Engega’l amb: mailsec sandbox start',
  'sandbox.cli.stale': 'El sandbox registrat (procés {pid}) ja no estava en marxa; n’he esborrat el registre.',
  'sandbox.cli.stopTimeout': 'El sandbox (procés {pid}) no s’ha aturat a temps. Torna-ho a provar o acaba el procés {pid}.',
  'sandbox.cli.reloaded': 'Configuració recarregada.',
  'sandbox.cli.reloadRefused': 'Recàrrega rebutjada: hi ha errors a la configuració. El sandbox continua servint amb l’última configuració bona (un Postfix real deixaria d’acceptar connexions). Corregeix el fitxer i la línia indicats i torna a recarregar.',
  'sandbox.cli.reloadNoAnswer': 'El sandbox (procés {pid}) no ha respost a la recàrrega. Mira var/log/mail.log.',
  'sandbox.cli.configOk': 'Configuració: correcta.',
  'sandbox.cli.configError': 'Configuració: amb errors (fitxer i línia a dalt). Corregeix-los i executa «mailsec sandbox reload».',
  'sandbox.cli.checkOk': 'main.cf i master.cf sense errors.',
  'sandbox.cli.checkWarnings': 'Sense errors fatals; {n} avís/avisos a dalt.',
  'sandbox.cli.statusRunning': 'Sandbox en marxa (procés {pid}, des de fa {uptime} s): SMTP {host}:{smtp}, submission {submission}, SMTPS {smtps}, exterior {outside}, DNS {dns}.',
  'sandbox.cli.statusCounts': 'Connexions {connections}, missatges acceptats {messages}, lliuraments {delivered}, rebuigs {rejected}, AUTH correctes {authOk}, AUTH fallits {authFailed}.',
  'sandbox.cli.badUser': 'Nom d’usuari no vàlid: «{user}». Fes servir lletres, números, punt, guionet o guió baix (per exemple: mailsec sandbox passwd alumne).',
  'sandbox.cli.emptyPassword': 'No he rebut cap contrasenya. Escriu-la, o passa-la per l’entrada estàndard: «echo secret | mailsec sandbox passwd alumne»',
  'sandbox.cli.passwordPrompt': 'Contrasenya per a {user}: ',
  'sandbox.cli.passwordSet': 'Contrasenya de {user} desada a {file} (permisos 0600). PLAIN i LOGIN es comproven amb un hash «scrypt» amb sal; CRAM-MD5 i DIGEST-MD5 obliguen a desar un secret equivalent a la contrasenya.',

  'sandbox.why.permit': '«permit»: accepta sempre.',
  'sandbox.why.dunno': '«dunno»: no decideix; decideix la restricció següent.',
  'sandbox.why.reject': '«reject»: rebutja sempre.',
  'sandbox.why.defer': '«defer»: demana sempre al client que ho torni a provar més tard.',
  'sandbox.why.inMynetworks': '{addr} és a mynetworks ({match}): s’accepta sense més preguntes.',
  'sandbox.why.notInMynetworks': '{addr} no és a mynetworks ({mynetworks}).',
  'sandbox.why.authenticated': 'El client s’ha autenticat com a {username} ({method}): s’accepta.',
  'sandbox.why.notAuthenticated': 'El client no s’ha autenticat.',
  'sandbox.why.localDestination': '{domain} és a mydestination: el correu per a aquest domini es lliura aquí.',
  'sandbox.why.relayDestination': '{domain} és a relay_domains.',
  'sandbox.why.foreignDestinationDunno': '{domain} no és ni a mydestination ni a relay_domains.',
  'sandbox.why.relayRefused': '{domain} no és a mydestination ({mydestination}) ni a relay_domains: reject_unauth_destination rebutja reenviar (relay) el correu.',
  'sandbox.why.relayDeferred': '{domain} no és a mydestination ({mydestination}) ni a relay_domains: defer_unauth_destination demana que es torni a provar més tard.',
  'sandbox.why.nullSender': 'El remitent buit <> no es comprova.',
  'sandbox.why.fqdn': '{addr} té un domini complet.',
  'sandbox.why.notFqdn': '{addr} no és una adreça completa (usuari@domini.tld).',
  'sandbox.why.noHelo': 'El client no ha enviat HELO/EHLO.',
  'sandbox.why.heloOk': 'El nom de salutació {helo} és vàlid.',
  'sandbox.why.heloBad': 'El nom de salutació {helo} no és vàlid.',
  'sandbox.why.tableMissing': 'No es pot llegir la taula {table}: error de configuració del servidor.',
  'sandbox.why.noAddress': 'Encara no hi ha cap adreça per cercar.',
  'sandbox.why.notListed': '{key} no apareix a {table}.',
  'sandbox.why.tableOk': '{key} apareix a {table} com a {action}: s’accepta.',
  'sandbox.why.tableDunno': '{key} apareix a {table} com a «DUNNO»: decideix la restricció següent.',
  'sandbox.why.tableReject': '{key} apareix a {table} com a «{action}»: es rebutja.',
  'sandbox.why.tableAction': '{key} apareix a {table} com a {action}: s’anota i es continua.',
  'sandbox.why.tableBad': '{key} apareix a {table} amb una acció que Postfix no coneix («{action}»): error de configuració.',
  'sandbox.why.tableRestrictions': '{key} apareix a {table} com a «{action}»: decideixen aquestes restriccions.',
  'sandbox.why.rblError': 'No s’ha pogut consultar la llista {list} ({error}): no decideix.',
  'sandbox.why.rblFiltered': '{addr} és a {list} amb {answer}, que no és {filter}: no decideix.',
  'sandbox.why.rblClean': '{addr} no és a la llista negra {list}.',
  'sandbox.why.rblListed': '{addr} és a la llista negra {list} ({answer}): es rebutja.',
  'sandbox.why.warnIfReject': 'warn_if_reject: la restricció següent només avisa al registre, no rebutja.',
  'sandbox.why.pipelining': 'El client ha enviat ordres abans de rebre la resposta («pipelining» indegut).',
  'sandbox.why.noPipelining': 'El client ha esperat cada resposta.',
  'sandbox.why.multiBounce': 'Un rebot (remitent <>) amb més d’un destinatari.',
  'sandbox.why.notMultiBounce': 'No és un rebot amb diversos destinataris.',
  'sandbox.why.notSimulated': 'El sandbox no simula {restriction}: no decideix.',
  'sandbox.why.checkReject': '«{what}» coincideix amb {table} ({action}): es rebutja el missatge.',
  'sandbox.why.checkDiscard': '«{what}» coincideix amb {table} ({action}): el missatge es descarta sense avisar.',
  'sandbox.why.checkWarn': '«{what}» coincideix amb {table} ({action}): només s’anota al registre.',
  'sandbox.why.checkIgnore': '«{what}» coincideix amb {table}: es treu aquesta capçalera.',
  'sandbox.why.checkReplace': '«{what}» coincideix amb {table}: se substitueix.',
  'sandbox.why.checkPrepend': '«{what}» coincideix amb {table}: s’afegeix una línia al davant.',
  'sandbox.why.checkDunno': '«{what}» coincideix amb {table} ({action}): sense acció.',
};

export const en: Record<string, string> = {
  'sandbox.loopbackOnly': 'The sandbox only listens on 127.0.0.1, not on {host}: nothing leaves this machine.',
  'sandbox.portInUse': 'Port {port} ({what}) is already in use. Is another sandbox running? Try "mailsec sandbox status", or pick other ports with MAILSEC_SMTP_PORT, MAILSEC_SUBMISSION_PORT, MAILSEC_SMTPS_PORT, MAILSEC_OUTSIDE_PORT and MAILSEC_DNS_PORT.',

  'sandbox.cli.usage': `Usage:
  mailsec sandbox start          start the practice mail server (until Ctrl-C)
  mailsec sandbox stop           stop it
  mailsec sandbox status [--json]   ports, configuration state, counters
  mailsec sandbox reload         re-read main.cf, master.cf, the tables and the certificate
  mailsec sandbox check          check the configuration as "postfix check" does
  mailsec sandbox passwd USER    store a user's password for SMTP AUTH (read from standard input)`,
  'sandbox.cli.alreadyRunning': 'A sandbox is already running for {dir} (process {pid}, SMTP on port {port}). To stop it: mailsec sandbox stop',
  'sandbox.cli.started': `Sandbox running for {dir}
  SMTP        {host}:{smtp}
  submission  {host}:{submission}
  SMTPS       {host}:{smtps} (implicit TLS)
  outside     {host}:{outside} (every client appears as {outsideAddr}, a host on the internet)
  DNS         {host}:{dns}
Log: var/log/mail.log. Ctrl-C stops it; run "mailsec sandbox reload" after editing the configuration.`,
  'sandbox.cli.stopped': 'Sandbox stopped ({signal}).',
  'sandbox.cli.stoppedPid': 'Sandbox stopped (process {pid}).',
  'sandbox.cli.notRunning': 'No sandbox is running for {dir}. Start one with: mailsec sandbox start',
  'sandbox.cli.stale': 'The recorded sandbox (process {pid}) was no longer running; its record is removed.',
  'sandbox.cli.stopTimeout': 'The sandbox (process {pid}) did not stop in time. Try again, or end process {pid}.',
  'sandbox.cli.reloaded': 'Configuration reloaded.',
  'sandbox.cli.reloadRefused': 'Reload refused: the configuration has errors. The sandbox keeps serving the last good configuration (a real Postfix would stop accepting connections). Fix the file and line shown and reload again.',
  'sandbox.cli.reloadNoAnswer': 'The sandbox (process {pid}) did not answer the reload. Look at var/log/mail.log.',
  'sandbox.cli.configOk': 'Configuration: no errors.',
  'sandbox.cli.configError': 'Configuration: has errors (file and line above). Fix them and run "mailsec sandbox reload".',
  'sandbox.cli.checkOk': 'main.cf and master.cf have no errors.',
  'sandbox.cli.checkWarnings': 'No fatal errors; {n} warning(s) above.',
  'sandbox.cli.statusRunning': 'Sandbox running (process {pid}, for {uptime} s): SMTP {host}:{smtp}, submission {submission}, SMTPS {smtps}, outside {outside}, DNS {dns}.',
  'sandbox.cli.statusCounts': 'Connections {connections}, messages accepted {messages}, deliveries {delivered}, rejections {rejected}, successful AUTH {authOk}, failed AUTH {authFailed}.',
  'sandbox.cli.badUser': 'Not a valid user name: "{user}". Use letters, digits, dot, hyphen or underscore (for example: mailsec sandbox passwd student).',
  'sandbox.cli.emptyPassword': 'No password received. Type it, or pipe it in: "echo secret | mailsec sandbox passwd student"',
  'sandbox.cli.passwordPrompt': 'Password for {user}: ',
  'sandbox.cli.passwordSet': '{user}\'s password stored in {file} (mode 0600). PLAIN and LOGIN are checked against a salted "scrypt" hash; CRAM-MD5 and DIGEST-MD5 force the server to keep a password-equivalent secret.',

  'sandbox.why.permit': 'permit: always accepts.',
  'sandbox.why.dunno': 'dunno: no decision; the next restriction decides.',
  'sandbox.why.reject': 'reject: always rejects.',
  'sandbox.why.defer': 'defer: always asks the client to try again later.',
  'sandbox.why.inMynetworks': '{addr} is in mynetworks ({match}): accepted with no further questions.',
  'sandbox.why.notInMynetworks': '{addr} is not in mynetworks ({mynetworks}).',
  'sandbox.why.authenticated': 'The client authenticated as {username} ({method}): accepted.',
  'sandbox.why.notAuthenticated': 'The client did not authenticate.',
  'sandbox.why.localDestination': '{domain} is in mydestination: mail for it is delivered here.',
  'sandbox.why.relayDestination': '{domain} is in relay_domains.',
  'sandbox.why.foreignDestinationDunno': '{domain} is in neither mydestination nor relay_domains.',
  'sandbox.why.relayRefused': '{domain} is not in mydestination ({mydestination}) nor in relay_domains: reject_unauth_destination refuses to relay the mail.',
  'sandbox.why.relayDeferred': '{domain} is not in mydestination ({mydestination}) nor in relay_domains: defer_unauth_destination asks to try again later.',
  'sandbox.why.nullSender': 'The null sender <> is not checked.',
  'sandbox.why.fqdn': '{addr} has a fully-qualified domain.',
  'sandbox.why.notFqdn': '{addr} is not a fully-qualified address (user@domain.tld).',
  'sandbox.why.noHelo': 'The client sent no HELO/EHLO.',
  'sandbox.why.heloOk': 'The greeting name {helo} is valid.',
  'sandbox.why.heloBad': 'The greeting name {helo} is not valid.',
  'sandbox.why.tableMissing': 'Table {table} cannot be read: server configuration error.',
  'sandbox.why.noAddress': 'No address to look up yet.',
  'sandbox.why.notListed': '{key} is not listed in {table}.',
  'sandbox.why.tableOk': '{key} is listed in {table} as {action}: accepted.',
  'sandbox.why.tableDunno': '{key} is listed in {table} as DUNNO: the next restriction decides.',
  'sandbox.why.tableReject': '{key} is listed in {table} as "{action}": rejected.',
  'sandbox.why.tableAction': '{key} is listed in {table} as {action}: logged, and on it goes.',
  'sandbox.why.tableBad': '{key} is listed in {table} with an action Postfix does not know ("{action}"): configuration error.',
  'sandbox.why.tableRestrictions': '{key} is listed in {table} as "{action}": those restrictions decide.',
  'sandbox.why.rblError': 'The list {list} could not be asked ({error}): no decision.',
  'sandbox.why.rblFiltered': '{addr} is listed in {list} with {answer}, which is not {filter}: no decision.',
  'sandbox.why.rblClean': '{addr} is not on the blocklist {list}.',
  'sandbox.why.rblListed': '{addr} is on the blocklist {list} ({answer}): rejected.',
  'sandbox.why.warnIfReject': 'warn_if_reject: the next restriction only warns in the log instead of rejecting.',
  'sandbox.why.pipelining': 'The client sent commands before it had the reply (improper pipelining).',
  'sandbox.why.noPipelining': 'The client waited for every reply.',
  'sandbox.why.multiBounce': 'A bounce (sender <>) with more than one recipient.',
  'sandbox.why.notMultiBounce': 'Not a multi-recipient bounce.',
  'sandbox.why.notSimulated': 'The sandbox does not simulate {restriction}: no decision.',
  'sandbox.why.checkReject': '"{what}" matches {table} ({action}): the message is rejected.',
  'sandbox.why.checkDiscard': '"{what}" matches {table} ({action}): the message is silently discarded.',
  'sandbox.why.checkWarn': '"{what}" matches {table} ({action}): only logged.',
  'sandbox.why.checkIgnore': '"{what}" matches {table}: that header is removed.',
  'sandbox.why.checkReplace': '"{what}" matches {table}: it is replaced.',
  'sandbox.why.checkPrepend': '"{what}" matches {table}: a line is added before it.',
  'sandbox.why.checkDunno': '"{what}" matches {table} ({action}): no action.',
};
