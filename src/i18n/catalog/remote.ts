// Messages of the checks against a real server (`mailsec check --target`). Keys: "remote.*" (a
// "remote.KEY" is the words for a real server of a check's KEY, where the sandbox's would mislead)
// and "cli.target.*"; same keys in es, ca and en.
export const es: Record<string, string> = {
  'remote.asOutside': 'Como cliente de fuera: el servidor ha dejado que esta máquina se presente con XCLIENT como {addr}.',
  'remote.fromHere':
    'Comprobado desde esta máquina ({addr}): el servidor no le ofrece XCLIENT, así que ha juzgado la conexión como venida de aquí. Si {addr} está en su mynetworks, la trata como su propia red; para comprobarlo como un cliente de internet, añade a su main.cf «smtpd_authorized_xclient_hosts = {addr}», o ejecuta la comprobación desde fuera.',
  'remote.notChecked.ssh':
    'no comprobado en remoto: este paso lee lo que solo el sandbox registra (cada sesión SMTP, lo que tú mismo has enviado) o archivos del servidor que mailsec no lee en un servidor real: claves privadas, usuarios, permisos.',
  'remote.notChecked.noSsh':
    'no comprobado en remoto: este paso lee la configuración del servidor (main.cf, master.cf, sus tablas, OpenDKIM, SpamAssassin, policyd-spf); indica cómo entrar en él con --ssh USUARIO@HOST (mailsec solo los lee, no cambia nada).',
  'remote.ssh.read': 'Leído por ssh en {ssh}: {dir}/main.cf y {dir}/master.cf.',
  'remote.ssh.alsoRead': 'Y también: {files}.',
  'remote.ssh.readLog': 'Leído por ssh en {ssh}: {dir}/main.cf, {dir}/master.cf y las últimas {n} líneas de {log}.',
  'remote.ssh.noLog':
    'no comprobado en remoto: no se ha podido leer el log de correo de {ssh} ({error}). Es /var/log/mail.log si el servidor tiene rsyslog («apt install rsyslog»), o el maillog_file de Postfix; y el usuario tiene que poder leerlo (grupo «adm»).',
  'remote.ssh.noClient': 'no comprobado en remoto: esta máquina no tiene «{command}» para entrar por ssh. Instala el cliente («apt-get install openssh-client»).',
  'remote.ssh.failed':
    'no comprobado en remoto: ssh no ha podido entrar en {ssh} sin pedir contraseña ({error}). Instala tu clave en el servidor («ssh-copy-id {login}») y prueba «ssh {login} postconf -n».',
  'remote.ssh.hostKey':
    'no comprobado en remoto: ssh no reconoce la clave de {ssh} ({error}). Conéctate una vez a mano («ssh {login}»), comprueba la huella que te enseña y acéptala; luego vuelve a comprobar.',
  'remote.ssh.unreachable': 'no comprobado en remoto: ssh no llega a {ssh} ({error}). ¿Está encendida la máquina y en marcha su sshd, en ese puerto?',
  'remote.ssh.timeout': 'no comprobado en remoto: {ssh} no ha contestado en {seconds} s.',
  'remote.ssh.tooBig': 'no comprobado en remoto: en {ssh}, «{command}» devuelve más de {bytes} bytes, demasiado para ser un main.cf.',
  'remote.ssh.customFailed': 'no comprobado en remoto: la orden de MAILSEC_SSH («{command}») no funciona ({error}). Corrígela o bórrala para usar ssh.',
  'remote.ssh.noPostfix': 'no comprobado en remoto: en {ssh}, «postconf -h config_directory» no ha funcionado ({error}). ¿Está Postfix instalado en ese servidor?',
  'remote.ssh.unreadable': 'no comprobado en remoto: en {ssh} no se puede leer {file} ({error}). El usuario de --ssh tiene que poder leerlo.',
  'remote.ssh.commandFailed': 'no comprobado en remoto: en {ssh}, «{command}» ha fallado ({error}).',
  'cli.target.badSsh': '«{ssh}» no es un USUARIO@HOST válido para --ssh: escribe USUARIO@HOST o USUARIO@HOST:PUERTO, como alumno@192.168.56.10.',
  'remote.notChecked.later': 'no comprobado en remoto: mailsec todavía no comprueba este paso en un servidor real, solo en el sandbox.',
  'remote.notChecked.noDns': 'no comprobado en remoto: este paso pregunta a un servidor DNS; indica el tuyo con --dns HOST[:PUERTO].',
  'remote.notChecked.dkimKey':
    'no comprobado en remoto: el DNS publica en {name} un registro DKIM válido ({bits} bits), pero para ver si es la pareja de la clave privada hace falta {txt}, el «.txt» que opendkim-genkey escribe junto a ella, y en el servidor no está o no se puede leer. mailsec nunca lee la clave privada.',
  'remote.auth.dkim.publishedOk': 'El DNS {dns} publica tu clave pública en {name} ({bits} bits) y es la de {txt}, el «.txt» que se generó con tu clave privada.',
  'remote.notChecked.unsafe':
    'no comprobado en remoto: el paso intentaría retransmitir a {rcpt}, y contra un servidor real mailsec solo usa tu propio dominio o los dominios reservados example.*.',
  'remote.notChecked.limit':
    'no comprobado en remoto: esta ejecución ya ha abierto {n} conexiones con {host}, el máximo de una ejecución. Comprueba los pasos que faltan con otra (mailsec check LECCIÓN).',
  'remote.tls.sandboxDown':
    'Nadie contesta en {host}, puerto {port}. Comprueba en el servidor que Postfix está en marcha («systemctl status postfix») y que ese puerto está abierto para esta máquina.',
  'remote.tls.sessionBroken': 'El servidor {host} (puerto {port}) ha cortado la sesión de la comprobación: {error}. Su log (/var/log/mail.log) dice por qué.',
  'remote.tls.starttlsNotOffered':
    'El servidor {host} (puerto {port}) no ofrece STARTTLS en su respuesta a EHLO. ¿Tiene smtpd_tls_security_level = may en main.cf, y has recargado Postfix (postfix reload) después de editarlo?',
  'remote.tls.starttlsRefused': 'El servidor {host} (puerto {port}) ha contestado «{reply}» a STARTTLS. Su log (/var/log/mail.log) dice por qué.',
  'remote.tls.servedOtherCert': 'Después de STARTTLS, el servidor {host} (puerto {port}) no ha presentado ningún certificado ({seen}), y se esperaba {path}.',
  'remote.smtp.authBeforeTls':
    'El servidor {host} (puerto {port}) ofrece «{seen}» antes de STARTTLS: un cliente podría enviar su contraseña sin cifrar. Pon smtpd_tls_auth_only = yes en su main.cf y recarga Postfix (postfix reload).',
  'remote.smtp.noStarttls':
    'El servidor {host} (puerto {port}) no ofrece STARTTLS. Repasa la lección 02 (smtpd_tls_security_level = may) y recarga Postfix (postfix reload).',
  'remote.smtp.authNotOffered':
    'El servidor {host} (puerto {port}) no ofrece AUTH ni siquiera después de STARTTLS. ¿Tiene smtpd_sasl_auth_enable = yes en main.cf, y has recargado Postfix (postfix reload)?',
  'remote.smtp.mechanismMissing':
    'Después de STARTTLS, el servidor {host} (puerto {port}) ofrece AUTH {seen}, pero falta {mechanism}. Revisa smtpd_sasl_security_options en su main.cf y el mech_list de su configuración de SASL (/etc/postfix/sasl/smtpd.conf), y recarga Postfix.',
  'remote.smtp.unexpectedReply':
    'El servidor {host} (puerto {port}) ha contestado «{reply}» a {command}, antes de llegar al destinatario. Su log (/var/log/mail.log) dice por qué.',
  'remote.smtp.relayOpen':
    'Sigue siendo un relay abierto: en el puerto {port} de {host}, RCPT TO:<{rcpt}> recibe «{reply}». ¿Has recargado Postfix (postfix reload) después de editar main.cf?',
  'remote.filter.senderAccepted':
    'El servidor {host} (puerto {port}) ha aceptado un remitente de {sample}: «{reply}». Revisa smtpd_sender_restrictions en main.cf y la tabla que nombra (postmap tras editarla) y ejecuta «postfix reload».',
  'remote.filter.keywordAccepted':
    'El servidor {host} (puerto {port}) ha aceptado para {rcpt} un correo con «{sample}» en el cuerpo: «{reply}». Tu regla de contenido no lo ha parado: revisa body_checks en main.cf y que tu expresión coincida con el texto, y ejecuta «postfix reload».',
  'remote.dns.sandboxDown':
    'El servidor DNS {dns} no responde. Comprueba en él que BIND está en marcha («systemctl status named») y que escucha en esa dirección («listen-on» en named.conf.options) con el puerto abierto para esta máquina.',
  'remote.dns.refused':
    'El servidor DNS {dns} no sirve ninguna zona que contenga {name} (REFUSED). Declara la zona en su named.conf.local (o, si ya está, mira que su «allow-query» incluya esta máquina) y recarga BIND («rndc reload»).',
  'remote.auth.spf.evalTemperror':
    'Al evaluar tu registro SPF «{record}» sale «temperror» (en la cabecera Received-SPF: «{comment}»): alguna consulta no ha tenido respuesta del DNS {dns}, que solo responde de sus propias zonas. Usa nombres de tu dominio o direcciones (ip4:).',
  'remote.notChecked.xclient':
    'no comprobado en remoto: para ver qué hace el servidor con un cliente en {client}, tiene que dejar que esta máquina se presente como él con XCLIENT: añade «smtpd_authorized_xclient_hosts = {addr}» a su main.cf y ejecuta «postfix reload». O pruébalo en el propio servidor: swaks --local-interface {client}.',
  'remote.notChecked.xclientOutside':
    'no comprobado en remoto: para ver qué hace el servidor con un cliente de fuera como {client}, tiene que dejar que esta máquina se presente como él con XCLIENT: añade «smtpd_authorized_xclient_hosts = {addr}» a su main.cf y ejecuta «postfix reload».',
  'remote.rbl.accepted':
    'El servidor {host} (puerto {port}) ha aceptado un cliente en {client}, la dirección de prueba que todas las DNSBL incluyen: RCPT TO:<{rcpt}> ha recibido «{reply}». Revisa que smtpd_recipient_restrictions tenga reject_rbl_client {list} después de reject_unauth_destination, que {client} no esté en mynetworks y que el DNS que usa el servidor resuelva las consultas a la lista (en el servidor: «dig 2.0.0.127.{list}»; Spamhaus no contesta a las consultas que llegan a través de servidores DNS públicos), y ejecuta «postfix reload».',
  'remote.mtasts.httpsDown':
    'Nadie contesta en {host}, puerto {port}: el servidor web que sirve la política de MTA-STS no está en marcha o ese puerto está cerrado para esta máquina. Compruébalo en el servidor («systemctl status nginx», o el servidor web que uses).',
  'remote.mtasts.noTls':
    'El servidor web de {host} (puerto {port}) no ha negociado TLS: no tiene un certificado utilizable con su clave para mta-sts. Revisa su configuración y recárgalo.',
  'remote.mtasts.notServed':
    'El servidor web de {host} contesta {status} a {path}: no encuentra la política. Ponla en la carpeta que sirve para mta-sts, con ese nombre exacto, por ejemplo /{file}.',
  'remote.spf.accepted':
    'El servidor {host} (puerto {port}) ha aceptado un correo de {from} enviado desde {client}, una dirección de fuera que tu registro SPF no autoriza: RCPT TO:<{rcpt}> ha recibido «{reply}». Revisa que smtpd_recipient_restrictions consulte a policyd-spf (check_policy_service unix:private/policyd-spf, después de reject_unauth_destination), que master.cf tenga su servicio y que el registro SPF termine en -all, y ejecuta «postfix reload».',
  'remote.proof.unexpectedReply': 'El servidor {host} (puerto {port}) ha contestado «{reply}» a {command}, y la prueba no ha podido llegar a lo que el paso comprueba. Su log (/var/log/mail.log) dice por qué; ¿es {host} el servidor del dominio («--domain»)?',
  'remote.workbookNotice':
    'Este espacio de trabajo tiene guardado el servidor {target}: el cuaderno lo comprueba a él, como «mailsec check»; los pasos que no se ven desde aquí salen «no comprobado en remoto», y ningún resultado se guarda en tu progreso. «mailsec check --target sandbox» vuelve al sandbox.',
  'remote.workbookSandbox':
    'Este espacio de trabajo tiene guardado el servidor {target}, pero no se puede comprobar ({why}): el cuaderno comprueba el sandbox. «mailsec check --target sandbox» lo olvida.',
  'cli.target.header': 'Comprobando el servidor {target} ({address}), no el sandbox. Los pasos marcados con – no se comprueban en remoto.',
  'cli.target.summary': '({n} sin comprobar en remoto)',
  'cli.target.public':
    '{shown} ({option}) es una dirección pública: mailsec solo comprueba servidores en direcciones locales o privadas (las máquinas virtuales de una clase), salvo que digas que el servidor es tuyo. Si lo es y puedes ponerlo a prueba, añade --i-own-this-server.',
  'cli.target.bad': '«{target}» no es un servidor para {option}: escribe HOST o HOST:PUERTO, como 192.168.56.10 o mail.alexdns.local:2525.',
  'cli.target.badDomain': '«{domain}» no es un nombre de dominio (como alexdns.local).',
  'cli.target.unresolved': '{host} no corresponde a ninguna dirección desde aquí. Escribe la dirección IP del servidor o revisa el nombre.',
  'cli.target.sandboxWith': '{option} es para un servidor real y no va con --target sandbox ni --no-target, que vuelven al sandbox.',
  'cli.target.both': '--no-target olvida el servidor y no va con --target (salvo --target sandbox, que hace lo mismo).',
  'cli.target.noTarget': '--dns, --ssh e --i-own-this-server van con --target HOST[:PUERTO], y este espacio de trabajo todavía no tiene ningún servidor guardado.',
  'ui.server.prompt':
    'Servidor que comprobar: HOST[:PUERTO] y, si hace falta, --dns HOST, --ssh USUARIO@HOST, --domain DOMINIO, --i-own-this-server. Vacío: el sandbox. Intro lo guarda, Esc cancela.',
  'ui.server.plainUsage': 'E HOST[:PUERTO] [--dns HOST] [--ssh USUARIO@HOST] [--domain DOMINIO] [--i-own-this-server] elige el servidor que comprobar; E sandbox vuelve al sandbox.',
  'ui.server.label': 'Servidor',
  'ui.server.resolving': 'Buscando {target}…',
  'ui.target.cleared': 'Ahora se comprueba el sandbox: el servidor guardado se ha olvidado.',
  'cli.target.lineWord': '«{word}» no es una opción del servidor: escribe HOST[:PUERTO] y, si hace falta, --dns HOST, --ssh USUARIO@HOST, --domain DOMINIO o --i-own-this-server.',
  'cli.target.lineValue': 'A {option} le falta el valor: escríbelo detrás, separado por un espacio.',
  'cli.target.lineNoHost': 'Falta el servidor: empieza por su HOST[:PUERTO] (o deja la línea vacía para volver al sandbox).',
  'remote.ssh.notPostmapped':
    'El texto de {file} está bien, pero en {ssh} Postfix no lee el texto sino la tabla que construye postmap ({file}.db), y esa falta o es más antigua que el texto. Ejecuta en el servidor «postmap {file}» y después «postfix reload».',
  'remote.ssh.garbled': 'no comprobado en remoto: la orden que lee los archivos en {ssh} ha contestado algo que no se entiende (¿un saludo que se escribe al entrar, desde «.bashrc»?). Prueba «ssh {login} true»: no debe escribir nada.',
  'remote.auth.dkim.notPublished':
    'El DNS {dns} no tiene nada en {name}. En el servidor, añade a {file} el registro de {txt} («cat {txt} >> {file}»), sube el número de serie del SOA y recarga BIND («rndc reload»).',
};

export const ca: Record<string, string> = {
  'remote.asOutside': 'Com a client de fora: el servidor ha deixat que aquesta màquina es presenti amb XCLIENT com a {addr}.',
  'remote.fromHere':
    'Comprovat des d\'aquesta màquina ({addr}): el servidor no li ofereix XCLIENT, així que ha jutjat la connexió com a vinguda d\'aquí. Si {addr} és al seu mynetworks, la tracta com la seva pròpia xarxa; per comprovar-ho com un client d\'internet, afegeix al seu main.cf «smtpd_authorized_xclient_hosts = {addr}», o executa la comprovació des de fora.',
  'remote.notChecked.ssh':
    'no comprovat en remot: aquest pas llegeix el que només el sandbox registra (cada sessió SMTP, el que tu mateix has enviat) o fitxers del servidor que mailsec no llegeix en un servidor real: claus privades, usuaris, permisos.',
  'remote.notChecked.noSsh':
    'no comprovat en remot: aquest pas llegeix la configuració del servidor (main.cf, master.cf, les seves taules, OpenDKIM, SpamAssassin, policyd-spf); indica com entrar-hi amb --ssh USUARI@HOST (mailsec només els llegeix, no canvia res).',
  'remote.ssh.read': 'Llegit per ssh a {ssh}: {dir}/main.cf i {dir}/master.cf.',
  'remote.ssh.alsoRead': 'I també: {files}.',
  'remote.ssh.readLog': 'Llegit per ssh a {ssh}: {dir}/main.cf, {dir}/master.cf i les últimes {n} línies de {log}.',
  'remote.ssh.noLog':
    'no comprovat en remot: no s\'ha pogut llegir el log de correu de {ssh} ({error}). És /var/log/mail.log si el servidor té rsyslog («apt install rsyslog»), o el maillog_file de Postfix; i l\'usuari l\'ha de poder llegir (grup «adm»).',
  'remote.ssh.noClient': 'no comprovat en remot: aquesta màquina no té «{command}» per entrar per ssh. Instal·la el client («apt-get install openssh-client»).',
  'remote.ssh.failed':
    'no comprovat en remot: ssh no ha pogut entrar a {ssh} sense demanar contrasenya ({error}). Instal·la la teva clau al servidor («ssh-copy-id {login}») i prova «ssh {login} postconf -n».',
  'remote.ssh.hostKey':
    'no comprovat en remot: ssh no reconeix la clau de {ssh} ({error}). Connecta-t\'hi un cop a mà («ssh {login}»), comprova l\'empremta que et mostra i accepta-la; després torna a comprovar.',
  'remote.ssh.unreachable': 'no comprovat en remot: ssh no arriba a {ssh} ({error}). La màquina està engegada i el seu sshd en marxa, en aquest port?',
  'remote.ssh.timeout': 'no comprovat en remot: {ssh} no ha respost en {seconds} s.',
  'remote.ssh.tooBig': 'no comprovat en remot: a {ssh}, «{command}» retorna més de {bytes} bytes, massa per ser un main.cf.',
  'remote.ssh.customFailed': 'no comprovat en remot: l\'ordre de MAILSEC_SSH («{command}») no funciona ({error}). Corregeix-la o esborra-la per fer servir ssh.',
  'remote.ssh.noPostfix': 'no comprovat en remot: a {ssh}, «postconf -h config_directory» no ha funcionat ({error}). Hi ha Postfix instal·lat, en aquest servidor?',
  'remote.ssh.unreadable': 'no comprovat en remot: a {ssh} no es pot llegir {file} ({error}). L\'usuari de --ssh l\'ha de poder llegir.',
  'remote.ssh.commandFailed': 'no comprovat en remot: a {ssh}, «{command}» ha fallat ({error}).',
  'cli.target.badSsh': '«{ssh}» no és un USUARI@HOST vàlid per a --ssh: escriu USUARI@HOST o USUARI@HOST:PORT, com alumne@192.168.56.10.',
  'remote.notChecked.later': 'no comprovat en remot: mailsec encara no comprova aquest pas en un servidor real, només al sandbox.',
  'remote.notChecked.noDns': 'no comprovat en remot: aquest pas pregunta a un servidor DNS; indica el teu amb --dns HOST[:PORT].',
  'remote.notChecked.dkimKey':
    'no comprovat en remot: el DNS publica a {name} un registre DKIM vàlid ({bits} bits), però per veure si és la parella de la clau privada cal {txt}, el «.txt» que opendkim-genkey escriu al seu costat, i al servidor no hi és o no es pot llegir. mailsec mai no llegeix la clau privada.',
  'remote.auth.dkim.publishedOk': 'El DNS {dns} publica la teva clau pública a {name} ({bits} bits) i és la de {txt}, el «.txt» que es va generar amb la teva clau privada.',
  'remote.notChecked.unsafe':
    'no comprovat en remot: el pas intentaria retransmetre a {rcpt}, i contra un servidor real mailsec només fa servir el teu propi domini o els dominis reservats example.*.',
  'remote.notChecked.limit':
    'no comprovat en remot: aquesta execució ja ha obert {n} connexions amb {host}, el màxim d\'una execució. Comprova els passos que falten amb una altra (mailsec check LLIÇÓ).',
  'remote.tls.sandboxDown':
    'Ningú no contesta a {host}, port {port}. Comprova al servidor que Postfix està en marxa («systemctl status postfix») i que aquest port està obert per a aquesta màquina.',
  'remote.tls.sessionBroken': 'El servidor {host} (port {port}) ha tallat la sessió de la comprovació: {error}. El seu log (/var/log/mail.log) diu per què.',
  'remote.tls.starttlsNotOffered':
    'El servidor {host} (port {port}) no ofereix STARTTLS en la seva resposta a EHLO. Té smtpd_tls_security_level = may a main.cf, i has recarregat Postfix (postfix reload) després d\'editar-lo?',
  'remote.tls.starttlsRefused': 'El servidor {host} (port {port}) ha contestat «{reply}» a STARTTLS. El seu log (/var/log/mail.log) diu per què.',
  'remote.tls.servedOtherCert': 'Després de STARTTLS, el servidor {host} (port {port}) no ha presentat cap certificat ({seen}), i s\'esperava {path}.',
  'remote.smtp.authBeforeTls':
    'El servidor {host} (port {port}) ofereix «{seen}» abans de STARTTLS: un client podria enviar la seva contrasenya sense xifrar. Posa smtpd_tls_auth_only = yes al seu main.cf i recarrega Postfix (postfix reload).',
  'remote.smtp.noStarttls':
    'El servidor {host} (port {port}) no ofereix STARTTLS. Repassa la lliçó 02 (smtpd_tls_security_level = may) i recarrega Postfix (postfix reload).',
  'remote.smtp.authNotOffered':
    'El servidor {host} (port {port}) no ofereix AUTH ni tan sols després de STARTTLS. Té smtpd_sasl_auth_enable = yes a main.cf, i has recarregat Postfix (postfix reload)?',
  'remote.smtp.mechanismMissing':
    'Després de STARTTLS, el servidor {host} (port {port}) ofereix AUTH {seen}, però hi falta {mechanism}. Revisa smtpd_sasl_security_options al seu main.cf i el mech_list de la seva configuració de SASL (/etc/postfix/sasl/smtpd.conf), i recarrega Postfix.',
  'remote.smtp.unexpectedReply':
    'El servidor {host} (port {port}) ha contestat «{reply}» a {command}, abans d\'arribar al destinatari. El seu log (/var/log/mail.log) diu per què.',
  'remote.smtp.relayOpen':
    'Continua sent un relay obert: al port {port} de {host}, RCPT TO:<{rcpt}> rep «{reply}». Has recarregat Postfix (postfix reload) després d\'editar main.cf?',
  'remote.filter.senderAccepted':
    'El servidor {host} (port {port}) ha acceptat un remitent de {sample}: «{reply}». Revisa smtpd_sender_restrictions al main.cf i la taula que hi indica (postmap després d\'editar-la) i executa «postfix reload».',
  'remote.filter.keywordAccepted':
    'El servidor {host} (port {port}) ha acceptat per a {rcpt} un correu amb «{sample}» al cos: «{reply}». La teva regla de contingut no l\'ha aturat: revisa body_checks al main.cf i que la teva expressió coincideixi amb el text, i executa «postfix reload».',
  'remote.dns.sandboxDown':
    'El servidor DNS {dns} no respon. Comprova-hi que BIND està en marxa («systemctl status named») i que escolta en aquesta adreça («listen-on» a named.conf.options) amb el port obert per a aquesta màquina.',
  'remote.dns.refused':
    'El servidor DNS {dns} no serveix cap zona que contingui {name} (REFUSED). Declara la zona al seu named.conf.local (o, si ja hi és, mira que el seu «allow-query» inclogui aquesta màquina) i recarrega BIND («rndc reload»).',
  'remote.auth.spf.evalTemperror':
    'En avaluar el teu registre SPF «{record}» surt «temperror» (a la capçalera Received-SPF: «{comment}»): alguna consulta no ha tingut resposta del DNS {dns}, que només respon de les seves zones. Fes servir noms del teu domini o adreces (ip4:).',
  'remote.notChecked.xclient':
    'no comprovat en remot: per veure què fa el servidor amb un client a {client}, ha de deixar que aquesta màquina es presenti com ell amb XCLIENT: afegeix «smtpd_authorized_xclient_hosts = {addr}» al seu main.cf i executa «postfix reload». O prova-ho al mateix servidor: swaks --local-interface {client}.',
  'remote.notChecked.xclientOutside':
    'no comprovat en remot: per veure què fa el servidor amb un client de fora com {client}, ha de deixar que aquesta màquina es presenti com ell amb XCLIENT: afegeix «smtpd_authorized_xclient_hosts = {addr}» al seu main.cf i executa «postfix reload».',
  'remote.rbl.accepted':
    'El servidor {host} (port {port}) ha acceptat un client a {client}, l\'adreça de prova que totes les DNSBL inclouen: RCPT TO:<{rcpt}> ha rebut «{reply}». Revisa que smtpd_recipient_restrictions tingui reject_rbl_client {list} després de reject_unauth_destination, que {client} no sigui a mynetworks i que el resolutor del servidor resolgui les consultes a la llista (al servidor: dig 2.0.0.127.{list}; Spamhaus no respon a través de resolutors públics), i executa «postfix reload».',
  'remote.mtasts.httpsDown':
    'Ningú no contesta a {host}, port {port}: el servidor web que serveix la política d\'MTA-STS no està en marxa o aquest port està tancat per a aquesta màquina. Comprova-ho al servidor («systemctl status nginx», o el servidor web que facis servir).',
  'remote.mtasts.noTls':
    'El servidor web de {host} (port {port}) no ha negociat TLS: no té un certificat utilitzable amb la seva clau per a mta-sts. Revisa\'n la configuració i recarrega\'l.',
  'remote.mtasts.notServed':
    'El servidor web de {host} respon {status} a {path}: no troba la política. Posa-la a la carpeta que serveix per a mta-sts, amb aquest nom exacte, per exemple /{file}.',
  'remote.spf.accepted':
    'El servidor {host} (port {port}) ha acceptat un correu de {from} enviat des de {client}, una adreça de fora que el teu registre SPF no autoritza: RCPT TO:<{rcpt}> ha rebut «{reply}». Revisa que smtpd_recipient_restrictions consulti policyd-spf (check_policy_service unix:private/policyd-spf, després de reject_unauth_destination), que master.cf en tingui el servei i que el registre SPF acabi en -all, i executa «postfix reload».',
  'remote.proof.unexpectedReply': 'El servidor {host} (port {port}) ha contestat «{reply}» a {command}, i la prova no ha pogut arribar al que el pas comprova. El seu log (/var/log/mail.log) diu per què; {host} és el servidor del domini («--domain»)?',
  'remote.workbookNotice':
    'Aquest espai de treball té desat el servidor {target}: el quadern el comprova a ell, com «mailsec check»; els passos que no es veuen des d\'aquí surten «no comprovat en remot», i cap resultat no es desa al teu progrés. «mailsec check --target sandbox» torna al sandbox.',
  'remote.workbookSandbox':
    'Aquest espai de treball té desat el servidor {target}, però no es pot comprovar ({why}): el quadern comprova el sandbox. «mailsec check --target sandbox» l\'oblida.',
  'cli.target.header': 'Comprovant el servidor {target} ({address}), no el sandbox. Els passos marcats amb – no es comproven en remot.',
  'cli.target.summary': '({n} sense comprovar en remot)',
  'cli.target.public':
    '{shown} ({option}) és una adreça pública: mailsec només comprova servidors en adreces locals o privades (les màquines virtuals d\'una classe), tret que diguis que el servidor és teu. Si ho és i el pots posar a prova, afegeix --i-own-this-server.',
  'cli.target.bad': '«{target}» no és un servidor per a {option}: escriu HOST o HOST:PORT, com ara 192.168.56.10 o mail.alexdns.local:2525.',
  'cli.target.badDomain': '«{domain}» no és un nom de domini (com ara alexdns.local).',
  'cli.target.unresolved': '{host} no correspon a cap adreça des d\'aquí. Escriu l\'adreça IP del servidor o revisa el nom.',
  'cli.target.sandboxWith': '{option} és per a un servidor real i no va amb --target sandbox ni --no-target, que tornen al sandbox.',
  'cli.target.both': '--no-target oblida el servidor i no va amb --target (tret de --target sandbox, que fa el mateix).',
  'cli.target.noTarget': '--dns, --ssh i --i-own-this-server van amb --target HOST[:PORT], i aquest espai de treball encara no té cap servidor desat.',
  'ui.server.prompt':
    'Servidor que cal comprovar: HOST[:PORT] i, si cal, --dns HOST, --ssh USUARI@HOST, --domain DOMINI, --i-own-this-server. Buit: el sandbox. Retorn el desa, Esc cancel·la.',
  'ui.server.plainUsage': 'E HOST[:PORT] [--dns HOST] [--ssh USUARI@HOST] [--domain DOMINI] [--i-own-this-server] tria el servidor que cal comprovar; E sandbox torna al sandbox.',
  'ui.server.label': 'Servidor',
  'ui.server.resolving': 'Cercant {target}…',
  'ui.target.cleared': 'Ara es comprova el sandbox: el servidor desat s\'ha oblidat.',
  'cli.target.lineWord': '«{word}» no és una opció del servidor: escriu HOST[:PORT] i, si cal, --dns HOST, --ssh USUARI@HOST, --domain DOMINI o --i-own-this-server.',
  'cli.target.lineValue': 'A {option} li falta el valor: escriu-lo darrere, separat per un espai.',
  'cli.target.lineNoHost': 'Falta el servidor: comença pel seu HOST[:PORT] (o deixa la línia buida per tornar al sandbox).',
  'remote.ssh.notPostmapped':
    'El text de {file} és correcte, però a {ssh} Postfix no llegeix el text sinó la taula que construeix postmap ({file}.db), i aquesta falta o és més antiga que el text. Executa al servidor «postmap {file}» i després «postfix reload».',
  'remote.ssh.garbled': 'no comprovat en remot: l\'ordre que llegeix els fitxers a {ssh} ha respost una cosa que no s\'entén (una salutació que s\'escriu en entrar, des de «.bashrc»?). Prova «ssh {login} true»: no ha d\'escriure res.',
  'remote.auth.dkim.notPublished':
    'El DNS {dns} no té res a {name}. Al servidor, afegeix a {file} el registre de {txt} («cat {txt} >> {file}»), apuja el número de sèrie del SOA i recarrega BIND («rndc reload»).',
};

export const en: Record<string, string> = {
  'remote.asOutside': 'As an outside client: the server let this machine present itself through XCLIENT as {addr}.',
  'remote.fromHere':
    'Checked from this machine ({addr}): the server does not offer it XCLIENT, so it judged the connection as coming from here. If {addr} is in its mynetworks, it treats it as its own network; to check as a client from the internet, add “smtpd_authorized_xclient_hosts = {addr}” to its main.cf, or run the check from outside.',
  'remote.notChecked.ssh':
    'not checked remotely: this step reads what only the sandbox records (each SMTP session, what you sent yourself) or files of the server that mailsec does not read on a real server: private keys, users, file modes.',
  'remote.notChecked.noSsh':
    'not checked remotely: this step reads the server’s configuration (main.cf, master.cf, their tables, OpenDKIM, SpamAssassin, policyd-spf); say how to log in to it with --ssh USER@HOST (mailsec only reads them and changes nothing).',
  'remote.ssh.read': 'Read over ssh on {ssh}: {dir}/main.cf and {dir}/master.cf.',
  'remote.ssh.alsoRead': 'And also: {files}.',
  'remote.ssh.readLog': 'Read over ssh on {ssh}: {dir}/main.cf, {dir}/master.cf and the last {n} lines of {log}.',
  'remote.ssh.noLog':
    'not checked remotely: the mail log of {ssh} could not be read ({error}). It is /var/log/mail.log when the server has rsyslog (“apt install rsyslog”), or Postfix’s maillog_file; and the user must be able to read it (group “adm”).',
  'remote.ssh.noClient': 'not checked remotely: this machine has no “{command}” to log in over ssh. Install the client (“apt-get install openssh-client”).',
  'remote.ssh.failed':
    'not checked remotely: ssh could not log in to {ssh} without asking for a password ({error}). Install your key on the server (“ssh-copy-id {login}”) and try “ssh {login} postconf -n”.',
  'remote.ssh.hostKey':
    'not checked remotely: ssh does not recognize the key of {ssh} ({error}). Connect once by hand (“ssh {login}”), check the fingerprint it shows and accept it; then check again.',
  'remote.ssh.unreachable': 'not checked remotely: ssh does not reach {ssh} ({error}). Is the machine on, and its sshd running on that port?',
  'remote.ssh.timeout': 'not checked remotely: {ssh} did not answer in {seconds} s.',
  'remote.ssh.tooBig': 'not checked remotely: on {ssh}, “{command}” gives more than {bytes} bytes, too much for a main.cf.',
  'remote.ssh.customFailed': 'not checked remotely: the MAILSEC_SSH command (“{command}”) does not work ({error}). Fix it, or unset it to use ssh.',
  'remote.ssh.noPostfix': 'not checked remotely: on {ssh}, “postconf -h config_directory” did not work ({error}). Is Postfix installed on that server?',
  'remote.ssh.unreadable': 'not checked remotely: on {ssh}, {file} cannot be read ({error}). The --ssh user must be able to read it.',
  'remote.ssh.commandFailed': 'not checked remotely: on {ssh}, “{command}” failed ({error}).',
  'cli.target.badSsh': '“{ssh}” is not a valid USER@HOST for --ssh: write USER@HOST or USER@HOST:PORT, such as student@192.168.56.10.',
  'remote.notChecked.later': 'not checked remotely: mailsec does not check this step on a real server yet, only in the sandbox.',
  'remote.notChecked.noDns': 'not checked remotely: this step asks a DNS server; name yours with --dns HOST[:PORT].',
  'remote.notChecked.dkimKey':
    'not checked remotely: the DNS publishes a valid DKIM record at {name} ({bits} bits), but whether it is the pair of the private key takes {txt}, the “.txt” opendkim-genkey writes beside it, which is not on the server or cannot be read. mailsec never reads the private key.',
  'remote.auth.dkim.publishedOk': 'The DNS {dns} publishes your public key at {name} ({bits} bits), and it is the one in {txt}, the “.txt” made with your private key.',
  'remote.notChecked.unsafe':
    'not checked remotely: the step would try to relay to {rcpt}, and against a real server mailsec only names your own domain or the reserved example.* domains.',
  'remote.notChecked.limit':
    'not checked remotely: this run has already opened {n} connections to {host}, the most one run opens. Check the remaining steps with another run (mailsec check LESSON).',
  'remote.tls.sandboxDown':
    'Nothing answers at {host}, port {port}. Check on the server that Postfix is running (“systemctl status postfix”) and that the port is open to this machine.',
  'remote.tls.sessionBroken': 'The server {host} (port {port}) cut the check’s session short: {error}. Its log (/var/log/mail.log) says why.',
  'remote.tls.starttlsNotOffered':
    'The server {host} (port {port}) does not offer STARTTLS in its reply to EHLO. Is smtpd_tls_security_level = may in its main.cf, and did you reload Postfix (postfix reload) after editing it?',
  'remote.tls.starttlsRefused': 'The server {host} (port {port}) answered STARTTLS with “{reply}”. Its log (/var/log/mail.log) says why.',
  'remote.tls.servedOtherCert': 'After STARTTLS the server {host} (port {port}) presented no certificate ({seen}), where {path} was expected.',
  'remote.smtp.authBeforeTls':
    'The server {host} (port {port}) offers “{seen}” before STARTTLS: a client could send its password unencrypted. Set smtpd_tls_auth_only = yes in its main.cf and reload Postfix (postfix reload).',
  'remote.smtp.noStarttls':
    'The server {host} (port {port}) does not offer STARTTLS. Go back over lesson 02 (smtpd_tls_security_level = may) and reload Postfix (postfix reload).',
  'remote.smtp.authNotOffered':
    'The server {host} (port {port}) does not offer AUTH even after STARTTLS. Is smtpd_sasl_auth_enable = yes in its main.cf, and did you reload Postfix (postfix reload)?',
  'remote.smtp.mechanismMissing':
    'After STARTTLS the server {host} (port {port}) offers AUTH {seen}, but {mechanism} is missing. Check smtpd_sasl_security_options in its main.cf and the mech_list of its SASL configuration (/etc/postfix/sasl/smtpd.conf), and reload Postfix.',
  'remote.smtp.unexpectedReply':
    'The server {host} (port {port}) answered {command} with “{reply}”, before the recipient was reached. Its log (/var/log/mail.log) says why.',
  'remote.smtp.relayOpen':
    'It is still an open relay: on port {port} of {host}, RCPT TO:<{rcpt}> gets “{reply}”. Did you reload Postfix (postfix reload) after editing main.cf?',
  'remote.filter.senderAccepted':
    'The server {host} (port {port}) accepted a sender at {sample}: “{reply}”. Check smtpd_sender_restrictions in main.cf and the table it names (postmap after editing it) and run “postfix reload”.',
  'remote.filter.keywordAccepted':
    'The server {host} (port {port}) accepted for {rcpt} a mail with “{sample}” in its body: “{reply}”. Your content rule did not stop it: check body_checks in main.cf and that your expression matches the text, then run “postfix reload”.',
  'remote.dns.sandboxDown':
    'The DNS server {dns} does not answer. Check on it that BIND is running (“systemctl status named”) and listens on that address (“listen-on” in named.conf.options), with the port open to this machine.',
  'remote.dns.refused':
    'The DNS server {dns} serves no zone that holds {name} (REFUSED). Declare the zone in its named.conf.local (or, if it is there, check that its “allow-query” includes this machine) and reload BIND (“rndc reload”).',
  'remote.auth.spf.evalTemperror':
    'Evaluating your SPF record “{record}” gives “temperror” (in the Received-SPF header: “{comment}”): some query got no answer from the DNS {dns}, which answers only for its own zones. Use names of your domain or addresses (ip4:).',
  'remote.notChecked.xclient':
    'not checked remotely: to see what the server does with a client at {client}, it must let this machine present itself as that client through XCLIENT: add “smtpd_authorized_xclient_hosts = {addr}” to its main.cf and run “postfix reload”. Or try it on the server itself: swaks --local-interface {client}.',
  'remote.notChecked.xclientOutside':
    'not checked remotely: to see what the server does with an outside client such as {client}, it must let this machine present itself as that client through XCLIENT: add “smtpd_authorized_xclient_hosts = {addr}” to its main.cf and run “postfix reload”.',
  'remote.rbl.accepted':
    'The server {host} (port {port}) accepted a client at {client}, the test address every DNSBL lists: RCPT TO:<{rcpt}> got “{reply}”. Check that smtpd_recipient_restrictions has reject_rbl_client {list} after reject_unauth_destination, that {client} is not in mynetworks, and that the server’s resolver answers for the list (on the server: dig 2.0.0.127.{list}; Spamhaus does not answer through public resolvers); then run “postfix reload”.',
  'remote.mtasts.httpsDown':
    'Nothing answers at {host}, port {port}: the web server that serves the MTA-STS policy is not running, or that port is closed to this machine. Check on the server (“systemctl status nginx”, or whichever web server you use).',
  'remote.mtasts.noTls':
    'The web server at {host} (port {port}) did not negotiate TLS: it has no usable certificate with its key for mta-sts. Check its configuration and reload it.',
  'remote.mtasts.notServed':
    'The web server at {host} answers {status} for {path}: it cannot find the policy. Put it in the folder it serves for mta-sts, with exactly that name, for example /{file}.',
  'remote.spf.accepted':
    'The server {host} (port {port}) accepted a mail from {from} sent from {client}, an outside address your SPF record does not allow: RCPT TO:<{rcpt}> got “{reply}”. Check that smtpd_recipient_restrictions asks policyd-spf (check_policy_service unix:private/policyd-spf, after reject_unauth_destination), that master.cf has its service and that the SPF record ends in -all; then run “postfix reload”.',
  'remote.proof.unexpectedReply': 'The server {host} (port {port}) answered “{reply}” to {command}, so the test could not reach what the step checks. Its log (/var/log/mail.log) says why; is {host} the server of the domain (“--domain”)?',
  'remote.workbookNotice':
    'This workspace has the server {target} saved: the workbook checks it, as “mailsec check” does; the steps that cannot be seen from here say “not checked remotely”, and no result is recorded in your progress. “mailsec check --target sandbox” goes back to the sandbox.',
  'remote.workbookSandbox':
    'This workspace has the server {target} saved, but it cannot be checked ({why}): the workbook checks the sandbox. “mailsec check --target sandbox” forgets it.',
  'cli.target.header': 'Checking the server {target} ({address}), not the sandbox. Steps marked – are not checked remotely.',
  'cli.target.summary': '({n} not checked remotely)',
  'cli.target.public':
    '{shown} ({option}) is a public address: mailsec only checks servers on loopback or private addresses (a class’s virtual machines) unless you say the server is yours. If it is, and you may test it, add --i-own-this-server.',
  'cli.target.bad': '“{target}” is not a server for {option}: write HOST or HOST:PORT, such as 192.168.56.10 or mail.alexdns.local:2525.',
  'cli.target.badDomain': '“{domain}” is not a domain name (such as alexdns.local).',
  'cli.target.unresolved': '{host} does not resolve to any address from here. Write the server’s IP address, or check the name.',
  'cli.target.sandboxWith': '{option} is for a real server and does not go with --target sandbox or --no-target, which go back to the sandbox.',
  'cli.target.both': '--no-target forgets the server; it does not go with --target (except --target sandbox, which does the same).',
  'cli.target.noTarget': '--dns, --ssh and --i-own-this-server go with --target HOST[:PORT], and this workspace has no server saved yet.',
  'ui.server.prompt':
    'Server to check: HOST[:PORT] and, if needed, --dns HOST, --ssh USER@HOST, --domain DOMAIN, --i-own-this-server. Empty: the sandbox. Enter saves it, Esc cancels.',
  'ui.server.plainUsage': 'E HOST[:PORT] [--dns HOST] [--ssh USER@HOST] [--domain DOMAIN] [--i-own-this-server] chooses the server to check; E sandbox goes back to the sandbox.',
  'ui.server.label': 'Server',
  'ui.server.resolving': 'Looking up {target}…',
  'ui.target.cleared': 'Checking the sandbox now: the saved server is forgotten.',
  'cli.target.lineWord': '“{word}” is not a server option: write HOST[:PORT] and, if needed, --dns HOST, --ssh USER@HOST, --domain DOMAIN or --i-own-this-server.',
  'cli.target.lineValue': '{option} needs a value after it, separated by a space.',
  'cli.target.lineNoHost': 'The server is missing: start with its HOST[:PORT] (or leave the line empty to go back to the sandbox).',
  'remote.ssh.notPostmapped':
    'The text of {file} is right, but on {ssh} Postfix does not read the text: it reads the table postmap builds ({file}.db), which is missing or older than the text. On the server, run “postmap {file}” and then “postfix reload”.',
  'remote.ssh.garbled': 'not checked remotely: the command that reads the files on {ssh} answered something that cannot be understood (a greeting printed at login, from “.bashrc”?). Try “ssh {login} true”: it must print nothing.',
  'remote.auth.dkim.notPublished':
    'The DNS {dns} has nothing at {name}. On the server, add the record from {txt} to {file} (“cat {txt} >> {file}”), raise the SOA serial and reload BIND (“rndc reload”).',
};
