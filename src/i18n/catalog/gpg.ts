// Messages of lesson 11 about the key's life: its expiry, the revocation certificate and
// publishing it in a Web Key Directory. Keys: "gpg.*"; same keys in es, ca and en.
export const es: Record<string, string> = {
  'gpg.keyOk': 'Clave {algo} para {uid} ({fpr}), con subclave de cifrado, protegida con frase de contraseña y válida hasta el {date}.',
  'gpg.noExpiry':
    'La clave {fpr} de {uid} no caduca nunca: si la pierdes y pierdes también el certificado de revocación, seguirá pareciendo válida para siempre. Ponle una fecha de caducidad con: gpg --quick-set-expire {fpr} 2y (o responde 2y a «Key is valid for?» en gpg --full-generate-key).',
  'gpg.keyExpired':
    'La clave {fpr} de {uid} caducó el {date}: nadie puede cifrarte ni verificar tus firmas nuevas. Como tienes la clave privada, alárgala con: gpg --quick-set-expire {fpr} 2y',
  'gpg.keyRevoked':
    'La clave {fpr} de {uid} está revocada en tu anillo: ¿importaste el certificado de revocación? Una revocación no se deshace. Genera una clave nueva, como dice el paso, y guarda su certificado sin importarlo.',

  'gpg.revMissing':
    'Todavía no hay nada en {path}. gpg guardó el certificado de revocación de tu clave en «$GNUPGHOME/openpgp-revocs.d/{fpr}.rev»; cópialo con: cp "$GNUPGHOME/openpgp-revocs.d/{fpr}.rev" {path}',
  'gpg.revUnreadable':
    '{path} no se puede leer como OpenPGP ({error}). Cópialo de nuevo tal cual, sin editarlo: cp "$GNUPGHOME/openpgp-revocs.d/{fpr}.rev" {path}',
  'gpg.revNotRevocation':
    '{path} es OpenPGP, pero no contiene ningún certificado de revocación (¿es la clave pública?). Copia el de tu clave: cp "$GNUPGHOME/openpgp-revocs.d/{fpr}.rev" {path}',
  'gpg.revOther':
    '{path} revoca la clave {seen}, no la tuya ({wanted}); quizá es de una clave que generaste antes. Copia el de tu clave: cp "$GNUPGHOME/openpgp-revocs.d/{wanted}.rev" {path}',
  'gpg.revBad':
    'La firma del certificado de {path} no se verifica con tu clave {fpr}: el archivo está alterado. Cópialo de nuevo: cp "$GNUPGHOME/openpgp-revocs.d/{fpr}.rev" {path}',
  'gpg.revOk':
    '{path} es un certificado de revocación válido para tu clave {fpr}. Tu clave sigue sin revocar; guárdalo fuera del ordenador y no lo importes salvo que pierdas la clave.',

  'gpg.wkdMissing':
    'Todavía no existe {path}. El nombre del archivo es el hash WKD de {uid} ({hash}, lo que gpg --with-wkd-hash -k {uid} escribe antes de la arroba). Créalo con: mkdir -p {dir} && gpg --export --export-options export-minimal {uid} > {path}',
  'gpg.wkdWrongName':
    'En {dir} hay «{seen}», pero un cliente WKD pedirá el archivo {hash}: el hash de la parte local de {uid}, no la dirección entera ni la huella. Copia el nombre de la salida de gpg --with-wkd-hash -k {uid}.',
  'gpg.wkdArmored':
    '{path} está en texto ASCII (--armor), y WKD sirve la clave en binario. Expórtala de nuevo sin --armor: gpg --export --export-options export-minimal {uid} > {path}',
  'gpg.wkdSecret': '¡{path} contiene tu clave PRIVADA, y esa carpeta se publica en la web! Bórralo ahora mismo (rm {path}) y exporta solo la pública: gpg --export --export-options export-minimal {uid} > {path}',
  'gpg.wkdUnreadable': '{path} no es una clave OpenPGP ({error}). Expórtala de nuevo: gpg --export --export-options export-minimal {uid} > {path}',
  'gpg.wkdOther': '{path} contiene la clave {seen}, no la tuya ({wanted}). Exporta la tuya a ese archivo con gpg --export --export-options export-minimal y tu dirección.',
  'gpg.wkdNoPolicy': 'La clave está en su sitio, pero falta el archivo {path}: el estándar WKD lo pide, aunque esté vacío, y las herramientas que comprueban el directorio lo buscan primero. Créalo con: touch {path}',
  'gpg.wkdOk': 'Tu clave está lista para WKD en {path}; publicada en la web de tu dominio, un cliente la encontraría en {url}',
};

export const ca: Record<string, string> = {
  'gpg.keyOk': 'Clau {algo} per a {uid} ({fpr}), amb subclau de xifratge, protegida amb frase de pas i vàlida fins al {date}.',
  'gpg.noExpiry':
    'La clau {fpr} de {uid} no caduca mai: si la perds i perds també el certificat de revocació, continuarà semblant vàlida per sempre. Posa-li una data de caducitat amb: gpg --quick-set-expire {fpr} 2y (o respon 2y a «Key is valid for?» a gpg --full-generate-key).',
  'gpg.keyExpired':
    'La clau {fpr} de {uid} va caducar el {date}: ningú no et pot xifrar ni verificar les teves signatures noves. Com que tens la clau privada, allarga-la amb: gpg --quick-set-expire {fpr} 2y',
  'gpg.keyRevoked':
    'La clau {fpr} de {uid} està revocada al teu anell: vas importar el certificat de revocació? Una revocació no es desfà. Genera una clau nova, com diu el pas, i desa\'n el certificat sense importar-lo.',

  'gpg.revMissing':
    'Encara no hi ha res a {path}. gpg va desar el certificat de revocació de la teva clau a «$GNUPGHOME/openpgp-revocs.d/{fpr}.rev»; copia\'l amb: cp "$GNUPGHOME/openpgp-revocs.d/{fpr}.rev" {path}',
  'gpg.revUnreadable':
    '{path} no es pot llegir com a OpenPGP ({error}). Copia\'l de nou tal qual, sense editar-lo: cp "$GNUPGHOME/openpgp-revocs.d/{fpr}.rev" {path}',
  'gpg.revNotRevocation':
    '{path} és OpenPGP, però no conté cap certificat de revocació (és la clau pública?). Copia el de la teva clau: cp "$GNUPGHOME/openpgp-revocs.d/{fpr}.rev" {path}',
  'gpg.revOther':
    '{path} revoca la clau {seen}, no la teva ({wanted}); potser és d\'una clau que vas generar abans. Copia el de la teva clau: cp "$GNUPGHOME/openpgp-revocs.d/{wanted}.rev" {path}',
  'gpg.revBad':
    'La signatura del certificat de {path} no es verifica amb la teva clau {fpr}: el fitxer està alterat. Copia\'l de nou: cp "$GNUPGHOME/openpgp-revocs.d/{fpr}.rev" {path}',
  'gpg.revOk':
    '{path} és un certificat de revocació vàlid per a la teva clau {fpr}. La teva clau continua sense revocar; desa\'l fora de l\'ordinador i no l\'importis tret que perdis la clau.',

  'gpg.wkdMissing':
    'Encara no existeix {path}. El nom del fitxer és el hash WKD de {uid} ({hash}, el que gpg --with-wkd-hash -k {uid} escriu abans de l\'arrova). Crea\'l amb: mkdir -p {dir} && gpg --export --export-options export-minimal {uid} > {path}',
  'gpg.wkdWrongName':
    'A {dir} hi ha «{seen}», però un client WKD demanarà el fitxer {hash}: el hash de la part local de {uid}, no l\'adreça sencera ni l\'empremta. Copia el nom de la sortida de gpg --with-wkd-hash -k {uid}.',
  'gpg.wkdArmored':
    '{path} està en text ASCII (--armor), i WKD serveix la clau en binari. Exporta-la de nou sense --armor: gpg --export --export-options export-minimal {uid} > {path}',
  'gpg.wkdSecret': '{path} conté la teva clau PRIVADA, i aquesta carpeta es publica al web! Esborra\'l ara mateix (rm {path}) i exporta només la pública: gpg --export --export-options export-minimal {uid} > {path}',
  'gpg.wkdUnreadable': '{path} no és una clau OpenPGP ({error}). Exporta-la de nou: gpg --export --export-options export-minimal {uid} > {path}',
  'gpg.wkdOther': '{path} conté la clau {seen}, no la teva ({wanted}). Exporta la teva a aquest fitxer amb gpg --export --export-options export-minimal i la teva adreça.',
  'gpg.wkdNoPolicy': 'La clau és al seu lloc, però hi falta el fitxer {path}: sense ell, els clients WKD no donen el directori per bo. Crea\'l buit amb: touch {path}',
  'gpg.wkdOk': 'La teva clau és a punt per a WKD a {path}; publicada al web del teu domini, un client la trobaria a {url}',
};

export const en: Record<string, string> = {
  'gpg.keyOk': '{algo} key for {uid} ({fpr}), with an encryption subkey, protected by a passphrase and valid until {date}.',
  'gpg.noExpiry':
    'The key {fpr} of {uid} never expires: if you lose it and its revocation certificate too, it will look valid forever. Give it an expiry date with: gpg --quick-set-expire {fpr} 2y (or answer 2y to “Key is valid for?” in gpg --full-generate-key).',
  'gpg.keyExpired':
    'The key {fpr} of {uid} expired on {date}: nobody can encrypt to you or verify your new signatures. As you hold the private key, extend it with: gpg --quick-set-expire {fpr} 2y',
  'gpg.keyRevoked':
    'The key {fpr} of {uid} is revoked in your keyring: did you import the revocation certificate? A revocation cannot be undone. Generate a new key, as the step says, and keep its certificate without importing it.',

  'gpg.revMissing':
    'There is nothing in {path} yet. gpg stored your key’s revocation certificate in «$GNUPGHOME/openpgp-revocs.d/{fpr}.rev»; copy it with: cp "$GNUPGHOME/openpgp-revocs.d/{fpr}.rev" {path}',
  'gpg.revUnreadable':
    '{path} cannot be read as OpenPGP ({error}). Copy it again as it is, without editing it: cp "$GNUPGHOME/openpgp-revocs.d/{fpr}.rev" {path}',
  'gpg.revNotRevocation':
    '{path} is OpenPGP, but it holds no revocation certificate (is it the public key?). Copy your key’s one: cp "$GNUPGHOME/openpgp-revocs.d/{fpr}.rev" {path}',
  'gpg.revOther':
    '{path} revokes the key {seen}, not yours ({wanted}); maybe it belongs to a key you generated earlier. Copy your key’s one: cp "$GNUPGHOME/openpgp-revocs.d/{wanted}.rev" {path}',
  'gpg.revBad':
    'The signature of the certificate in {path} does not verify with your key {fpr}: the file was altered. Copy it again: cp "$GNUPGHOME/openpgp-revocs.d/{fpr}.rev" {path}',
  'gpg.revOk':
    '{path} is a valid revocation certificate for your key {fpr}. Your key is still not revoked; keep the certificate off the computer and do not import it unless you lose the key.',

  'gpg.wkdMissing':
    '{path} does not exist yet. The file name is the WKD hash of {uid} ({hash}, what gpg --with-wkd-hash -k {uid} prints before the at sign). Make it with: mkdir -p {dir} && gpg --export --export-options export-minimal {uid} > {path}',
  'gpg.wkdWrongName':
    'In {dir} there is «{seen}», but a WKD client will ask for the file {hash}: the hash of the local part of {uid}, not the whole address or the fingerprint. Copy the name from the output of gpg --with-wkd-hash -k {uid}.',
  'gpg.wkdArmored':
    '{path} is ASCII text (--armor), and WKD serves the key in binary. Export it again without --armor: gpg --export --export-options export-minimal {uid} > {path}',
  'gpg.wkdSecret': '{path} contains your PRIVATE key, and that folder is published on the web! Delete it right now (rm {path}) and export only the public one: gpg --export --export-options export-minimal {uid} > {path}',
  'gpg.wkdUnreadable': '{path} is not an OpenPGP key ({error}). Export it again: gpg --export --export-options export-minimal {uid} > {path}',
  'gpg.wkdOther': '{path} holds the key {seen}, not yours ({wanted}). Export yours to that file with gpg --export --export-options export-minimal and your address.',
  'gpg.wkdNoPolicy': 'The key is in place, but the file {path} is missing: the WKD standard asks for it, even empty, and tools that check the directory look for it first. Create it with: touch {path}',
  'gpg.wkdOk': 'Your key is ready for WKD in {path}; published on your domain’s website, a client would find it at {url}',
};
