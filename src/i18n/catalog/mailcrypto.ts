// Messages of the mailcrypto area: end-to-end signing and encryption of mail with
// OpenPGP (lesson 11) and S/MIME (lesson 12). Keys: "mailcrypto.*"; the same keys in es, ca and en.
export const es: Record<string, string> = {
  // la clave OpenPGP
  'mailcrypto.gpg.noKeyring': 'No hay ningún anillo de claves en {home}. Antes de generar la clave, indica a gpg que use esa carpeta: «export GNUPGHOME="$PWD/{home}"» (desde el espacio de trabajo). Si ya la generaste sin esa línea, está en tu ~/.gnupg personal: vuelve a generarla aquí.',
  'mailcrypto.gpg.noKey': 'El anillo de {home} no tiene ninguna clave para {uid}. Genérala con gpg --full-generate-key (o gpg --quick-gen-key) y escribe {uid} como dirección de correo.',
  'mailcrypto.gpg.otherUid': 'Las claves de {home} son de «{seen}», pero el paso pide una para {wanted}. Genera otra clave con esa dirección exacta: la dirección de la clave es la que otros buscan para cifrarte correos.',
  'mailcrypto.gpg.keyType': 'La clave de {uid} es {seen}; el paso pide RSA de {bits} bits, como en el tutorial. Genera otra con gpg --full-generate-key y elige «(1) RSA and RSA» y {bits} bits.',
  'mailcrypto.gpg.keyBits': 'La clave de {uid} tiene {seen} bits; el paso pide {wanted}. Genera otra: en gpg --full-generate-key responde {wanted} al tamaño, o usa rsa{wanted} con --quick-gen-key y --quick-add-key.',
  'mailcrypto.gpg.keyInvalid': 'La clave de {uid} no es válida ({error}): caducada, revocada o dañada. Genera una nueva.',
  'mailcrypto.gpg.noEncryptionKey': 'La clave {fpr} de {uid} solo sirve para firmar: le falta la subclave de cifrado, así que nadie podría cifrarte un correo. Añádela con: gpg --quick-add-key {fpr} rsa{bits} encr never',
  'mailcrypto.gpg.noSecret': 'La clave pública de {uid} está en el anillo, pero su clave privada no está en {home}/private-keys-v1.d. ¿La importaste en lugar de generarla? Genera tu propia clave con la variable «GNUPGHOME» apuntando a {home}.',
  'mailcrypto.gpg.noPassphrase': 'La clave privada de {uid} ({fpr}) no tiene frase de contraseña: quien copie tu carpeta «.gnupg» podría firmar en tu nombre. Pónsela con: gpg --change-passphrase {fpr}',
  'mailcrypto.gpg.keyOk': 'Clave RSA de {bits} bits para {uid} ({fpr}), con subclave de cifrado y protegida con frase de contraseña.',

  // la clave pública exportada
  'mailcrypto.gpg.exportMissing': 'Todavía no existe {path}. Exporta tu clave pública con: gpg --armor --export {uid} > {path}',
  'mailcrypto.gpg.exportedSecret': '¡{path} contiene tu clave PRIVADA! Bórrala ahora mismo (rm {path}) y exporta solo la pública: gpg --armor --export {uid} > {path}. La privada no sale nunca de tu equipo.',
  'mailcrypto.gpg.exportEmpty': '{path} está vacío: gpg no encontró ninguna clave con ese nombre y no exportó nada. Comprueba que la variable «GNUPGHOME» apunta a tu carpeta y repite: gpg --armor --export {uid} > {path}',
  'mailcrypto.gpg.exportUnreadable': '{path} no es una clave OpenPGP que se pueda leer ({error}). Vuelve a exportarla con: gpg --armor --export {uid} > {path}',
  'mailcrypto.gpg.notArmored': '{path} es la clave en binario: te ha faltado --armor. Así no se puede pegar en un correo ni en una web. Repite: gpg --armor --export {uid} > {path}',
  'mailcrypto.gpg.exportOther': '{path} contiene la clave de «{seen}», no la tuya ({wanted}). Vuelve a exportarla: gpg --armor --export {uid} > {path}',
  'mailcrypto.gpg.exportStale': '{path} es tu clave de antes de añadir la subclave de cifrado: quien la importe no podrá cifrarte nada. Expórtala de nuevo: gpg --armor --export {uid} > {path}',
  'mailcrypto.gpg.exportOk': '{path}: tu clave pública ({fpr}), en ASCII, lista para enviarla.',

  // el mensaje firmado
  'mailcrypto.gpg.signedMissing': 'Todavía no existe {path}. Escribe un texto y fírmalo en claro: gpg --clearsign --output {path} mensaje.txt',
  'mailcrypto.gpg.notCleartext': '{path} está firmado, pero en binario o empaquetado (gpg --sign): quien lo reciba no puede leerlo sin gpg. Usa la firma en claro: gpg --clearsign --output {path} mensaje.txt',
  'mailcrypto.gpg.detachedOnly': '{path} contiene solo una firma separada («--detach-sign»), sin el texto. Para este paso el texto y la firma van juntos: gpg --clearsign --output {path} mensaje.txt',
  'mailcrypto.gpg.notSigned': '{path} no lleva ninguna firma OpenPGP: falta la línea «-----BEGIN PGP SIGNED MESSAGE-----». Fírmalo con: gpg --clearsign --output {path} mensaje.txt',
  'mailcrypto.gpg.signedUnreadable': 'La firma de {path} no se puede leer ({error}). Vuelve a firmar el texto con gpg --clearsign.',
  'mailcrypto.gpg.signedByOther': '{path} está firmado con la clave {seen}, pero la tuya es {wanted}. Si tienes varias claves, indica cuál con --local-user {wanted} y vuelve a firmar.',
  'mailcrypto.gpg.signedAltered': 'La firma de {path} no coincide con el texto: el texto ha cambiado después de firmarlo (basta un espacio o una tilde). Esto es justo lo que la firma detecta. Vuelve a firmar el texto definitivo con gpg --clearsign.',
  'mailcrypto.gpg.signedOk': '{path}: firma correcta de {uid} (clave {keyid}); el texto no ha cambiado desde que lo firmaste.',

  // el mensaje cifrado
  'mailcrypto.gpg.encryptedMissing': 'Todavía no existe {path}. Cífralo para {uids}: gpg --encrypt {args} --output {path} mensaje.txt',
  'mailcrypto.gpg.recipientKeyMissing': 'No está {path}, la clave pública de {uid} que venía con el espacio de trabajo. Recupérala con «mailsec init» en la misma carpeta (no toca tus archivos).',
  'mailcrypto.gpg.notOpenpgp': '{path} no es un mensaje OpenPGP ({error}). Créalo con gpg --encrypt … --output {path}',
  'mailcrypto.gpg.symmetric': '{path} está cifrado con una contraseña (gpg -c), no con la clave pública del destinatario: tendrías que mandarle la contraseña por otro lado. Usa gpg --encrypt --recipient …',
  'mailcrypto.gpg.notEncrypted': '{path} es OpenPGP, pero no está cifrado: cualquiera puede leerlo. ¿Usaste --sign o --clearsign en lugar de --encrypt?',
  'mailcrypto.gpg.notTo': '{path} está cifrado para las claves {seen}, pero ninguna es de {uid}, así que {uid} no podría leerlo. Cífralo de nuevo añadiendo --recipient {uid}.',
  'mailcrypto.gpg.encryptedOk': '{path}: mensaje OpenPGP cifrado para {uids}.',

  // los correos
  'mailcrypto.mail.none': 'El sandbox no ha entregado ningún correo a {to}. Envíalo por el puerto {port} (con swaks o con tu cliente de correo) y mira var/log/mail.log si no llega.',
  'mailcrypto.mail.refused': 'El servidor rechazó tu correo a {to}: {code} {text}. Corrige lo que dice la respuesta y envíalo otra vez.',
  'mailcrypto.mail.noSigned': 'Ningún correo entregado a {to} lleva un texto firmado con OpenPGP. Adjunta missatge_signat.txt (o pega su contenido en el cuerpo) y envíalo otra vez.',
  'mailcrypto.mail.signedAltered': 'El correo a {to} lleva un texto firmado, pero la firma ya no coincide: el texto cambió después de firmarlo. Vuelve a firmarlo y envía el archivo tal cual, como adjunto.',
  'mailcrypto.mail.signedByOther': 'El correo a {to} lleva un texto firmado con la clave {seen}, que no es la tuya. Fírmalo con tu clave y envíalo otra vez.',
  'mailcrypto.mail.noEncrypted': 'Ningún correo entregado a {to} lleva un mensaje cifrado con OpenPGP. Adjunta missatge_xifrat.gpg y envíalo otra vez.',
  'mailcrypto.mail.encryptedNotTo': 'El correo a {to} lleva un mensaje cifrado, pero no para {uid}: no podría leerlo. Cífralo de nuevo con --recipient {uid} y vuelve a enviarlo.',
  'mailcrypto.mail.gpgOk': 'A {to} le han llegado el mensaje firmado, que verifica con tu clave, y el cifrado, para las claves que tocaba.',
};

export const ca: Record<string, string> = {
  // la clau OpenPGP
  'mailcrypto.gpg.noKeyring': 'No hi ha cap anell de claus a {home}. Abans de generar la clau, indica a gpg que faci servir aquesta carpeta: «export GNUPGHOME="$PWD/{home}"» (des de l\'espai de treball). Si ja la vas generar sense aquesta línia, és al teu ~/.gnupg personal: torna-la a generar aquí.',
  'mailcrypto.gpg.noKey': 'L\'anell de {home} no té cap clau per a {uid}. Genera-la amb gpg --full-generate-key (o gpg --quick-gen-key) i escriu {uid} com a adreça de correu.',
  'mailcrypto.gpg.otherUid': 'Les claus de {home} són de «{seen}», però el pas en demana una per a {wanted}. Genera una altra clau amb aquesta adreça exacta: l\'adreça de la clau és la que els altres busquen per xifrar-te correus.',
  'mailcrypto.gpg.keyType': 'La clau de {uid} és {seen}; el pas demana RSA de {bits} bits, com al tutorial. Genera\'n una altra amb gpg --full-generate-key i tria «(1) RSA and RSA» i {bits} bits.',
  'mailcrypto.gpg.keyBits': 'La clau de {uid} té {seen} bits; el pas en demana {wanted}. Genera\'n una altra: a gpg --full-generate-key respon {wanted} a la mida, o fes servir rsa{wanted} amb --quick-gen-key i --quick-add-key.',
  'mailcrypto.gpg.keyInvalid': 'La clau de {uid} no és vàlida ({error}): caducada, revocada o malmesa. Genera\'n una de nova.',
  'mailcrypto.gpg.noEncryptionKey': 'La clau {fpr} de {uid} només serveix per signar: li falta la subclau de xifratge, de manera que ningú no et podria xifrar un correu. Afegeix-la amb: gpg --quick-add-key {fpr} rsa{bits} encr never',
  'mailcrypto.gpg.noSecret': 'La clau pública de {uid} és a l\'anell, però la seva clau privada no és a {home}/private-keys-v1.d. La vas importar en lloc de generar-la? Genera la teva pròpia clau amb la variable «GNUPGHOME» apuntant a {home}.',
  'mailcrypto.gpg.noPassphrase': 'La clau privada de {uid} ({fpr}) no té frase de pas: qui copiï la teva carpeta «.gnupg» podria signar en nom teu. Posa-li\'n una amb: gpg --change-passphrase {fpr}',
  'mailcrypto.gpg.keyOk': 'Clau RSA de {bits} bits per a {uid} ({fpr}), amb subclau de xifratge i protegida amb frase de pas.',

  // la clau pública exportada
  'mailcrypto.gpg.exportMissing': 'Encara no existeix {path}. Exporta la teva clau pública amb: gpg --armor --export {uid} > {path}',
  'mailcrypto.gpg.exportedSecret': '{path} conté la teva clau PRIVADA! Esborra-la ara mateix (rm {path}) i exporta només la pública: gpg --armor --export {uid} > {path}. La privada no surt mai del teu equip.',
  'mailcrypto.gpg.exportEmpty': '{path} és buit: gpg no ha trobat cap clau amb aquest nom i no ha exportat res. Comprova que la variable «GNUPGHOME» apunta a la teva carpeta i repeteix: gpg --armor --export {uid} > {path}',
  'mailcrypto.gpg.exportUnreadable': '{path} no és una clau OpenPGP que es pugui llegir ({error}). Torna-la a exportar amb: gpg --armor --export {uid} > {path}',
  'mailcrypto.gpg.notArmored': '{path} és la clau en binari: t\'ha faltat --armor. Així no es pot enganxar en un correu ni en un web. Repeteix: gpg --armor --export {uid} > {path}',
  'mailcrypto.gpg.exportOther': '{path} conté la clau de «{seen}», no la teva ({wanted}). Torna-la a exportar: gpg --armor --export {uid} > {path}',
  'mailcrypto.gpg.exportStale': '{path} és la teva clau d\'abans d\'afegir la subclau de xifratge: qui la importi no et podrà xifrar res. Exporta-la de nou: gpg --armor --export {uid} > {path}',
  'mailcrypto.gpg.exportOk': '{path}: la teva clau pública ({fpr}), en ASCII, a punt per enviar-la.',

  // el missatge signat
  'mailcrypto.gpg.signedMissing': 'Encara no existeix {path}. Escriu un text i signa\'l en clar: gpg --clearsign --output {path} missatge.txt',
  'mailcrypto.gpg.notCleartext': '{path} està signat, però en binari o empaquetat (gpg --sign): qui el rebi no el pot llegir sense gpg. Fes servir la signatura en clar: gpg --clearsign --output {path} missatge.txt',
  'mailcrypto.gpg.detachedOnly': '{path} només conté una signatura separada («--detach-sign»), sense el text. En aquest pas el text i la signatura van junts: gpg --clearsign --output {path} missatge.txt',
  'mailcrypto.gpg.notSigned': '{path} no porta cap signatura OpenPGP: hi falta la línia «-----BEGIN PGP SIGNED MESSAGE-----». Signa\'l amb: gpg --clearsign --output {path} missatge.txt',
  'mailcrypto.gpg.signedUnreadable': 'La signatura de {path} no es pot llegir ({error}). Torna a signar el text amb gpg --clearsign.',
  'mailcrypto.gpg.signedByOther': '{path} està signat amb la clau {seen}, però la teva és {wanted}. Si tens diverses claus, indica quina amb --local-user {wanted} i torna a signar.',
  'mailcrypto.gpg.signedAltered': 'La signatura de {path} no coincideix amb el text: el text ha canviat després de signar-lo (n\'hi ha prou amb un espai o un accent). Això és just el que la signatura detecta. Torna a signar el text definitiu amb gpg --clearsign.',
  'mailcrypto.gpg.signedOk': '{path}: signatura correcta de {uid} (clau {keyid}); el text no ha canviat des que el vas signar.',

  // el missatge xifrat
  'mailcrypto.gpg.encryptedMissing': 'Encara no existeix {path}. Xifra\'l per a {uids}: gpg --encrypt {args} --output {path} missatge.txt',
  'mailcrypto.gpg.recipientKeyMissing': 'No hi és {path}, la clau pública de {uid} que venia amb l\'espai de treball. Recupera-la amb «mailsec init» a la mateixa carpeta (no toca els teus fitxers).',
  'mailcrypto.gpg.notOpenpgp': '{path} no és un missatge OpenPGP ({error}). Crea\'l amb gpg --encrypt … --output {path}',
  'mailcrypto.gpg.symmetric': '{path} està xifrat amb una contrasenya (gpg -c), no amb la clau pública del destinatari: li hauries d\'enviar la contrasenya per una altra banda. Fes servir gpg --encrypt --recipient …',
  'mailcrypto.gpg.notEncrypted': '{path} és OpenPGP, però no està xifrat: qualsevol el pot llegir. Has fet servir --sign o --clearsign en lloc de --encrypt?',
  'mailcrypto.gpg.notTo': '{path} està xifrat per a les claus {seen}, però cap no és de {uid}, així que {uid} no el podria llegir. Xifra\'l de nou afegint --recipient {uid}.',
  'mailcrypto.gpg.encryptedOk': '{path}: missatge OpenPGP xifrat per a {uids}.',

  // els correus
  'mailcrypto.mail.none': 'El sandbox no ha lliurat cap correu a {to}. Envia\'l pel port {port} (amb swaks o amb el teu client de correu) i mira var/log/mail.log si no arriba.',
  'mailcrypto.mail.refused': 'El servidor ha rebutjat el teu correu a {to}: {code} {text}. Corregeix el que diu la resposta i torna\'l a enviar.',
  'mailcrypto.mail.noSigned': 'Cap correu lliurat a {to} no porta un text signat amb OpenPGP. Adjunta missatge_signat.txt (o enganxa\'n el contingut al cos) i torna\'l a enviar.',
  'mailcrypto.mail.signedAltered': 'El correu a {to} porta un text signat, però la signatura ja no coincideix: el text ha canviat després de signar-lo. Torna\'l a signar i envia el fitxer tal qual, com a adjunt.',
  'mailcrypto.mail.signedByOther': 'El correu a {to} porta un text signat amb la clau {seen}, que no és la teva. Signa\'l amb la teva clau i torna\'l a enviar.',
  'mailcrypto.mail.noEncrypted': 'Cap correu lliurat a {to} no porta un missatge xifrat amb OpenPGP. Adjunta missatge_xifrat.gpg i torna\'l a enviar.',
  'mailcrypto.mail.encryptedNotTo': 'El correu a {to} porta un missatge xifrat, però no per a {uid}: no el podria llegir. Xifra\'l de nou amb --recipient {uid} i torna\'l a enviar.',
  'mailcrypto.mail.gpgOk': 'A {to} li han arribat el missatge signat, que verifica amb la teva clau, i el xifrat, per a les claus que calia.',
};

export const en: Record<string, string> = {
  // the OpenPGP key
  'mailcrypto.gpg.noKeyring': 'There is no keyring in {home}. Before generating the key, tell gpg to use that folder: «export GNUPGHOME="$PWD/{home}"» (from the workspace). If you already generated it without that line, it is in your own ~/.gnupg: generate it again here.',
  'mailcrypto.gpg.noKey': 'The keyring in {home} has no key for {uid}. Generate it with gpg --full-generate-key (or gpg --quick-gen-key) and type {uid} as the email address.',
  'mailcrypto.gpg.otherUid': 'The keys in {home} belong to “{seen}”, but the step asks for one for {wanted}. Generate another key with that exact address: the key\'s address is what others look up to encrypt mail to you.',
  'mailcrypto.gpg.keyType': 'The key of {uid} is {seen}; the step asks for {bits}-bit RSA, as in the tutorial. Generate another with gpg --full-generate-key and choose “(1) RSA and RSA” and {bits} bits.',
  'mailcrypto.gpg.keyBits': 'The key of {uid} has {seen} bits; the step asks for {wanted}. Generate another: in gpg --full-generate-key answer {wanted} for the size, or use rsa{wanted} with --quick-gen-key and --quick-add-key.',
  'mailcrypto.gpg.keyInvalid': 'The key of {uid} is not valid ({error}): expired, revoked or damaged. Generate a new one.',
  'mailcrypto.gpg.noEncryptionKey': 'The key {fpr} of {uid} can only sign: it lacks the encryption subkey, so nobody could encrypt a mail to you. Add it with: gpg --quick-add-key {fpr} rsa{bits} encr never',
  'mailcrypto.gpg.noSecret': 'The public key of {uid} is in the keyring, but its private key is not in {home}/private-keys-v1.d. Did you import it instead of generating it? Generate your own key with «GNUPGHOME» pointing to {home}.',
  'mailcrypto.gpg.noPassphrase': 'The private key of {uid} ({fpr}) has no passphrase: whoever copies your «.gnupg» folder could sign in your name. Set one with: gpg --change-passphrase {fpr}',
  'mailcrypto.gpg.keyOk': '{bits}-bit RSA key for {uid} ({fpr}), with an encryption subkey and protected by a passphrase.',

  // the exported public key
  'mailcrypto.gpg.exportMissing': '{path} does not exist yet. Export your public key with: gpg --armor --export {uid} > {path}',
  'mailcrypto.gpg.exportedSecret': '{path} contains your PRIVATE key! Delete it right now (rm {path}) and export only the public one: gpg --armor --export {uid} > {path}. The private key never leaves your machine.',
  'mailcrypto.gpg.exportEmpty': '{path} is empty: gpg found no key by that name and exported nothing. Check that «GNUPGHOME» points to your folder and repeat: gpg --armor --export {uid} > {path}',
  'mailcrypto.gpg.exportUnreadable': '{path} is not a readable OpenPGP key ({error}). Export it again with: gpg --armor --export {uid} > {path}',
  'mailcrypto.gpg.notArmored': '{path} is the key in binary: you left out --armor. That way it cannot be pasted into a mail or a web page. Repeat: gpg --armor --export {uid} > {path}',
  'mailcrypto.gpg.exportOther': '{path} holds the key of “{seen}”, not yours ({wanted}). Export it again: gpg --armor --export {uid} > {path}',
  'mailcrypto.gpg.exportStale': '{path} is your key from before you added the encryption subkey: whoever imports it cannot encrypt anything to you. Export it again: gpg --armor --export {uid} > {path}',
  'mailcrypto.gpg.exportOk': '{path}: your public key ({fpr}), in ASCII, ready to send.',

  // the signed message
  'mailcrypto.gpg.signedMissing': '{path} does not exist yet. Write a text and clear-sign it: gpg --clearsign --output {path} message.txt',
  'mailcrypto.gpg.notCleartext': '{path} is signed, but in binary or packed form (gpg --sign): whoever receives it cannot read it without gpg. Use a clear signature: gpg --clearsign --output {path} message.txt',
  'mailcrypto.gpg.detachedOnly': '{path} holds only a detached signature («--detach-sign»), without the text. In this step the text and the signature go together: gpg --clearsign --output {path} message.txt',
  'mailcrypto.gpg.notSigned': '{path} carries no OpenPGP signature: the «-----BEGIN PGP SIGNED MESSAGE-----» line is missing. Sign it with: gpg --clearsign --output {path} message.txt',
  'mailcrypto.gpg.signedUnreadable': 'The signature in {path} cannot be read ({error}). Sign the text again with gpg --clearsign.',
  'mailcrypto.gpg.signedByOther': '{path} is signed with the key {seen}, but yours is {wanted}. If you have several keys, pick one with --local-user {wanted} and sign again.',
  'mailcrypto.gpg.signedAltered': 'The signature in {path} does not match the text: the text changed after it was signed (a space or an accent is enough). That is exactly what a signature detects. Sign the final text again with gpg --clearsign.',
  'mailcrypto.gpg.signedOk': '{path}: good signature from {uid} (key {keyid}); the text has not changed since you signed it.',

  // the encrypted message
  'mailcrypto.gpg.encryptedMissing': '{path} does not exist yet. Encrypt it for {uids}: gpg --encrypt {args} --output {path} message.txt',
  'mailcrypto.gpg.recipientKeyMissing': '{path} is missing: the public key of {uid} that came with the workspace. Get it back with “mailsec init” in the same folder (it does not touch your files).',
  'mailcrypto.gpg.notOpenpgp': '{path} is not an OpenPGP message ({error}). Make it with gpg --encrypt … --output {path}',
  'mailcrypto.gpg.symmetric': '{path} is encrypted with a password (gpg -c), not with the recipient\'s public key: you would have to send them the password some other way. Use gpg --encrypt --recipient …',
  'mailcrypto.gpg.notEncrypted': '{path} is OpenPGP, but not encrypted: anyone can read it. Did you use --sign or --clearsign instead of --encrypt?',
  'mailcrypto.gpg.notTo': '{path} is encrypted to the keys {seen}, but none of them is {uid}\'s, so {uid} could not read it. Encrypt it again adding --recipient {uid}.',
  'mailcrypto.gpg.encryptedOk': '{path}: an OpenPGP message encrypted for {uids}.',

  // the mails
  'mailcrypto.mail.none': 'The sandbox has delivered no mail to {to}. Send it through port {port} (with swaks or your mail client) and look at var/log/mail.log if it does not arrive.',
  'mailcrypto.mail.refused': 'The server refused your mail to {to}: {code} {text}. Fix what the reply says and send it again.',
  'mailcrypto.mail.noSigned': 'No mail delivered to {to} carries an OpenPGP-signed text. Attach missatge_signat.txt (or paste its content into the body) and send it again.',
  'mailcrypto.mail.signedAltered': 'The mail to {to} carries a signed text, but the signature no longer matches: the text changed after it was signed. Sign it again and send the file as it is, as an attachment.',
  'mailcrypto.mail.signedByOther': 'The mail to {to} carries a text signed with the key {seen}, which is not yours. Sign it with your key and send it again.',
  'mailcrypto.mail.noEncrypted': 'No mail delivered to {to} carries an OpenPGP-encrypted message. Attach missatge_xifrat.gpg and send it again.',
  'mailcrypto.mail.encryptedNotTo': 'The mail to {to} carries an encrypted message, but not for {uid}: they could not read it. Encrypt it again with --recipient {uid} and send it again.',
  'mailcrypto.mail.gpgOk': '{to} has received the signed message, which verifies with your key, and the encrypted one, for the right keys.',
};
