// Messages of the capstone (lesson 19, the broken server). Keys: "capstone.*"; same keys in es, ca and en.
export const es: Record<string, string> = {
  'capstone.usage':
    'Uso: «mailsec capstone break [--again]» estropea tu servidor de varias maneras ocultas (antes guarda una copia de tus archivos); «mailsec capstone restore» vuelve a dejarlos como estaban. {error}',
  'capstone.broke':
    'Hecho: {n} averías escondidas en {files} archivos de tu espacio de trabajo. Tu copia está en {backup} («mailsec capstone restore» la devuelve). Ahora recarga el sandbox: mailsec sandbox reload',
  'capstone.restored': 'Vueltos a dejar como antes de la avería: {files}. Lo que tenían ahora está en {kept}.',
  'capstone.alreadyBroken':
    'Tu servidor ya está averiado ({file} lo registra). Para empezar de nuevo con las mismas averías: mailsec capstone break --again (antes devuelve tu copia).',
  'capstone.noBackup': 'No hay ninguna copia en {dir}: el servidor no se ha averiado con «mailsec capstone break».',
  'capstone.needsLesson': 'Antes de averiar tu servidor, termina la lección {lesson}: falta {what}.',
  'capstone.notBroken': 'Todavía no hay avería: {file} no existe. Ejecuta mailsec capstone break y después mailsec sandbox reload.',
  'capstone.recordCorrupt': '{file} no se puede leer. Vuelve a averiar el servidor con mailsec capstone break --again.',
  'capstone.otherDomain':
    '{file} es de la avería de {seen}, no de tu dominio {domain}. Averíalo tú: mailsec capstone break --again.',
  'capstone.brokenOk': 'Tu servidor tiene {n} averías escondidas. A buscarlas.',
  'capstone.fixedOk.relay': 'Arreglado: desde fuera, tu servidor vuelve a rechazar el correo para otros dominios.',
  'capstone.fixedOk.tls': 'Arreglado: tu servidor vuelve a ofrecer STARTTLS con tu certificado.',
  'capstone.fixedOk.dkim': 'Arreglado: la clave pública DKIM publicada corresponde a la clave con la que firmas.',
  'capstone.fixedOk.spf': 'Arreglado: el SPF de tu dominio vuelve a autorizar a tu servidor.',
  'capstone.fixedOk.dmarc': 'Arreglado: tu dominio vuelve a publicar una política DMARC que protege.',
  'capstone.dmarcUnaligned':
    'Un aviso de tu servidor («From: {from}») no pasa DMARC: {seen}. {name} pide alineación estricta («{record}»): con s, el d= de la firma o el dominio del remitente del sobre tiene que ser exactamente el de «From:». Relaja la alineación en {file} (adkim=r; aspf=r, o quítalos) o haz que un identificador coincida (por ejemplo, un registro SPF para el dominio de «From:»); sube el número de serie.',
  'capstone.fixedOk.dmarcAligned': 'Arreglado: tu política DMARC protege tu dominio y los avisos de tu servidor vuelven a pasar DMARC.',
};

export const ca: Record<string, string> = {
  'capstone.usage':
    'Ús: «mailsec capstone break [--again]» espatlla el teu servidor de diverses maneres amagades (abans desa una còpia dels teus fitxers); «mailsec capstone restore» els torna a deixar com eren. {error}',
  'capstone.broke':
    'Fet: {n} avaries amagades en {files} fitxers del teu espai de treball. La teva còpia és a {backup} («mailsec capstone restore» la torna). Ara recarrega el sandbox: mailsec sandbox reload',
  'capstone.restored': 'Tornats a deixar com abans de l\'avaria: {files}. El que hi havia ara és a {kept}.',
  'capstone.alreadyBroken':
    'El teu servidor ja està avariat ({file} ho registra). Per començar de nou amb les mateixes avaries: mailsec capstone break --again (abans torna la teva còpia).',
  'capstone.noBackup': 'No hi ha cap còpia a {dir}: el servidor no s\'ha avariat amb «mailsec capstone break».',
  'capstone.needsLesson': 'Abans d\'avariar el teu servidor, acaba la lliçó {lesson}: hi falta {what}.',
  'capstone.notBroken': 'Encara no hi ha avaria: {file} no existeix. Executa mailsec capstone break i després mailsec sandbox reload.',
  'capstone.recordCorrupt': '{file} no es pot llegir. Torna a avariar el servidor amb mailsec capstone break --again.',
  'capstone.otherDomain':
    '{file} és de l\'avaria de {seen}, no del teu domini {domain}. Avaria\'l tu: mailsec capstone break --again.',
  'capstone.brokenOk': 'El teu servidor té {n} avaries amagades. A buscar-les.',
  'capstone.fixedOk.relay': 'Arreglat: des de fora, el teu servidor torna a rebutjar el correu per a altres dominis.',
  'capstone.fixedOk.tls': 'Arreglat: el teu servidor torna a oferir STARTTLS amb el teu certificat.',
  'capstone.fixedOk.dkim': 'Arreglat: la clau pública DKIM publicada correspon a la clau amb què signes.',
  'capstone.fixedOk.spf': 'Arreglat: l\'SPF del teu domini torna a autoritzar el teu servidor.',
  'capstone.fixedOk.dmarc': 'Arreglat: el teu domini torna a publicar una política DMARC que protegeix.',
  'capstone.dmarcUnaligned':
    'Un avís del teu servidor («From: {from}») no passa el DMARC: {seen}. {name} demana alineació estricta («{record}»): amb s, el d= de la signatura o el domini del remitent del sobre ha de ser exactament el de «From:». Relaxa l\'alineació a {file} (adkim=r; aspf=r, o treu-los) o fes que un identificador coincideixi (per exemple, un registre SPF per al domini de «From:»); apuja el número de sèrie.',
  'capstone.fixedOk.dmarcAligned': 'Arreglat: la teva política DMARC protegeix el teu domini i els avisos del teu servidor tornen a passar el DMARC.',
};

export const en: Record<string, string> = {
  'capstone.usage':
    'Usage: “mailsec capstone break [--again]” breaks your server in several hidden ways (it keeps a copy of your files first); “mailsec capstone restore” puts them back as they were. {error}',
  'capstone.broke':
    'Done: {n} faults hidden in {files} files of your workspace. Your copy is in {backup} (“mailsec capstone restore” puts it back). Now reload the sandbox: mailsec sandbox reload',
  'capstone.restored': 'Put back as they were before the break: {files}. What they held until now is in {kept}.',
  'capstone.alreadyBroken':
    'Your server is already broken ({file} records it). To start again with the same faults: mailsec capstone break --again (it puts your copy back first).',
  'capstone.noBackup': 'There is no copy in {dir}: the server was not broken with “mailsec capstone break”.',
  'capstone.needsLesson': 'Before breaking your server, finish lesson {lesson}: {what} is missing.',
  'capstone.notBroken': 'Nothing is broken yet: {file} does not exist. Run mailsec capstone break, then mailsec sandbox reload.',
  'capstone.recordCorrupt': '{file} cannot be read. Break the server again with mailsec capstone break --again.',
  'capstone.otherDomain': '{file} records the break of {seen}, not of your domain {domain}. Break yours: mailsec capstone break --again.',
  'capstone.brokenOk': 'Your server has {n} hidden faults. Go and find them.',
  'capstone.fixedOk.relay': 'Fixed: from outside, your server refuses mail for other domains again.',
  'capstone.fixedOk.tls': 'Fixed: your server offers STARTTLS with your certificate again.',
  'capstone.fixedOk.dkim': 'Fixed: the DKIM public key published matches the key you sign with.',
  'capstone.fixedOk.spf': 'Fixed: your domain\'s SPF authorizes your server again.',
  'capstone.fixedOk.dmarc': 'Fixed: your domain publishes a DMARC policy that protects it again.',
  'capstone.dmarcUnaligned':
    'A notice from your server (From: {from}) fails DMARC: {seen}. {name} asks for strict alignment (“{record}”): with s, the signature\'s d= or the envelope sender\'s domain must be exactly the From domain. Relax the alignment in {file} (adkim=r; aspf=r, or leave them out) or make one identifier match (for example, an SPF record for the From domain); raise the serial number.',
  'capstone.fixedOk.dmarcAligned': 'Fixed: your DMARC policy protects your domain and your server\'s notices pass DMARC again.',
};
