// Messages of the denial-of-service area (lesson 14). Keys: "dos.*"; same keys in es, ca and en.
export const es: Record<string, string> = {
  // los límites en main.cf
  'dos.limitNotNumber': 'En {file}, {name} vale «{seen}», que no es un número entero. Escribe solo la cifra, de 1 a {max}, como en el paso.',
  'dos.limitOff': 'En {file}, {name} vale 0, y 0 quiere decir «sin límite». Pon el valor del paso (como mucho {max}) y recarga el sandbox.',
  'dos.limitDefaultOff': '{file} no define {name}, y su valor por defecto es 0: sin límite. Añade la línea del paso (un valor de 1 a {max}) y recarga el sandbox.',
  'dos.limitHigh': 'En {file}, {name} vale {seen}: la avalancha del paso no llegaría a ese límite. Pon un valor de {max} o menos, como el del paso.',
  'dos.mynetworksExempt':
    'En {file}, mynetworks = «{seen}» incluye {client} (por la entrada {entry}). anvil no limita nunca a tu propia red (smtpd_client_event_limit_exceptions vale $mynetworks por defecto), así que este cliente de internet se libra de todo límite. Cierra mynetworks como en la lección 04: mynetworks = 127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128',
  'dos.exceptionCovers':
    'En {file}, smtpd_client_event_limit_exceptions = «{seen}» incluye {client} (por la entrada {entry}): anvil no lo limitará nunca. Deja ahí solo tus propias redes, o borra la línea para volver al valor por defecto, $mynetworks.',
  'dos.limitsOk': 'Los límites están en main.cf: {limits}.',

  // el log muestra el límite
  'dos.clientTrusted':
    'En {file}, mynetworks incluye {client} (por la entrada {entry}): desde ahí tu servidor acepta cualquier destinatario, así que no hay errores que contar. Cierra mynetworks como en la lección 04, recarga el sandbox y repite el envío.',
  'dos.notHit.errors':
    'En {file} todavía no hay ninguna línea «too many errors … [{client}]». Recarga el sandbox (mailsec sandbox reload) y repite el swaks del paso por el puerto {port}: cada destinatario rechazado es un error.',
  'dos.notHit.connection-rate':
    'En {file} todavía no hay ninguna línea «Connection rate limit exceeded … [{client}]». Recarga el sandbox (mailsec sandbox reload) y lanza otra vez el bucle del paso contra el puerto {port}.',
  'dos.hitOk.errors': 'Visto en {file}: smtpd cortó a {client} al llegar a smtpd_hard_error_limit.',
  'dos.hitOk.connection-rate': 'Visto en {file}: anvil frenó a {client} al pasar smtpd_client_connection_rate_limit.',

  // atendido de nuevo
  'dos.noFloodYet': 'En {file} todavía no hay ninguna línea «Connection rate limit exceeded … [{client}]». Haz primero el paso anterior: la avalancha de conexiones.',
  'dos.stillLimited':
    'Por el puerto {port} tu servidor sigue contestando «{reply}»: anvil todavía cuenta las conexiones de {client}. Espera a que pase anvil_rate_time_unit ({unit}) desde la primera conexión y vuelve a comprobar.',
  'dos.servedOk': 'Pasado el minuto, {client} vuelve a ser atendido: «{reply}».',
};

export const ca: Record<string, string> = {
  // els límits a main.cf
  'dos.limitNotNumber': 'A {file}, {name} val «{seen}», que no és un nombre enter. Escriu només la xifra, d\'1 a {max}, com al pas.',
  'dos.limitOff': 'A {file}, {name} val 0, i 0 vol dir «sense límit». Posa-hi el valor del pas (com a màxim {max}) i recarrega el sandbox.',
  'dos.limitDefaultOff': '{file} no defineix {name}, i el seu valor per defecte és 0: sense límit. Afegeix la línia del pas (un valor d\'1 a {max}) i recarrega el sandbox.',
  'dos.limitHigh': 'A {file}, {name} val {seen}: l\'allau del pas no arribaria a aquest límit. Posa-hi un valor de {max} o menys, com el del pas.',
  'dos.mynetworksExempt':
    'A {file}, mynetworks = «{seen}» inclou {client} (per l\'entrada {entry}). anvil no limita mai la teva pròpia xarxa (smtpd_client_event_limit_exceptions val $mynetworks per defecte), així que aquest client d\'internet s\'escapa de tots els límits. Tanca mynetworks com a la lliçó 04: mynetworks = 127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128',
  'dos.exceptionCovers':
    'A {file}, smtpd_client_event_limit_exceptions = «{seen}» inclou {client} (per l\'entrada {entry}): anvil no el limitarà mai. Deixa-hi només les teves pròpies xarxes, o esborra la línia per tornar al valor per defecte, $mynetworks.',
  'dos.limitsOk': 'Els límits són a main.cf: {limits}.',

  // el log mostra el límit
  'dos.clientTrusted':
    'A {file}, mynetworks inclou {client} (per l\'entrada {entry}): des d\'allà el teu servidor accepta qualsevol destinatari, així que no hi ha errors per comptar. Tanca mynetworks com a la lliçó 04, recarrega el sandbox i repeteix l\'enviament.',
  'dos.notHit.errors':
    'A {file} encara no hi ha cap línia «too many errors … [{client}]». Recarrega el sandbox (mailsec sandbox reload) i repeteix el swaks del pas pel port {port}: cada destinatari rebutjat és un error.',
  'dos.notHit.connection-rate':
    'A {file} encara no hi ha cap línia «Connection rate limit exceeded … [{client}]». Recarrega el sandbox (mailsec sandbox reload) i torna a llançar el bucle del pas contra el port {port}.',
  'dos.hitOk.errors': 'Vist a {file}: smtpd va tallar {client} en arribar a smtpd_hard_error_limit.',
  'dos.hitOk.connection-rate': 'Vist a {file}: anvil va frenar {client} en passar smtpd_client_connection_rate_limit.',

  // atès de nou
  'dos.noFloodYet': 'A {file} encara no hi ha cap línia «Connection rate limit exceeded … [{client}]». Fes primer el pas anterior: l\'allau de connexions.',
  'dos.stillLimited':
    'Pel port {port} el teu servidor continua responent «{reply}»: anvil encara compta les connexions de {client}. Espera que passi anvil_rate_time_unit ({unit}) des de la primera connexió i torna a comprovar.',
  'dos.servedOk': 'Passat el minut, {client} torna a ser atès: «{reply}».',
};

export const en: Record<string, string> = {
  // the limits in main.cf
  'dos.limitNotNumber': 'In {file}, {name} is “{seen}”, which is not a whole number. Write the number alone, from 1 to {max}, as in the step.',
  'dos.limitOff': 'In {file}, {name} is 0, and 0 means “no limit”. Set the step’s value (at most {max}) and reload the sandbox.',
  'dos.limitDefaultOff': '{file} does not set {name}, and its default is 0: no limit. Add the step’s line (a value from 1 to {max}) and reload the sandbox.',
  'dos.limitHigh': 'In {file}, {name} is {seen}: the step’s flood would never reach that limit. Set it to {max} or less, as the step does.',
  'dos.mynetworksExempt':
    'In {file}, mynetworks = “{seen}” includes {client} (through the entry {entry}). anvil never limits your own network (smtpd_client_event_limit_exceptions is $mynetworks by default), so this client from the internet escapes every limit. Narrow mynetworks as in lesson 04: mynetworks = 127.0.0.0/8 [::ffff:127.0.0.0]/104 [::1]/128',
  'dos.exceptionCovers':
    'In {file}, smtpd_client_event_limit_exceptions = “{seen}” includes {client} (through the entry {entry}): anvil will never limit it. Keep only your own networks there, or delete the line to go back to the default, $mynetworks.',
  'dos.limitsOk': 'The limits are in main.cf: {limits}.',

  // the log shows the limit
  'dos.clientTrusted':
    'In {file}, mynetworks includes {client} (through the entry {entry}): from there your server accepts any recipient, so there are no errors to count. Narrow mynetworks as in lesson 04, reload the sandbox and send again.',
  'dos.notHit.errors':
    'There is no “too many errors … [{client}]” line in {file} yet. Reload the sandbox (mailsec sandbox reload) and run the step’s swaks again on port {port}: each refused recipient is an error.',
  'dos.notHit.connection-rate':
    'There is no “Connection rate limit exceeded … [{client}]” line in {file} yet. Reload the sandbox (mailsec sandbox reload) and run the step’s loop against port {port} again.',
  'dos.hitOk.errors': 'Seen in {file}: smtpd cut {client} off at smtpd_hard_error_limit.',
  'dos.hitOk.connection-rate': 'Seen in {file}: anvil held {client} back once it passed smtpd_client_connection_rate_limit.',

  // served again
  'dos.noFloodYet': 'There is no “Connection rate limit exceeded … [{client}]” line in {file} yet. Do the step before first: the flood of connections.',
  'dos.stillLimited':
    'On port {port} your server still answers “{reply}”: anvil is still counting the connections of {client}. Wait until anvil_rate_time_unit ({unit}) has passed since the first connection and check again.',
  'dos.servedOk': 'With the minute gone, {client} is served again: “{reply}”.',
};
