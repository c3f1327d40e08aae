// Messages of the SMTP smuggling lesson. Keys: "smuggling.*"; same keys in es, ca and en.
export const es: Record<string, string> = {
  'smuggling.seenOk': 'Contrabando visto: en una sola sesión de {client} el servidor ha puesto en cola dos correos, el de <{first}> y el falso de <{second}>.',
  'smuggling.notOutside':
    'Has colado dos correos en una sesión, pero por el puerto {seen}, no por el de fuera ({port}). Repite el envío por el puerto {port}, que es por donde llega el correo de internet.',
  'smuggling.oneMessage':
    'Desde fuera (puerto {port}) solo ha entrado un correo por sesión: el servidor no ha cortado los datos en el <LF>.<LF>. Revisa que parte3.txt lleve «\\n.\\n» (sin \\r) antes del segundo «MAIL FROM» y vuelve a enviar.',
  'smuggling.notSeen': 'El sandbox todavía no ha visto ninguna sesión con dos correos desde fuera (puerto {port}). Crea los tres archivos del paso y envíalos con la línea de exec.',
  'smuggling.normalize':
    'En {file}, smtpd_forbid_bare_newline vale «{seen}». En Postfix 3.7.11 eso es normalize: el correo colado ya no sale, pero queda dentro del primero y el servidor no rechaza nada. Para este paso pon: smtpd_forbid_bare_newline = reject',
  'smuggling.bareAllowed':
    'En {file}, smtpd_forbid_bare_newline vale «{seen}», así que el servidor sigue aceptando un <LF> solo como final de línea. Añade la línea: smtpd_forbid_bare_newline = reject',
  'smuggling.excluded':
    'En {file}, smtpd_forbid_bare_newline_exclusions incluye «{entry}»: los clientes de ahí pueden seguir colando correos. Deja solo tu propia máquina o quita la línea (por defecto vale $mynetworks).',
  'smuggling.configOk': '{file} rechaza los <LF> solos de los clientes de fuera.',
  'smuggling.refusedOk': 'El servidor ha rechazado el contrabando: {file} tiene el rechazo por «bare <LF> received».',
  'smuggling.stillSmuggled':
    'El último envío desde fuera (puerto {port}) ha vuelto a colar dos correos. ¿Has recargado después de editar {file}? Ejecuta «mailsec sandbox reload» y repite el envío.',
  'smuggling.notRefused':
    '{file} no tiene ningún rechazo por «bare <LF> received». Recarga («mailsec sandbox reload») y repite el envío del primer paso por el puerto {port}.',
};

export const ca: Record<string, string> = {
  'smuggling.seenOk': 'Contraban vist: en una sola sessió de {client} el servidor ha posat a la cua dos correus, el de <{first}> i el fals de <{second}>.',
  'smuggling.notOutside':
    'Has colat dos correus en una sessió, però pel port {seen}, no pel de fora ({port}). Repeteix l\'enviament pel port {port}, que és per on arriba el correu d\'internet.',
  'smuggling.oneMessage':
    'Des de fora (port {port}) només ha entrat un correu per sessió: el servidor no ha tallat les dades al <LF>.<LF>. Revisa que parte3.txt porti «\\n.\\n» (sense \\r) abans del segon «MAIL FROM» i torna a enviar.',
  'smuggling.notSeen': 'El sandbox encara no ha vist cap sessió amb dos correus des de fora (port {port}). Crea els tres fitxers del pas i envia\'ls amb la línia d\'exec.',
  'smuggling.normalize':
    'A {file}, smtpd_forbid_bare_newline val «{seen}». A Postfix 3.7.11 això és normalize: el correu colat ja no surt, però queda dins del primer i el servidor no rebutja res. Per a aquest pas posa: smtpd_forbid_bare_newline = reject',
  'smuggling.bareAllowed':
    'A {file}, smtpd_forbid_bare_newline val «{seen}», així que el servidor continua acceptant un <LF> sol com a final de línia. Afegeix la línia: smtpd_forbid_bare_newline = reject',
  'smuggling.excluded':
    'A {file}, smtpd_forbid_bare_newline_exclusions inclou «{entry}»: els clients d\'allà poden continuar colant correus. Deixa-hi només la teva pròpia màquina o treu la línia (per defecte val $mynetworks).',
  'smuggling.configOk': '{file} rebutja els <LF> sols dels clients de fora.',
  'smuggling.refusedOk': 'El servidor ha rebutjat el contraban: {file} té el rebuig per «bare <LF> received».',
  'smuggling.stillSmuggled':
    'L\'últim enviament des de fora (port {port}) ha tornat a colar dos correus. Has recarregat després d\'editar {file}? Executa «mailsec sandbox reload» i repeteix l\'enviament.',
  'smuggling.notRefused':
    '{file} no té cap rebuig per «bare <LF> received». Recarrega («mailsec sandbox reload») i repeteix l\'enviament del primer pas pel port {port}.',
};

export const en: Record<string, string> = {
  'smuggling.seenOk': 'Smuggling seen: in a single session from {client} the server queued two mails, the one from <{first}> and the forged one from <{second}>.',
  'smuggling.notOutside':
    'You slipped two mails into one session, but on port {seen}, not on the outside one ({port}). Send again on port {port}, which is where mail from the internet comes in.',
  'smuggling.oneMessage':
    'From outside (port {port}) only one mail per session came in: the server did not end the data at the <LF>.<LF>. Make sure parte3.txt has “\\n.\\n” (no \\r) before the second MAIL FROM, and send again.',
  'smuggling.notSeen': 'The sandbox has not seen any session with two mails from outside (port {port}) yet. Create the step\'s three files and send them with the exec line.',
  'smuggling.normalize':
    'In {file}, smtpd_forbid_bare_newline is “{seen}”. In Postfix 3.7.11 that means normalize: the smuggled mail no longer gets out, but it stays inside the first one and the server refuses nothing. For this step write: smtpd_forbid_bare_newline = reject',
  'smuggling.bareAllowed':
    'In {file}, smtpd_forbid_bare_newline is “{seen}”, so the server still takes a lone <LF> as the end of a line. Add the line: smtpd_forbid_bare_newline = reject',
  'smuggling.excluded':
    'In {file}, smtpd_forbid_bare_newline_exclusions includes “{entry}”: clients there can still smuggle mail. Leave only your own machine, or remove the line (its default is $mynetworks).',
  'smuggling.configOk': '{file} refuses lone <LF>s from outside clients.',
  'smuggling.refusedOk': 'The server refused the smuggling: {file} has the refusal for “bare <LF> received”.',
  'smuggling.stillSmuggled':
    'The last send from outside (port {port}) slipped two mails through again. Did you reload after editing {file}? Run “mailsec sandbox reload” and send again.',
  'smuggling.notRefused':
    '{file} has no refusal for “bare <LF> received”. Reload (“mailsec sandbox reload”) and repeat the first step\'s send on port {port}.',
};
