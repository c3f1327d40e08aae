// Messages of the postscreen area (lesson 14). Keys: "postscreen.*"; same keys in es, ca and en.
export const es: Record<string, string> = {
  // postscreen en master.cf
  'postscreen.smtpdOnSmtp':
    'En {file}, la línea {line} todavía entrega el puerto smtp directamente a smtpd. Coméntala (# al principio) y quita el # de la línea «smtp inet … postscreen» que tiene debajo.',
  'postscreen.bothOnSmtp':
    'En {file} hay dos líneas para el puerto smtp: Postfix solo hace caso de la última. Comenta la de smtpd, la línea {line} (# al principio): postscreen tiene que ser el único que escucha y pasa los clientes a «smtpd pass».',
  'postscreen.noScreen': 'En {file} no hay ninguna línea «smtp inet … postscreen» activa. Quita el # de la que viene comentada, como en el paso.',
  'postscreen.optionOnScreen':
    'En {file}, la línea {line} de postscreen lleva «-o {option}»: así solo cambia postscreen, no el smtpd que recibe el correo. Muévela debajo de la línea «smtpd pass … smtpd».',
  'postscreen.noPass':
    'En {file} falta la línea «smtpd pass … smtpd»: es el smtpd al que postscreen pasa los clientes que superan las pruebas. Quítale el #, como en el paso.',
  'postscreen.noHelper': 'En {file} falta la línea «{name} unix …», que postscreen usa como ayudante. Quítale el #, como en el paso.',
  'postscreen.masterOk': '{file} pone postscreen delante de smtpd en el puerto smtp.',
  'postscreen.masterWasOn': 'Ya has vuelto a quitar postscreen, pero {file} guarda lo que hizo mientras estaba delante de smtpd.',

  // el log: un robot que habla antes de tiempo
  'postscreen.notEnforce':
    'En {file}, postscreen_greet_action vale «{seen}», no «enforce»: con «ignore», postscreen solo anota a los robots en el log; con «drop», cuelga sin dejarte ver qué querían. Pon postscreen_greet_action = enforce, recarga el sandbox y repite el robot.',
  'postscreen.allowlisted':
    'postscreen deja pasar a {client} sin ninguna prueba («ALLOWLISTED» en {file}): postscreen_access_list = permit_mynetworks y tu mynetworks todavía incluye esa dirección. Ciérralo como en la lección 04 (mailsec postconf mynetworks te lo muestra), recarga y lanza el robot otra vez.',
  'postscreen.passedOld':
    'En {file}, postscreen ya dejó pasar a {client} («PASS OLD»): a un cliente que superó las pruebas no lo vuelve a examinar en un día. Detén el sandbox (mailsec sandbox stop), arráncalo de nuevo (mailsec sandbox start) para que lo olvide y repite el robot sin enviar antes nada más.',
  'postscreen.notRunning':
    'En {file} no hay ninguna línea de postscreen para {client}. Recarga el sandbox (mailsec sandbox reload) para que lea master.cf y lanza el robot del paso contra el puerto {port}.',
  'postscreen.notSeen.pregreet':
    'En {file} todavía no hay ninguna línea «PREGREET … from [{client}]». El robot tiene que escribir el EHLO nada más conectar, sin esperar el 220: lanza el bucle del paso contra el puerto {port}.',
  'postscreen.notSeen.enforce':
    'En {file} todavía no hay ninguna línea de postscreen «NOQUEUE: reject: RCPT from [{client}]…: 550 5.5.1 Protocol error». Recarga el sandbox (mailsec sandbox reload) y lanza otra vez el robot del paso contra el puerto {port}; tiene que llegar hasta el RCPT.',
  'postscreen.seen.pregreet': 'Visto en {file}: postscreen ha pillado a {client} hablando antes del saludo («PREGREET»).',
  'postscreen.seen.enforce': 'Visto en {file}: postscreen ha rechazado él mismo el destinatario del robot {client}, que no llegó a smtpd.',

  // postscreen, quitado de nuevo
  'postscreen.stillOn':
    'En {file}, la línea {line} todavía pone postscreen en el puerto smtp. Coméntala (# al principio) y quita el # de la línea «smtp inet … smtpd».',
  'postscreen.noSmtpd': 'En {file} no hay ningún servicio en el puerto smtp. Quita el # de la línea «smtp inet n - y - - smtpd».',
  'postscreen.optionLeftOnPass':
    'En {file}, la línea «smtpd pass» lleva «-o {option}», pero la línea {line}, la de smtp, ya no: el smtpd del puerto smtp se quedaría sin ella. Vuelve a ponerla debajo de la línea {line}, como estaba.',
  'postscreen.neverOn': 'En {file} no hay ninguna línea de postscreen: todavía no lo has puesto en marcha. Haz primero los pasos anteriores.',
  'postscreen.offNotReloaded':
    '{file} ya vuelve a entregar el puerto smtp a smtpd, pero el sandbox sigue con postscreen: en el log hay líneas de postscreen posteriores a la última recarga. Recarga el sandbox (mailsec sandbox reload).',
  'postscreen.offOk': '{file} vuelve a entregar el puerto smtp directamente a smtpd, y el sandbox ya lo ha leído.',
};

export const ca: Record<string, string> = {
  // postscreen a master.cf
  'postscreen.smtpdOnSmtp':
    'A {file}, la línia {line} encara lliura el port smtp directament a smtpd. Comenta-la (# al principi) i treu el # de la línia «smtp inet … postscreen» que té a sota.',
  'postscreen.bothOnSmtp':
    'A {file} hi ha dues línies per al port smtp: Postfix només fa cas de l\'última. Comenta la d\'smtpd, la línia {line} (# al principi): postscreen ha de ser l\'únic que escolta i passa els clients a «smtpd pass».',
  'postscreen.noScreen': 'A {file} no hi ha cap línia «smtp inet … postscreen» activa. Treu el # de la que ve comentada, com al pas.',
  'postscreen.optionOnScreen':
    'A {file}, la línia {line} de postscreen porta «-o {option}»: així només canvia postscreen, no l\'smtpd que rep el correu. Mou-la sota la línia «smtpd pass … smtpd».',
  'postscreen.noPass':
    'A {file} hi falta la línia «smtpd pass … smtpd»: és l\'smtpd a qui postscreen passa els clients que superen les proves. Treu-li el #, com al pas.',
  'postscreen.noHelper': 'A {file} hi falta la línia «{name} unix …», que postscreen fa servir com a ajudant. Treu-li el #, com al pas.',
  'postscreen.masterOk': '{file} posa postscreen davant d\'smtpd al port smtp.',
  'postscreen.masterWasOn': 'Ja has tornat a treure postscreen, però {file} guarda el que va fer mentre era davant d\'smtpd.',

  // el log: un robot que parla abans d'hora
  'postscreen.notEnforce':
    'A {file}, postscreen_greet_action val «{seen}», no «enforce»: amb «ignore», postscreen només anota els robots al log; amb «drop», penja sense deixar-te veure què volien. Posa postscreen_greet_action = enforce, recarrega el sandbox i repeteix el robot.',
  'postscreen.allowlisted':
    'postscreen deixa passar {client} sense cap prova («ALLOWLISTED» a {file}): postscreen_access_list = permit_mynetworks i el teu mynetworks encara inclou aquesta adreça. Tanca\'l com a la lliçó 04 (mailsec postconf mynetworks te\'l mostra), recarrega i torna a llançar el robot.',
  'postscreen.passedOld':
    'A {file}, postscreen ja va deixar passar {client} («PASS OLD»): un client que ha superat les proves no el torna a examinar en un dia. Atura el sandbox (mailsec sandbox stop), torna\'l a engegar (mailsec sandbox start) perquè l\'oblidi i repeteix el robot sense enviar abans res més.',
  'postscreen.notRunning':
    'A {file} no hi ha cap línia de postscreen per a {client}. Recarrega el sandbox (mailsec sandbox reload) perquè llegeixi master.cf i llança el robot del pas contra el port {port}.',
  'postscreen.notSeen.pregreet':
    'A {file} encara no hi ha cap línia «PREGREET … from [{client}]». El robot ha d\'escriure l\'EHLO tot just connectar, sense esperar el 220: llança el bucle del pas contra el port {port}.',
  'postscreen.notSeen.enforce':
    'A {file} encara no hi ha cap línia de postscreen «NOQUEUE: reject: RCPT from [{client}]…: 550 5.5.1 Protocol error». Recarrega el sandbox (mailsec sandbox reload) i torna a llançar el robot del pas contra el port {port}; ha d\'arribar fins al RCPT.',
  'postscreen.seen.pregreet': 'Vist a {file}: postscreen ha enxampat {client} parlant abans de la salutació («PREGREET»).',
  'postscreen.seen.enforce': 'Vist a {file}: postscreen mateix ha rebutjat el destinatari del robot {client}, que no ha arribat a smtpd.',

  // postscreen, tret de nou
  'postscreen.stillOn':
    'A {file}, la línia {line} encara posa postscreen al port smtp. Comenta-la (# al principi) i treu el # de la línia «smtp inet … smtpd».',
  'postscreen.noSmtpd': 'A {file} no hi ha cap servei al port smtp. Treu el # de la línia «smtp inet n - y - - smtpd».',
  'postscreen.optionLeftOnPass':
    'A {file}, la línia «smtpd pass» porta «-o {option}», però la línia {line}, la d\'smtp, ja no: l\'smtpd del port smtp se\'n quedaria sense. Torna-la a posar sota la línia {line}, com estava.',
  'postscreen.neverOn': 'A {file} no hi ha cap línia de postscreen: encara no l\'has posat en marxa. Fes primer els passos anteriors.',
  'postscreen.offNotReloaded':
    '{file} ja torna a lliurar el port smtp a smtpd, però el sandbox continua amb postscreen: al log hi ha línies de postscreen posteriors a l\'última recàrrega. Recarrega el sandbox (mailsec sandbox reload).',
  'postscreen.offOk': '{file} torna a lliurar el port smtp directament a smtpd, i el sandbox ja l\'ha llegit.',
};

export const en: Record<string, string> = {
  // postscreen in master.cf
  'postscreen.smtpdOnSmtp':
    'In {file}, line {line} still hands the smtp port straight to smtpd. Comment it out (# at the start) and remove the # from the “smtp inet … postscreen” line below it.',
  'postscreen.bothOnSmtp':
    'In {file} there are two lines for the smtp port: Postfix only heeds the last one. Comment out smtpd’s, line {line} (# at the start): postscreen must be the only one listening, and it passes clients on to “smtpd pass”.',
  'postscreen.noScreen': 'In {file} there is no active “smtp inet … postscreen” line. Remove the # from the one that comes commented out, as in the step.',
  'postscreen.optionOnScreen':
    'In {file}, line {line}, the postscreen one, carries “-o {option}”: that way it changes postscreen only, not the smtpd that receives the mail. Move it below the “smtpd pass … smtpd” line.',
  'postscreen.noPass':
    'In {file} the “smtpd pass … smtpd” line is missing: it is the smtpd postscreen passes the clients that pass its tests to. Remove its #, as in the step.',
  'postscreen.noHelper': 'In {file} the “{name} unix …” line is missing, a helper postscreen uses. Remove its #, as in the step.',
  'postscreen.masterOk': '{file} puts postscreen in front of smtpd on the smtp port.',
  'postscreen.masterWasOn': 'You have taken postscreen out again, but {file} keeps what it did while it stood in front of smtpd.',

  // the log: a robot that talks too early
  'postscreen.notEnforce':
    'In {file}, postscreen_greet_action is “{seen}”, not “enforce”: with “ignore”, postscreen only notes robots down in the log; with “drop”, it hangs up without letting you see what they were after. Set postscreen_greet_action = enforce, reload the sandbox and run the robot again.',
  'postscreen.allowlisted':
    'postscreen lets {client} through without any test ("ALLOWLISTED" in {file}): postscreen_access_list = permit_mynetworks and your mynetworks still includes that address. Narrow it as in lesson 04 (mailsec postconf mynetworks shows it), reload and run the robot again.',
  'postscreen.passedOld':
    'In {file}, postscreen has already let {client} through (“PASS OLD”): a client that passed the tests is not tested again for a day. Stop the sandbox (mailsec sandbox stop), start it again (mailsec sandbox start) so that it forgets, and run the robot again without sending anything else first.',
  'postscreen.notRunning':
    'In {file} there is no postscreen line for {client}. Reload the sandbox (mailsec sandbox reload) so that it reads master.cf, and run the step’s robot against port {port}.',
  'postscreen.notSeen.pregreet':
    'In {file} there is no “PREGREET … from [{client}]” line yet. The robot must write its EHLO as soon as it connects, without waiting for the 220: run the step’s loop against port {port}.',
  'postscreen.notSeen.enforce':
    'In {file} there is no postscreen line “NOQUEUE: reject: RCPT from [{client}]…: 550 5.5.1 Protocol error” yet. Reload the sandbox (mailsec sandbox reload) and run the step’s robot against port {port} again; it must get as far as RCPT.',
  'postscreen.seen.pregreet': 'Seen in {file}: postscreen caught {client} talking before the greeting (“PREGREET”).',
  'postscreen.seen.enforce': 'Seen in {file}: postscreen itself refused the recipient of the robot {client}, which never reached smtpd.',

  // postscreen taken out again
  'postscreen.stillOn':
    'In {file}, line {line} still puts postscreen on the smtp port. Comment it out (# at the start) and remove the # from the “smtp inet … smtpd” line.',
  'postscreen.noSmtpd': 'In {file} there is no service on the smtp port. Remove the # from the “smtp inet n - y - - smtpd” line.',
  'postscreen.optionLeftOnPass':
    'In {file}, the “smtpd pass” line carries “-o {option}”, but line {line}, the smtp one, no longer does: the smtpd on the smtp port would go without it. Put it back below line {line}, as it was.',
  'postscreen.neverOn': 'In {file} there is no postscreen line: you have not turned it on yet. Do the steps before this one first.',
  'postscreen.offNotReloaded':
    '{file} hands the smtp port back to smtpd, but the sandbox still runs postscreen: the log has postscreen lines after the last reload. Reload the sandbox (mailsec sandbox reload).',
  'postscreen.offOk': '{file} hands the smtp port straight to smtpd again, and the sandbox has read it.',
};
