// Messages of the filter area. Keys: "filter.*"; same keys in es, ca and en.
export const es: Record<string, string> = {
  // local.cf
  'filter.localcfInvalid': 'SpamAssassin no acepta la línea {line} de {file}: {text}. Mientras esté mal, usa su valor por defecto; corrígela como indica el paso.',
  'filter.localcfCommented': 'En {file}, línea {line}, {name} está comentado con # y SpamAssassin no lo lee. Quita la # y deja la línea así: {name} {wanted}',
  'filter.localcfMissing': '{file} no define {name}, así que SpamAssassin usa su valor por defecto. Añade esta línea: {name} {wanted}',
  'filter.localcfValue': 'En {file}, línea {line}, {name} vale «{seen}»; el paso pide «{wanted}». Cambia la línea a: {name} {wanted}',
  'filter.localcfOk': '{file} tiene los ajustes que pide el paso.',

  // el filtro en master.cf
  'filter.masterBroken': '{file}, línea {line}: {text}. Postfix no arrancaría con este archivo; corrige primero esa línea.',
  'filter.mainCfLoop':
    'content_filter está en main.cf (línea {line}: «{seen}»). Así también se filtraría el correo que spamc devuelve por sendmail, y en un Postfix real daría vueltas sin fin. Quítalo de main.cf y ponlo solo en el servicio smtp de master.cf, con -o.',
  'filter.notWired': 'El filtro todavía no está conectado: {file} no envía el correo a SpamAssassin. Añade las dos partes del paso: la opción -o content_filter=spamassassin en el servicio smtp y el servicio spamassassin.',
  'filter.noContentFilter':
    '{file} define el servicio spamassassin (línea {line}), pero ningún correo llega a él: falta la línea «-o content_filter=spamassassin» justo debajo del servicio smtp.',
  'filter.noService':
    'El servicio smtp manda el correo a content_filter={name}, pero {file} no tiene ningún servicio «{name} unix … pipe». Un Postfix real dejaría el correo retenido en la cola. Añade el servicio del paso al final de {file}.',
  'filter.notPipe': 'En {file}, línea {line}, el servicio {name} ejecuta «{command}» en lugar de pipe, así que no puede pasar el correo a spamc. Usa la línea del paso.',
  'filter.pipeNoUser': 'En {file}, línea {line}, al servicio {name} le falta user=spamd: pipe no ejecuta nada sin un usuario. Añádelo antes de argv=.',
  'filter.notSpamc': 'En {file}, línea {line}, el argv= del servicio {name} no ejecuta spamc (se ha leído: «{seen}»). Debe empezar por argv=/usr/bin/spamc.',
  'filter.noSendmail':
    'En {file}, línea {line}, spamc no tiene «-e /usr/sbin/sendmail …»: el correo ya puntuado saldría por la salida estándar y se perdería. Revisa la línea del paso (se ha leído: «{seen}»).',
  'filter.noRecipient': 'En {file}, línea {line}, sendmail no recibe ${recipient}, así que no sabría a quién entregar el correo. Termina la línea con -f ${sender} ${recipient} (se ha leído: «{seen}»).',
  'filter.notOnSmtp': 'En {file}, content_filter está en otro servicio, no en {listener}, que es por donde llega el correo de fuera. Pon -o content_filter=spamassassin debajo de la línea {listener}.',
  'filter.wiredOk': 'El servicio smtp pasa el correo por el filtro {name}, y {file} lo ejecuta con spamc.',

  // el correo que llega marcado
  'filter.mailRejected': 'El correo para {to} no ha llegado: el servidor lo rechazó con «{code} {text}». Mira el log (var/log/mail.log) para ver qué regla lo paró.',
  'filter.noMail': 'Todavía no ha llegado a {to} ningún correo con «{what}». Envíalo con el comando del paso y vuelve a comprobar.',
  'filter.notFiltered':
    'El correo llegó ({path}), pero sin cabeceras X-Spam: no pasó por SpamAssassin. Conecta el filtro en master.cf, recarga el sandbox (mailsec sandbox reload) y envíalo otra vez.',
  'filter.wrapped':
    'El correo llegó ({path}) convertido en un informe con el original como adjunto: eso es report_safe 1 o 2. Pon report_safe 0 en local.cf, recarga el sandbox y envíalo otra vez.',
  'filter.notSpam': 'El correo llegó ({path}), pero SpamAssassin no lo consideró spam: {score} puntos, con el umbral en {required}. Revisa required_score en local.cf, recarga el sandbox y envíalo otra vez.',
  'filter.subjectWrong':
    'El correo llegó con el asunto «{seen}»; se esperaba «{wanted}». Revisa rewrite_header en local.cf y recarga el sandbox, porque SpamAssassin lee local.cf al arrancar. Después, envíalo otra vez.',
  'filter.headerMissing': 'El correo ({path}) no tiene la cabecera {header}. Revisa local.cf, recarga el sandbox y envíalo otra vez.',
  'filter.headerValue': 'En el correo ({path}), {header} vale «{seen}», y se esperaba algo como «{wanted}».',
  'filter.deliveredOk': 'El correo llegó marcado: «{subject}» ({path}).',

  // la línea de spamd en el log
  'filter.noSpamLog': 'Todavía no hay ninguna línea «identified spam» de spamd en {file}. Envía primero el correo GTUBE del paso anterior.',
  'filter.spamLogWrong': '«{given}» no es la puntuación que da la línea «identified spam» de tu correo GTUBE en {file}. Búscala con grep y copia el número que va antes de la barra.',
  'filter.spamLogOk': 'Correcto: spamd puntuó el correo con {score} sobre {required}.',

  // tablas: header_checks, body_checks, check_sender_access
  'filter.tableParamMissing': '{file} no usa la tabla del paso en {name} (ahora vale «{seen}»). Añade: {name} = {wanted}',
  'filter.tableOpen': 'La tabla de {name} no se puede abrir: {text}. Comprueba la ruta y el tipo (regexp:, hash:) en {file}.',
  'filter.tableBadLine': '{file}, línea {line}: {text}. Corrige esa línea de la tabla.',
  'filter.tableNoMatch': 'Ninguna línea de {table} coincide con «{sample}», así que Postfix no haría nada con ella. Añade una línea que coincida con la acción {action}.',
  'filter.tableAction': 'Para «{sample}», la línea {line} de {table} dice «{seen}», y el paso pide {wanted}.',
  'filter.tableOk': '{table} responde a «{sample}» con «{value}».',

  // reglas probadas con un correo real
  'filter.proofOk.keyword': 'Tu regla de contenido rechazó el correo: {reply}',
  'filter.proofOk.size': 'El límite de tamaño rechazó el correo: {reply}',
  'filter.proofOk.sender': 'La regla de remitente rechazó el correo: {reply}',
  'filter.noProof.keyword': 'Todavía no se ha rechazado ningún correo por su contenido. Recarga el sandbox y envía un correo que contenga «{sample}».',
  'filter.noProof.size': 'Todavía no se ha rechazado ningún correo por tamaño. Recarga el sandbox y envía un correo mayor que message_size_limit ({limit} bytes).',
  'filter.noProof.sender': 'Todavía no se ha rechazado ningún correo por su remitente. Recarga el sandbox y envía un correo desde una dirección de {sample}.',
  'filter.notRefused.keyword': 'El correo con «{sample}» llegó al buzón ({path}): tu regla no lo paró. ¿Has recargado el sandbox? ¿Coincide tu expresión con el texto?',
  'filter.notRefused.sender': 'El correo de {sample} fue aceptado: la regla de remitente no lo paró. Comprueba smtpd_sender_restrictions y la tabla, recarga el sandbox y envíalo otra vez.',
  'filter.sizeAccepted': 'El servidor {host} (puerto {port}) acepta un correo anunciado de {size} bytes, el doble del límite de la lección: «{reply}». Pon message_size_limit = 1048576 en su main.cf y ejecuta «postfix reload».',
  // por qué (el sandbox lo explica junto a cada correo)
  'filter.why.spam': 'SpamAssassin: {score} puntos, igual o más que required_score {required}, así que es spam. Reglas: {tests}.',
  'filter.why.ham': 'SpamAssassin: {score} puntos, menos que required_score {required}, así que no es spam. Reglas: {tests}.',
  'filter.why.halfWired': 'El filtro {name} está conectado a medias: el correo sigue sin pasar por SpamAssassin.',
  'filter.why.tooBig': 'spamc no analiza correos de más de {max} bytes (opción -s), y este tiene {bytes}: pasa sin puntuar.',
  'filter.why.noSpamd': 'spamd no responde en {spamd}: spamc deja pasar el correo sin tocarlo.',
};

export const ca: Record<string, string> = {
  // local.cf
  'filter.localcfInvalid': 'SpamAssassin no accepta la línia {line} de {file}: {text}. Mentre sigui incorrecta, fa servir el valor per defecte; corregeix-la com indica el pas.',
  'filter.localcfCommented': 'A {file}, línia {line}, {name} està comentat amb # i SpamAssassin no el llegeix. Treu el # i deixa la línia així: {name} {wanted}',
  'filter.localcfMissing': '{file} no defineix {name}, així que SpamAssassin fa servir el valor per defecte. Afegeix aquesta línia: {name} {wanted}',
  'filter.localcfValue': 'A {file}, línia {line}, {name} val «{seen}»; el pas demana «{wanted}». Canvia la línia a: {name} {wanted}',
  'filter.localcfOk': '{file} té els ajustos que demana el pas.',

  // el filtre a master.cf
  'filter.masterBroken': '{file}, línia {line}: {text}. Postfix no arrencaria amb aquest fitxer; corregeix primer aquesta línia.',
  'filter.mainCfLoop':
    'content_filter és a main.cf (línia {line}: «{seen}»). Així també es filtraria el correu que spamc retorna per sendmail, i en un Postfix real donaria voltes sense fi. Treu-lo de main.cf i posa’l només al servei smtp de master.cf, amb -o.',
  'filter.notWired': 'El filtre encara no està connectat: {file} no envia el correu a SpamAssassin. Afegeix les dues parts del pas: l’opció -o content_filter=spamassassin al servei smtp i el servei spamassassin.',
  'filter.noContentFilter':
    '{file} defineix el servei spamassassin (línia {line}), però cap correu no hi arriba: falta la línia «-o content_filter=spamassassin» just a sota del servei smtp.',
  'filter.noService':
    'El servei smtp envia el correu a content_filter={name}, però {file} no té cap servei «{name} unix … pipe». Un Postfix real deixaria el correu retingut a la cua. Afegeix el servei del pas al final de {file}.',
  'filter.notPipe': 'A {file}, línia {line}, el servei {name} executa «{command}» en lloc de pipe, així que no pot passar el correu a spamc. Fes servir la línia del pas.',
  'filter.pipeNoUser': 'A {file}, línia {line}, al servei {name} li falta user=spamd: pipe no executa res sense un usuari. Afegeix-lo abans d’argv=.',
  'filter.notSpamc': 'A {file}, línia {line}, l’argv= del servei {name} no executa spamc (s’ha llegit: «{seen}»). Ha de començar per argv=/usr/bin/spamc.',
  'filter.noSendmail':
    'A {file}, línia {line}, spamc no té «-e /usr/sbin/sendmail …»: el correu ja puntuat sortiria per la sortida estàndard i es perdria. Revisa la línia del pas (s’ha llegit: «{seen}»).',
  'filter.noRecipient': 'A {file}, línia {line}, sendmail no rep ${recipient}, així que no sabria a qui lliurar el correu. Acaba la línia amb -f ${sender} ${recipient} (s’ha llegit: «{seen}»).',
  'filter.notOnSmtp': 'A {file}, content_filter és en un altre servei, no a {listener}, que és per on arriba el correu de fora. Posa -o content_filter=spamassassin a sota de la línia {listener}.',
  'filter.wiredOk': 'El servei smtp passa el correu pel filtre {name}, i {file} l’executa amb spamc.',

  // el correu que arriba marcat
  'filter.mailRejected': 'El correu per a {to} no ha arribat: el servidor l’ha rebutjat amb «{code} {text}». Mira el log (var/log/mail.log) per veure quina regla l’ha aturat.',
  'filter.noMail': 'Encara no ha arribat a {to} cap correu amb «{what}». Envia’l amb l’ordre del pas i torna a comprovar.',
  'filter.notFiltered':
    'El correu ha arribat ({path}), però sense capçaleres X-Spam: no ha passat per SpamAssassin. Connecta el filtre a master.cf, recarrega el sandbox (mailsec sandbox reload) i torna’l a enviar.',
  'filter.wrapped':
    'El correu ha arribat ({path}) convertit en un informe amb l’original com a adjunt: això és report_safe 1 o 2. Posa report_safe 0 a local.cf, recarrega el sandbox i torna’l a enviar.',
  'filter.notSpam': 'El correu ha arribat ({path}), però SpamAssassin no l’ha considerat spam: {score} punts, amb el llindar a {required}. Revisa required_score a local.cf, recarrega el sandbox i torna’l a enviar.',
  'filter.subjectWrong':
    'El correu ha arribat amb l’assumpte «{seen}»; s’esperava «{wanted}». Revisa rewrite_header a local.cf i recarrega el sandbox, perquè SpamAssassin llegeix local.cf quan arrenca. Després, torna’l a enviar.',
  'filter.headerMissing': 'El correu ({path}) no té la capçalera {header}. Revisa local.cf, recarrega el sandbox i torna’l a enviar.',
  'filter.headerValue': 'Al correu ({path}), {header} val «{seen}», i s’esperava alguna cosa com «{wanted}».',
  'filter.deliveredOk': 'El correu ha arribat marcat: «{subject}» ({path}).',

  // la línia de spamd al log
  'filter.noSpamLog': 'Encara no hi ha cap línia «identified spam» de spamd a {file}. Envia primer el correu GTUBE del pas anterior.',
  'filter.spamLogWrong': '«{given}» no és la puntuació que dona la línia «identified spam» del teu correu GTUBE a {file}. Cerca-la amb grep i copia el número que va abans de la barra.',
  'filter.spamLogOk': 'Correcte: spamd ha puntuat el correu amb {score} sobre {required}.',

  // taules: header_checks, body_checks, check_sender_access
  'filter.tableParamMissing': '{file} no fa servir la taula del pas a {name} (ara val «{seen}»). Afegeix: {name} = {wanted}',
  'filter.tableOpen': 'La taula de {name} no es pot obrir: {text}. Comprova la ruta i el tipus (regexp:, hash:) a {file}.',
  'filter.tableBadLine': '{file}, línia {line}: {text}. Corregeix aquesta línia de la taula.',
  'filter.tableNoMatch': 'Cap línia de {table} no coincideix amb «{sample}», així que Postfix no hi faria res. Afegeix una línia que hi coincideixi amb l’acció {action}.',
  'filter.tableAction': 'Per a «{sample}», la línia {line} de {table} diu «{seen}», i el pas demana {wanted}.',
  'filter.tableOk': '{table} respon a «{sample}» amb «{value}».',

  // regles provades amb un correu real
  'filter.proofOk.keyword': 'La teva regla de contingut ha rebutjat el correu: {reply}',
  'filter.proofOk.size': 'El límit de mida ha rebutjat el correu: {reply}',
  'filter.proofOk.sender': 'La regla de remitent ha rebutjat el correu: {reply}',
  'filter.noProof.keyword': 'Encara no s’ha rebutjat cap correu pel seu contingut. Recarrega el sandbox i envia un correu que contingui «{sample}».',
  'filter.noProof.size': 'Encara no s’ha rebutjat cap correu per la mida. Recarrega el sandbox i envia un correu més gran que message_size_limit ({limit} bytes).',
  'filter.noProof.sender': 'Encara no s’ha rebutjat cap correu pel remitent. Recarrega el sandbox i envia un correu des d’una adreça de {sample}.',
  'filter.notRefused.keyword': 'El correu amb «{sample}» ha arribat a la bústia ({path}): la teva regla no l’ha aturat. Has recarregat el sandbox? La teva expressió coincideix amb el text?',
  'filter.notRefused.sender': 'El correu de {sample} s’ha acceptat: la regla de remitent no l’ha aturat. Comprova smtpd_sender_restrictions i la taula, recarrega el sandbox i torna’l a enviar.',
  'filter.sizeAccepted': 'El servidor {host} (port {port}) accepta un correu anunciat de {size} bytes, el doble del límit de la lliçó: «{reply}». Posa message_size_limit = 1048576 al seu main.cf i executa «postfix reload».',
  // per què (el sandbox ho explica al costat de cada correu)
  'filter.why.spam': 'SpamAssassin: {score} punts, igual o més que required_score {required}, així que és spam. Regles: {tests}.',
  'filter.why.ham': 'SpamAssassin: {score} punts, menys que required_score {required}, així que no és spam. Regles: {tests}.',
  'filter.why.halfWired': 'El filtre {name} està connectat a mitges: el correu continua sense passar per SpamAssassin.',
  'filter.why.tooBig': 'spamc no analitza correus de més de {max} bytes (opció -s), i aquest en té {bytes}: passa sense puntuar.',
  'filter.why.noSpamd': 'spamd no respon a {spamd}: spamc deixa passar el correu sense tocar-lo.',
};

export const en: Record<string, string> = {
  // local.cf
  'filter.localcfInvalid': 'SpamAssassin does not accept line {line} of {file}: {text}. While it is wrong, SpamAssassin uses its default; fix it as the step shows.',
  'filter.localcfCommented': 'In {file}, line {line}, {name} is commented out with # and SpamAssassin does not read it. Remove the # and make the line read: {name} {wanted}',
  'filter.localcfMissing': '{file} does not set {name}, so SpamAssassin uses its default. Add this line: {name} {wanted}',
  'filter.localcfValue': 'In {file}, line {line}, {name} is “{seen}”; the step asks for “{wanted}”. Change the line to: {name} {wanted}',
  'filter.localcfOk': '{file} has the settings the step asks for.',

  // the filter in master.cf
  'filter.masterBroken': '{file}, line {line}: {text}. Postfix would not start with this file; fix that line first.',
  'filter.mainCfLoop':
    'content_filter is set in main.cf (line {line}: “{seen}”). That would also filter the mail spamc hands back through sendmail, and on a real Postfix it would go round in circles. Remove it from main.cf and set it only on the smtp service in master.cf, with -o.',
  'filter.notWired': 'The filter is not wired yet: {file} does not send mail to SpamAssassin. Add both parts of the step: the -o content_filter=spamassassin option on the smtp service and the spamassassin service.',
  'filter.noContentFilter': '{file} defines the spamassassin service (line {line}), but no mail reaches it: the line “-o content_filter=spamassassin” is missing right below the smtp service.',
  'filter.noService':
    'The smtp service sends mail to content_filter={name}, but {file} has no “{name} unix … pipe” service. A real Postfix would keep the mail waiting in its queue. Add the service from the step at the end of {file}.',
  'filter.notPipe': 'In {file}, line {line}, the {name} service runs “{command}” instead of pipe, so it cannot hand the mail to spamc. Use the line from the step.',
  'filter.pipeNoUser': 'In {file}, line {line}, the {name} service has no user=spamd: pipe runs nothing without a user. Add it before argv=.',
  'filter.notSpamc': 'In {file}, line {line}, the argv= of the {name} service does not run spamc (read: “{seen}”). It must start with argv=/usr/bin/spamc.',
  'filter.noSendmail':
    'In {file}, line {line}, spamc has no “-e /usr/sbin/sendmail …”: the scored mail would go to its standard output and be lost. Check the line from the step (read: “{seen}”).',
  'filter.noRecipient': 'In {file}, line {line}, sendmail is not given ${recipient}, so it would not know whom to deliver the mail to. End the line with -f ${sender} ${recipient} (read: “{seen}”).',
  'filter.notOnSmtp': 'In {file}, content_filter is on another service, not on {listener}, which is where mail from outside comes in. Put -o content_filter=spamassassin below the {listener} line.',
  'filter.wiredOk': 'The smtp service passes mail through the {name} filter, and {file} runs it with spamc.',

  // the mail that arrives marked up
  'filter.mailRejected': 'The mail for {to} did not arrive: the server rejected it with “{code} {text}”. Look at the log (var/log/mail.log) to see which rule stopped it.',
  'filter.noMail': 'No mail with “{what}” has reached {to} yet. Send it with the command from the step and check again.',
  'filter.notFiltered':
    'The mail arrived ({path}), but without X-Spam headers: it did not go through SpamAssassin. Wire the filter in master.cf, reload the sandbox (mailsec sandbox reload) and send it again.',
  'filter.wrapped':
    'The mail arrived ({path}) turned into a report with the original as an attachment: that is report_safe 1 or 2. Set report_safe 0 in local.cf, reload the sandbox and send it again.',
  'filter.notSpam': 'The mail arrived ({path}), but SpamAssassin did not find it spam: {score} points, with the threshold at {required}. Check required_score in local.cf, reload the sandbox and send it again.',
  'filter.subjectWrong':
    'The mail arrived with the subject “{seen}”; “{wanted}” was expected. Check rewrite_header in local.cf and reload the sandbox, because SpamAssassin reads local.cf when it starts. Then send it again.',
  'filter.headerMissing': 'The mail ({path}) has no {header} header. Check local.cf, reload the sandbox and send it again.',
  'filter.headerValue': 'In the mail ({path}), {header} is “{seen}”, and something like “{wanted}” was expected.',
  'filter.deliveredOk': 'The mail arrived marked up: “{subject}” ({path}).',

  // spamd's line in the log
  'filter.noSpamLog': 'There is no “identified spam” line from spamd in {file} yet. Send the GTUBE mail from the previous step first.',
  'filter.spamLogWrong': '“{given}” is not the score in the “identified spam” line of your GTUBE mail in {file}. Find it with grep and copy the number before the slash.',
  'filter.spamLogOk': 'Right: spamd scored the mail {score} against {required}.',

  // tables: header_checks, body_checks, check_sender_access
  'filter.tableParamMissing': '{file} does not use the step’s table in {name} (it is now “{seen}”). Add: {name} = {wanted}',
  'filter.tableOpen': 'The table of {name} cannot be opened: {text}. Check the path and the type (regexp:, hash:) in {file}.',
  'filter.tableBadLine': '{file}, line {line}: {text}. Fix that line of the table.',
  'filter.tableNoMatch': 'No line of {table} matches “{sample}”, so Postfix would do nothing with it. Add a line that matches it with the {action} action.',
  'filter.tableAction': 'For “{sample}”, line {line} of {table} says “{seen}”, and the step asks for {wanted}.',
  'filter.tableOk': '{table} answers “{sample}” with “{value}”.',

  // rules proven with a real mail
  'filter.proofOk.keyword': 'Your content rule rejected the mail: {reply}',
  'filter.proofOk.size': 'The size limit rejected the mail: {reply}',
  'filter.proofOk.sender': 'The sender rule rejected the mail: {reply}',
  'filter.noProof.keyword': 'No mail has been rejected for its content yet. Reload the sandbox and send a mail that contains “{sample}”.',
  'filter.noProof.size': 'No mail has been rejected for its size yet. Reload the sandbox and send a mail bigger than message_size_limit ({limit} bytes).',
  'filter.noProof.sender': 'No mail has been rejected for its sender yet. Reload the sandbox and send a mail from an address at {sample}.',
  'filter.notRefused.keyword': 'The mail with “{sample}” reached the mailbox ({path}): your rule did not stop it. Did you reload the sandbox? Does your expression match the text?',
  'filter.notRefused.sender': 'The mail from {sample} was accepted: the sender rule did not stop it. Check smtpd_sender_restrictions and the table, reload the sandbox and send it again.',
  'filter.sizeAccepted': 'The server {host} (port {port}) accepts a mail announced as {size} bytes, twice the lesson’s limit: “{reply}”. Set message_size_limit = 1048576 in its main.cf and run “postfix reload”.',

  // why (the sandbox explains it beside each mail)
  'filter.why.spam': 'SpamAssassin: {score} points, at or above required_score {required}, so it is spam. Rules: {tests}.',
  'filter.why.ham': 'SpamAssassin: {score} points, below required_score {required}, so it is not spam. Rules: {tests}.',
  'filter.why.halfWired': 'The {name} filter is only half wired: the mail still does not go through SpamAssassin.',
  'filter.why.tooBig': 'spamc does not scan mail over {max} bytes (option -s), and this one has {bytes}: it goes through without a score.',
  'filter.why.noSpamd': 'spamd does not answer at {spamd}: spamc lets the mail through untouched.',
};
