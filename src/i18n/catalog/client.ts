// Messages of the mail client steps of lesson 13 (sending through submission, fetching by
// POP3 or IMAP). Keys: "client.*"; same keys in es, ca and en.
export const es: Record<string, string> = {
  'client.fetchedOk': 'Tu cliente ha entrado por {service} como {user}, dentro de TLS, y ha descargado {n} de tus mensajes.',
  'client.fetchNotSeen':
    'Desde que empezaste este paso, ningún cliente ha entrado en tu buzón. En tu cliente, el servidor de entrada es POP3 en 127.0.0.1, puerto {pop3} con STARTTLS (o {pop3s} con SSL/TLS), usuario «alumno» y contraseña normal; después pide el correo nuevo (o ejecuta el curl del paso).',
  'client.fetchPlaintext':
    'Tu cliente ha intentado entrar por {service} sin cifrar, y el servidor no acepta contraseñas en claro. En la cuenta, pon la seguridad de la conexión en STARTTLS (puerto {starttls}) o en SSL/TLS (puerto {implicit}) y vuelve a probar.',
  'client.fetchCertRefused':
    'Tu cliente ha cortado la conexión {service} en pleno saludo TLS ({error}): no se fía del certificado. Compara la huella SHA-256 que te enseña con la de «openssl x509 -noout -fingerprint -sha256 -in etc/ssl/certs/cert.crt» y, si es la misma, confirma la excepción.',
  'client.fetchAuthFailed':
    'El servidor {service} ha rechazado la contraseña de «{user}». El usuario es «alumno», sin @dominio, y la contraseña es la que guardaste en la lección 3; corrígelos en la cuenta y vuelve a pedir el correo.',
  'client.fetchedNothing':
    'Tu cliente ha entrado por {service} como {user}, pero no ha descargado ningún mensaje entero: o el buzón está vacío, o solo ha mirado la lista (o las cabeceras) de lo que ya tenía. Envíate un correo, como en el paso anterior, y vuelve a pedir el correo nuevo.',
  'client.fetchStillOpen':
    'Tu cliente ha entrado por {service} como {user} y la sesión sigue abierta: el sandbox sabe cuántos mensajes ha descargado cuando la cierra. Ciérrala (en Thunderbird, basta con cerrar el programa) y vuelve a comprobar.',
  'client.sentOk': 'Tu cliente ha enviado por el puerto {port}, dentro de TLS y autenticado como {user}, un correo que ha llegado al buzón de {to}.',
  'client.sentNotSeen':
    'Desde que empezaste este paso, no ha entrado ningún correo por los puertos de entrega. En tu cliente, el servidor de salida es 127.0.0.1, puerto {submission} con STARTTLS (o {smtps} con SSL/TLS), usuario «alumno» y contraseña normal; envíate un correo a alumno@{domain}.',
  'client.sentWrongPort':
    'Tu correo para {to} ha llegado, pero ha entrado por el puerto {port}, la puerta de los otros servidores, y no por la de entrega. Cambia el servidor de salida de tu cliente al puerto {submission}, con STARTTLS y contraseña normal, y vuelve a enviarlo.',
  'client.sentNotInbox':
    'Tu correo ha salido bien por el puerto {port}, pero iba para {to} y ha acabado en {path}, no en un buzón de este servidor. Envíatelo a ti mismo, a alumno@{domain}, para recogerlo en el paso siguiente.',
  'client.sentAuthFailed':
    'El puerto {port} no ha aceptado la contraseña de «{user}»: «{reply}». En el servidor de salida, el usuario es «alumno», sin @dominio, y la contraseña es la de la lección 3; corrígelos y vuelve a enviarlo.',
  'client.sentNoAuth':
    'El puerto {port} ha rechazado tu correo: «{reply}». Tu cliente no se ha autenticado: en el servidor de salida, elige la contraseña normal con el usuario «alumno» y vuelve a enviarlo.',
  'client.sentRefused':
    'El puerto {port} ha aceptado tu usuario, pero ha rechazado el correo: «{reply}». Si la respuesta dice «not owned by user», la dirección de la cuenta no es tuya: tiene que ser alumno@{domain}.',
  'client.sentCertRefused':
    'Tu cliente ha cortado el TLS en el puerto {port} ({error}): no se fía del certificado. Compara la huella SHA-256 que te enseña con la de tu etc/ssl/certs/cert.crt y, si es la misma, confirma la excepción.',
};

export const ca: Record<string, string> = {
  'client.fetchedOk': 'El teu client ha entrat per {service} com a {user}, dins de TLS, i ha baixat {n} dels teus missatges.',
  'client.fetchNotSeen':
    "Des que vas començar aquest pas, cap client no ha entrat a la teva bústia. Al teu client, el servidor d'entrada és POP3 a 127.0.0.1, port {pop3} amb STARTTLS (o {pop3s} amb SSL/TLS), usuari «alumno» i contrasenya normal; després demana el correu nou (o executa el curl del pas).",
  'client.fetchPlaintext':
    "El teu client ha intentat entrar per {service} sense xifrar, i el servidor no accepta contrasenyes en clar. Al compte, posa la seguretat de la connexió en STARTTLS (port {starttls}) o en SSL/TLS (port {implicit}) i torna-ho a provar.",
  'client.fetchCertRefused':
    "El teu client ha tallat la connexió {service} en plena salutació TLS ({error}): no es refia del certificat. Compara l'empremta SHA-256 que et mostra amb la que dona l'ordre «openssl x509 -noout -fingerprint -sha256 -in etc/ssl/certs/cert.crt» i, si és la mateixa, confirma l'excepció.",
  'client.fetchAuthFailed':
    "El servidor {service} ha rebutjat la contrasenya de «{user}». L'usuari és «alumno», sense @domini, i la contrasenya és la que vas desar a la lliçó 3; corregeix-los al compte i torna a demanar el correu.",
  'client.fetchedNothing':
    "El teu client ha entrat per {service} com a {user}, però no ha baixat cap missatge sencer: o la bústia és buida, o només ha mirat la llista (o les capçaleres) del que ja tenia. Envia't un correu, com al pas anterior, i torna a demanar el correu nou.",
  'client.fetchStillOpen':
    "El teu client ha entrat per {service} com a {user} i la sessió continua oberta: el sandbox sap quants missatges ha baixat quan la tanca. Tanca-la (a Thunderbird, n'hi ha prou de tancar el programa) i torna a comprovar.",
  'client.sentOk': 'El teu client ha enviat pel port {port}, dins de TLS i autenticat com a {user}, un correu que ha arribat a la bústia de {to}.',
  'client.sentNotSeen':
    "Des que vas començar aquest pas, no ha entrat cap correu pels ports de lliurament. Al teu client, el servidor de sortida és 127.0.0.1, port {submission} amb STARTTLS (o {smtps} amb SSL/TLS), usuari «alumno» i contrasenya normal; envia't un correu a alumno@{domain}.",
  'client.sentWrongPort':
    "El teu correu per a {to} ha arribat, però ha entrat pel port {port}, la porta dels altres servidors, i no per la de lliurament. Canvia el servidor de sortida del teu client al port {submission}, amb STARTTLS i contrasenya normal, i torna a enviar-lo.",
  'client.sentNotInbox':
    "El teu correu ha sortit bé pel port {port}, però anava per a {to} i ha acabat a {path}, no a una bústia d'aquest servidor. Envia-te'l a tu mateix, a alumno@{domain}, per recollir-lo al pas següent.",
  'client.sentAuthFailed':
    "El port {port} no ha acceptat la contrasenya de «{user}»: «{reply}». Al servidor de sortida, l'usuari és «alumno», sense @domini, i la contrasenya és la de la lliçó 3; corregeix-los i torna a enviar-lo.",
  'client.sentNoAuth':
    "El port {port} ha rebutjat el teu correu: «{reply}». El teu client no s'ha autenticat: al servidor de sortida, tria la contrasenya normal amb l'usuari «alumno» i torna a enviar-lo.",
  'client.sentRefused':
    "El port {port} ha acceptat el teu usuari, però ha rebutjat el correu: «{reply}». Si la resposta diu «not owned by user», l'adreça del compte no és teva: ha de ser alumno@{domain}.",
  'client.sentCertRefused':
    "El teu client ha tallat el TLS al port {port} ({error}): no es refia del certificat. Compara l'empremta SHA-256 que et mostra amb la del teu etc/ssl/certs/cert.crt i, si és la mateixa, confirma l'excepció.",
};

export const en: Record<string, string> = {
  'client.fetchedOk': 'Your client logged in to {service} as {user}, inside TLS, and downloaded {n} of your messages.',
  'client.fetchNotSeen':
    'Since you began this step, no client has logged in to your mailbox. In your client, the incoming server is POP3 on 127.0.0.1, port {pop3} with STARTTLS (or {pop3s} with SSL/TLS), user "alumno" and normal password; then ask for new mail (or run the step\'s curl).',
  'client.fetchPlaintext':
    'Your client tried to log in to {service} unencrypted, and the server takes no password in the clear. In the account, set the connection security to STARTTLS (port {starttls}) or SSL/TLS (port {implicit}) and try again.',
  'client.fetchCertRefused':
    'Your client broke off the {service} connection in the middle of the TLS handshake ({error}): it does not trust the certificate. Compare the SHA-256 fingerprint it shows you with the one from "openssl x509 -noout -fingerprint -sha256 -in etc/ssl/certs/cert.crt" and, if they are the same, confirm the exception.',
  'client.fetchAuthFailed':
    'The {service} server refused the password of "{user}". The user is "alumno", without @domain, and the password is the one you saved in lesson 3; correct them in the account and ask for mail again.',
  'client.fetchedNothing':
    'Your client logged in to {service} as {user}, but downloaded no whole message: either the mailbox is empty, or it only looked at the list (or the headers) of what it already had. Send yourself a mail, as in the step before, and ask for new mail again.',
  'client.fetchStillOpen':
    'Your client logged in to {service} as {user} and the session is still open: the sandbox learns how many messages it downloaded when it ends. End it (in Thunderbird, closing the program is enough) and check again.',
  'client.sentOk': 'Your client sent through port {port}, inside TLS and logged in as {user}, a mail that reached the mailbox of {to}.',
  'client.sentNotSeen':
    'Since you began this step, no mail has come in through the submission ports. In your client, the outgoing server is 127.0.0.1, port {submission} with STARTTLS (or {smtps} with SSL/TLS), user "alumno" and normal password; send yourself a mail at alumno@{domain}.',
  'client.sentWrongPort':
    'Your mail for {to} arrived, but it came in through port {port}, the door for other servers, not through the submission one. Set your client\'s outgoing server to port {submission}, with STARTTLS and normal password, and send it again.',
  'client.sentNotInbox':
    'Your mail went out fine through port {port}, but it was for {to} and ended up in {path}, not in a mailbox of this server. Send it to yourself, at alumno@{domain}, to pick it up in the next step.',
  'client.sentAuthFailed':
    'Port {port} did not take the password of "{user}": "{reply}". In the outgoing server, the user is "alumno", without @domain, and the password is the one from lesson 3; correct them and send it again.',
  'client.sentNoAuth':
    'Port {port} refused your mail: "{reply}". Your client did not log in: in the outgoing server, choose normal password with the user "alumno" and send it again.',
  'client.sentRefused':
    'Port {port} took your user but refused the mail: "{reply}". If the reply says "not owned by user", the account\'s address is not yours: it must be alumno@{domain}.',
  'client.sentCertRefused':
    'Your client broke off TLS on port {port} ({error}): it does not trust the certificate. Compare the SHA-256 fingerprint it shows you with your etc/ssl/certs/cert.crt\'s and, if they are the same, confirm the exception.',
};
