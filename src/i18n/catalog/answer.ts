// The teacher's answers (lessons 11 and 12): the encrypted answer with its secret, and the
// notes that say why a mail got no encrypted answer. They are mail text, read in a mail
// client or after gpg/openssl decrypt them. Same keys in es, ca and en.
export const es: Record<string, string> = {
  'answer.subject': 'Re: {subject}',
  'answer.subjectNote': 'Re: {subject} (no he podido contestarte cifrado)',
  'answer.gpg.body':
    'Hola:\n\nHe comprobado la firma de tu correo con tu clave pública ({fingerprint}), que venía con él, y te contesto cifrando para esa clave y firmando con la mía. Solo tú puedes leer esto.\n\nTu código secreto es: {secret}\n\nEscríbelo en el paso de mailsec que te lo pide. Antes, fíjate en lo que gpg ha dicho de mi firma: «Good signature» y mi huella.\n\n{name}',
  'answer.smime.body':
    'Hola:\n\nHe comprobado la firma S/MIME de tu correo con el certificado que venía en ella ({subject}) y te contesto cifrando para ese certificado y firmando con el mío. Solo tú puedes leer esto.\n\nTu código secreto es: {secret}\n\nEscríbelo en el paso de mailsec que te lo pide. Si lees esto con openssl smime -verify y ha dicho «Verification successful», mi firma es buena: mi certificado va en ella y lo avala la CA que tienes en home/alumno/profesor-ca.crt.\n\n{name}',
  'answer.note.intro': 'Hola:\n\nSoy la respuesta automática de {name} en el sandbox de mailsec. He recibido tu correo, pero no te he podido contestar cifrado:',
  'answer.note.signature': 'Corrígelo y vuelve a enviármelo.\n\n{name}',
  'answer.why.plain.unsigned':
    'No iba firmado, ni con GPG ni con S/MIME, así que no puedo saber que es tuyo ni tengo tu clave para cifrarte la respuesta. Firma el mensaje (lección 11: gpg --clearsign; lección 12: openssl smime -sign) y, con GPG, adjunta también tu clave pública.',
  'answer.why.gpg.unsigned':
    'Tenía contenido OpenPGP, pero nada firmado. Si estaba cifrado para mí, lo he podido leer, pero sin firma cualquiera podría haberlo escrito en tu nombre. Envíame un mensaje firmado (gpg --clearsign) con tu clave pública adjunta (alumno.asc).',
  'answer.why.gpg.badSignature':
    'La firma hecha con la clave {fingerprint} no corresponde al texto: el mensaje ha cambiado después de firmarlo. Vuelve a firmarlo con gpg --clearsign y no lo toques antes de enviarlo.',
  'answer.why.gpg.noKey':
    'Va firmado con la clave {keyId}, pero tu clave pública no venía en el correo y sin ella no puedo comprobar la firma ni cifrarte la respuesta. Adjunta alumno.asc (gpg --armor --export) al mismo correo que el mensaje firmado.',
  'answer.why.gpg.keyMismatch':
    'La firma es buena, pero la clave que la hace ({fingerprint}) es de {address}, no de {sender}, que es quien me escribe. Firma con la clave de tu dirección y adjunta esa clave.',
  'answer.why.gpg.keyUnusable':
    'Tu firma es buena, pero con tu clave ({fingerprint}) no puedo cifrar: {error}. ¿Ha caducado o no tiene subclave de cifrado? Renuévala con gpg --quick-set-expire, expórtala de nuevo y vuelve a enviármela.',
  'answer.why.gpg.notForTeacher':
    'Iba cifrado para la clave {keyIds}, no para la mía ({fingerprint}), así que no lo puedo leer. Cifra con --recipient {teacher} después de importar mi clave pública.',
  'answer.why.gpg.decryptedUnsigned':
    'Iba cifrado para mí y lo he podido leer; empieza así: «{line}». Pero no iba firmado, así que cualquiera podría haberlo escrito en tu nombre, y no te contesto cifrado a un mensaje sin firma. Para eso, envíame un mensaje firmado (gpg --clearsign) con tu clave pública adjunta; si ya lo has hecho en otro correo, mira la respuesta cifrada a ese.',
  'answer.why.gpg.unreadable': 'Tenía algo que parece OpenPGP, pero no se puede leer ({error}): quizá se ha cortado al copiarlo. Vuelve a generarlo y envíalo como adjunto.',
  'answer.why.smime.unsigned':
    'Tenía contenido S/MIME, pero nada firmado. Si iba cifrado para mí, lo he podido leer, pero sin firma cualquiera podría haberlo escrito en tu nombre, y no tengo tu certificado para cifrarte la respuesta. Fírmalo con openssl smime -sign -signer alumno.crt -inkey alumno.key (lección 12) y envíamelo con swaks --data @archivo.',
  'answer.why.smime.badSignature':
    'La firma del certificado {subject} no corresponde al texto: el mensaje ha cambiado después de firmarlo. Vuelve a firmarlo con openssl smime -sign y envíalo tal cual, sin tocarlo, con swaks --data @archivo.',
  'answer.why.smime.noKey':
    'Va firmado, pero la firma no lleva el certificado que la hizo, y sin él no puedo comprobarla ni cifrarte la respuesta. Firma sin -nocerts: openssl smime -sign mete en la firma el certificado de -signer (alumno.crt).',
  'answer.why.smime.keyMismatch':
    'La firma es buena, pero el certificado que la hace ({subject}) es de {address}, no de {sender}, que es quien me escribe. Firma con el certificado de tu dirección (alumno.crt, con subjectAltName=email:{sender}) y envíamelo con swaks --from {sender}.',
  'answer.why.smime.keyUnusable':
    'Tu firma es buena, pero no puedo cifrar para tu certificado ({subject}): {error}. Crea uno como en el primer paso de la lección 12 (openssl req -x509 -newkey rsa:4096 …), vuelve a firmar con él y envíamelo otra vez.',
  'answer.why.smime.notForTeacher':
    'Iba cifrado para otro certificado (número de serie {recipients}), no para el mío, así que no lo puedo leer. Para escribirme cifrado necesitas mi certificado: guárdalo de un correo firmado mío (openssl smime -verify … -signer profesor.crt) y ponlo al final de openssl smime -encrypt. Y fírmalo, que es lo que necesito para contestarte.',
  'answer.why.smime.unreadable':
    'Tenía algo que parece S/MIME, pero no se puede leer ({error}): quizá se ha cortado o ha cambiado al copiarlo. Vuelve a generarlo con openssl smime y envíalo tal cual con swaks --data @archivo.',
  'answer.smime.unusable.notRsa':
    'su clave es {type}, no RSA, y solo sé cifrar con RSA',
  'answer.smime.unusable.keyUsage':
    'su keyUsage no permite keyEncipherment, cifrar claves',
  'answer.short.unsigned': 'no iba firmado',
  'answer.short.badSignature': 'la firma no corresponde al texto',
  'answer.short.noKey': 'no llevaba tu clave pública para comprobar la firma y cifrarte',
  'answer.short.keyMismatch': 'la firma es de una clave de otra dirección',
  'answer.short.keyUnusable': 'con tu clave no se puede cifrar',
  'answer.short.notForTeacher': 'iba cifrado para otra clave, no para la suya',
  'answer.short.unreadable': 'no se podía leer',
  'answer.short.smime.noKey': 'la firma no llevaba tu certificado para comprobarla y cifrarte',
  'answer.short.smime.keyMismatch': 'la firma es de un certificado de otra dirección',
  'answer.short.smime.keyUnusable': 'para tu certificado no se puede cifrar',
  'answer.short.smime.notForTeacher': 'iba cifrado para otro certificado, no para el suyo',
  'answerCheck.answered.gpg': 'Tu profesor te ha contestado cifrado para tu clave y firmado con la suya: está en {path}. En el paso siguiente lo descifras.',
  'answerCheck.answered.smime': 'Tu profesor te ha contestado cifrado para tu certificado y firmado con el suyo: está en {path}. En el paso siguiente lo descifras.',
  'answerCheck.noMail.gpg':
    'A tu profesor no le ha llegado ningún correo tuyo: no hay ninguno para {teacher} entre tus envíos. Mándale el mensaje firmado, con tu clave pública adjunta, con swaks --to {teacher}; si lo enviaste a tu propio buzón, a él no le llegó.',
  'answerCheck.noMail.smime':
    'A tu profesor no le ha llegado ningún correo tuyo: no hay ninguno para {teacher} entre tus envíos. Mándale smime_signat_profe.eml con swaks --to {teacher}; si lo enviaste a tu propio buzón, a él no le llegó.',
  'answerCheck.none.gpg': 'Tu profesor todavía no te ha contestado: no le ha llegado ningún correo tuyo para {teacher}. Envíale el mensaje firmado con tu clave pública adjunta (paso anterior) y espera unos segundos.',
  'answerCheck.none.smime': 'Tu profesor todavía no te ha contestado: no le ha llegado ningún correo tuyo para {teacher}. Envíale un mensaje firmado con S/MIME (paso anterior) y espera unos segundos.',
  'answerCheck.noteOnly.gpg': 'Tu profesor te ha contestado sin cifrar, con una nota: {why}. Léela en {path}, corrige lo que dice y vuelve a enviarle el mensaje firmado.',
  'answerCheck.noteOnly.smime': 'Tu profesor te ha contestado sin cifrar, con una nota: {why}. Léela en {path}, corrige lo que dice y vuelve a enviarle el mensaje firmado.',
  'answerCheck.unanswered.gpg': 'Tu profesor te ha contestado cifrado ({path}). Descífralo con gpg --decrypt y escribe aquí el código secreto que hay dentro.',
  'answerCheck.unanswered.smime': 'Tu profesor te ha contestado cifrado ({path}). Descífralo con openssl smime -decrypt y escribe aquí el código secreto que hay dentro.',
  'answerCheck.wrong.gpg': '«{given}» no es el código de la respuesta de tu profesor. Descifra {path} con gpg --decrypt y copia el código tal cual (si le has escrito más de una vez, vale el de cualquiera de sus respuestas cifradas).',
  'answerCheck.wrong.smime': '«{given}» no es el código de la respuesta de tu profesor. Descifra {path} con openssl smime -decrypt y copia el código tal cual (si le has escrito más de una vez, vale el de cualquiera de sus respuestas cifradas).',
  'answerCheck.notACode.gpg': '«{given}» no parece un código: son ocho letras y cifras, como K7M2-4QX9. Está dentro de la respuesta cifrada de tu profesor ({path}); descífrala con gpg --decrypt.',
  'answerCheck.notACode.smime': '«{given}» no parece un código: son ocho letras y cifras, como K7M2-4QX9. Está dentro de la respuesta cifrada de tu profesor ({path}); descífrala con openssl smime -decrypt.',
  'answerCheck.ok.gpg': 'Correcto: has descifrado la respuesta de tu profesor, que solo tu clave privada podía abrir.',
  'answerCheck.ok.smime': 'Correcto: has descifrado la respuesta de tu profesor, que solo la clave privada de tu certificado podía abrir.',
};

export const ca: Record<string, string> = {
  'answer.subject': 'Re: {subject}',
  'answer.subjectNote': 'Re: {subject} (no t\'he pogut respondre xifrat)',
  'answer.gpg.body':
    'Hola:\n\nHe comprovat la signatura del teu correu amb la teva clau pública ({fingerprint}), que hi venia, i et responc xifrant per a aquesta clau i signant amb la meva. Només tu pots llegir això.\n\nEl teu codi secret és: {secret}\n\nEscriu-lo al pas de mailsec que te\'l demana. Abans, fixa\'t en què ha dit gpg de la meva signatura: «Good signature» i la meva empremta.\n\n{name}',
  'answer.smime.body':
    'Hola:\n\nHe comprovat la signatura S/MIME del teu correu amb el certificat que hi venia ({subject}) i et responc xifrant per a aquest certificat i signant amb el meu. Només tu pots llegir això.\n\nEl teu codi secret és: {secret}\n\nEscriu-lo al pas de mailsec que te\'l demana. Si llegeixes això amb openssl smime -verify i ha dit «Verification successful», la meva signatura és bona: el meu certificat hi va i l\'avala la CA que tens a home/alumno/profesor-ca.crt.\n\n{name}',
  'answer.note.intro': 'Hola:\n\nSóc la resposta automàtica de {name} al sandbox de mailsec. He rebut el teu correu, però no t\'he pogut respondre xifrat:',
  'answer.note.signature': 'Corregeix-ho i torna-me\'l a enviar.\n\n{name}',
  'answer.why.plain.unsigned':
    'No anava signat, ni amb GPG ni amb S/MIME, així que no puc saber que és teu ni tinc la teva clau per xifrar-te la resposta. Signa el missatge (lliçó 11: gpg --clearsign; lliçó 12: openssl smime -sign) i, amb GPG, adjunta també la teva clau pública.',
  'answer.why.gpg.unsigned':
    'Tenia contingut OpenPGP, però res signat. Si estava xifrat per a mi, l\'he pogut llegir, però sense signatura qualsevol podria haver-lo escrit en nom teu. Envia\'m un missatge signat (gpg --clearsign) amb la teva clau pública adjunta (alumno.asc).',
  'answer.why.gpg.badSignature':
    'La signatura feta amb la clau {fingerprint} no correspon al text: el missatge ha canviat després de signar-lo. Torna a signar-lo amb gpg --clearsign i no el toquis abans d\'enviar-lo.',
  'answer.why.gpg.noKey':
    'Va signat amb la clau {keyId}, però la teva clau pública no venia al correu i sense ella no puc comprovar la signatura ni xifrar-te la resposta. Adjunta alumno.asc (gpg --armor --export) al mateix correu que el missatge signat.',
  'answer.why.gpg.keyMismatch':
    'La signatura és bona, però la clau que la fa ({fingerprint}) és de {address}, no de {sender}, que és qui m\'escriu. Signa amb la clau de la teva adreça i adjunta aquesta clau.',
  'answer.why.gpg.keyUnusable':
    'La teva signatura és bona, però amb la teva clau ({fingerprint}) no puc xifrar: {error}. Ha caducat o no té subclau de xifratge? Renova-la amb gpg --quick-set-expire, exporta-la de nou i torna-me-la a enviar.',
  'answer.why.gpg.notForTeacher':
    'Anava xifrat per a la clau {keyIds}, no per a la meva ({fingerprint}), així que no el puc llegir. Xifra amb --recipient {teacher} després d\'importar la meva clau pública.',
  'answer.why.gpg.decryptedUnsigned':
    'Anava xifrat per a mi i l\'he pogut llegir; comença així: «{line}». Però no anava signat, així que qualsevol podria haver-lo escrit en nom teu, i no responc xifrat a un missatge sense signatura. Per a això, envia\'m un missatge signat (gpg --clearsign) amb la teva clau pública adjunta; si ja ho has fet en un altre correu, mira la resposta xifrada a aquell.',
  'answer.why.gpg.unreadable': 'Hi havia una cosa que sembla OpenPGP, però no es pot llegir ({error}): potser s\'ha tallat en copiar-la. Torna a generar-la i envia-la com a adjunt.',
  'answer.why.smime.unsigned':
    'Tenia contingut S/MIME, però res signat. Si anava xifrat per a mi, l\'he pogut llegir, però sense signatura qualsevol podria haver-lo escrit en nom teu, i no tinc el teu certificat per xifrar-te la resposta. Signa\'l amb openssl smime -sign -signer alumno.crt -inkey alumno.key (lliçó 12) i envia-me\'l amb swaks --data @fitxer.',
  'answer.why.smime.badSignature':
    'La signatura del certificat {subject} no correspon al text: el missatge ha canviat després de signar-lo. Torna a signar-lo amb openssl smime -sign i envia\'l tal qual, sense tocar-lo, amb swaks --data @fitxer.',
  'answer.why.smime.noKey':
    'Va signat, però la signatura no porta el certificat que l\'ha feta, i sense ell no la puc comprovar ni xifrar-te la resposta. Signa sense -nocerts: openssl smime -sign posa a la signatura el certificat de -signer (alumno.crt).',
  'answer.why.smime.keyMismatch':
    'La signatura és bona, però el certificat que la fa ({subject}) és de {address}, no de {sender}, que és qui m\'escriu. Signa amb el certificat de la teva adreça (alumno.crt, amb subjectAltName=email:{sender}) i envia-me\'l amb swaks --from {sender}.',
  'answer.why.smime.keyUnusable':
    'La teva signatura és bona, però no puc xifrar per al teu certificat ({subject}): {error}. Crea\'n un com al primer pas de la lliçó 12 (openssl req -x509 -newkey rsa:4096 …), torna a signar amb ell i envia-me\'l un altre cop.',
  'answer.why.smime.notForTeacher':
    'Anava xifrat per a un altre certificat (número de sèrie {recipients}), no per al meu, així que no el puc llegir. Per escriure\'m xifrat necessites el meu certificat: desa\'l d\'un correu signat meu (openssl smime -verify … -signer profesor.crt) i posa\'l al final de l\'ordre openssl smime -encrypt. I signa\'l, que és el que necessito per respondre\'t.',
  'answer.why.smime.unreadable':
    'Hi havia una cosa que sembla S/MIME, però no es pot llegir ({error}): potser s\'ha tallat o ha canviat en copiar-la. Torna a generar-la amb openssl smime i envia-la tal qual amb swaks --data @fitxer.',
  'answer.smime.unusable.notRsa':
    'la seva clau és {type}, no RSA, i només sé xifrar amb RSA',
  'answer.smime.unusable.keyUsage':
    'el seu keyUsage no permet keyEncipherment, xifrar claus',
  'answer.short.unsigned': 'no anava signat',
  'answer.short.badSignature': 'la signatura no correspon al text',
  'answer.short.noKey': 'no duia la teva clau pública per comprovar la signatura i xifrar-te',
  'answer.short.keyMismatch': 'la signatura és d\'una clau d\'una altra adreça',
  'answer.short.keyUnusable': 'amb la teva clau no es pot xifrar',
  'answer.short.notForTeacher': 'anava xifrat per a una altra clau, no per a la seva',
  'answer.short.unreadable': 'no es podia llegir',
  'answer.short.smime.noKey': 'la signatura no portava el teu certificat per comprovar-la i xifrar-te',
  'answer.short.smime.keyMismatch': 'la signatura és d\'un certificat d\'una altra adreça',
  'answer.short.smime.keyUnusable': 'per al teu certificat no es pot xifrar',
  'answer.short.smime.notForTeacher': 'anava xifrat per a un altre certificat, no per al seu',
  'answerCheck.answered.gpg': 'El teu professor t\'ha respost xifrat per a la teva clau i signat amb la seva: és a {path}. Al pas següent el desxifres.',
  'answerCheck.answered.smime': 'El teu professor t\'ha respost xifrat per al teu certificat i signat amb el seu: és a {path}. Al pas següent el desxifres.',
  'answerCheck.noMail.gpg':
    'Al teu professor no li ha arribat cap correu teu: no n\'hi ha cap per a {teacher} entre els teus enviaments. Envia-li el missatge signat, amb la teva clau pública adjunta, amb swaks --to {teacher}; si el vas enviar a la teva pròpia bústia, a ell no li va arribar.',
  'answerCheck.noMail.smime':
    'Al teu professor no li ha arribat cap correu teu: no n\'hi ha cap per a {teacher} entre els teus enviaments. Envia-li smime_signat_profe.eml amb swaks --to {teacher}; si el vas enviar a la teva pròpia bústia, a ell no li va arribar.',
  'answerCheck.none.gpg': 'El teu professor encara no t\'ha respost: no li ha arribat cap correu teu per a {teacher}. Envia-li el missatge signat amb la teva clau pública adjunta (pas anterior) i espera uns segons.',
  'answerCheck.none.smime': 'El teu professor encara no t\'ha respost: no li ha arribat cap correu teu per a {teacher}. Envia-li un missatge signat amb S/MIME (pas anterior) i espera uns segons.',
  'answerCheck.noteOnly.gpg': 'El teu professor t\'ha respost sense xifrar, amb una nota: {why}. Llegeix-la a {path}, corregeix el que diu i torna-li a enviar el missatge signat.',
  'answerCheck.noteOnly.smime': 'El teu professor t\'ha respost sense xifrar, amb una nota: {why}. Llegeix-la a {path}, corregeix el que diu i torna-li a enviar el missatge signat.',
  'answerCheck.unanswered.gpg': 'El teu professor t\'ha respost xifrat ({path}). Desxifra-ho amb gpg --decrypt i escriu aquí el codi secret que hi ha a dins.',
  'answerCheck.unanswered.smime': 'El teu professor t\'ha respost xifrat ({path}). Desxifra-ho amb openssl smime -decrypt i escriu aquí el codi secret que hi ha a dins.',
  'answerCheck.wrong.gpg': '«{given}» no és el codi de la resposta del teu professor. Desxifra {path} amb gpg --decrypt i copia el codi tal qual (si li has escrit més d\'una vegada, val el de qualsevol de les seves respostes xifrades).',
  'answerCheck.wrong.smime': '«{given}» no és el codi de la resposta del teu professor. Desxifra {path} amb openssl smime -decrypt i copia el codi tal qual (si li has escrit més d\'una vegada, val el de qualsevol de les seves respostes xifrades).',
  'answerCheck.notACode.gpg': '«{given}» no sembla un codi: són vuit lletres i xifres, com K7M2-4QX9. És dins la resposta xifrada del teu professor ({path}); desxifra-la amb gpg --decrypt.',
  'answerCheck.notACode.smime': '«{given}» no sembla un codi: són vuit lletres i xifres, com K7M2-4QX9. És dins la resposta xifrada del teu professor ({path}); desxifra-la amb openssl smime -decrypt.',
  'answerCheck.ok.gpg': 'Correcte: has desxifrat la resposta del teu professor, que només la teva clau privada podia obrir.',
  'answerCheck.ok.smime': 'Correcte: has desxifrat la resposta del teu professor, que només la clau privada del teu certificat podia obrir.',
};

export const en: Record<string, string> = {
  'answer.subject': 'Re: {subject}',
  'answer.subjectNote': 'Re: {subject} (I could not answer you encrypted)',
  'answer.gpg.body':
    'Hello,\n\nI checked the signature of your mail with your public key ({fingerprint}), which came with it, and I am answering encrypted to that key and signed with mine. Only you can read this.\n\nYour secret code is: {secret}\n\nType it in the workbook step that asks for it. Before that, look at what gpg said about my signature: «Good signature» and my fingerprint.\n\n{name}',
  'answer.smime.body':
    'Hello,\n\nI checked the S/MIME signature of your mail with the certificate that came in it ({subject}) and I am answering encrypted to that certificate and signed with mine. Only you can read this.\n\nYour secret code is: {secret}\n\nType it in the workbook step that asks for it. If you are reading this with openssl smime -verify and it said «Verification successful», my signature is good: my certificate comes in it, vouched for by the CA you have in home/alumno/profesor-ca.crt.\n\n{name}',
  'answer.note.intro': 'Hello,\n\nThis is the automatic answer of {name} in the mailsec sandbox. I received your mail, but I could not answer you encrypted:',
  'answer.note.signature': 'Fix it and send it to me again.\n\n{name}',
  'answer.why.plain.unsigned':
    'It was not signed, neither with GPG nor with S/MIME, so I cannot know it is yours and I do not have your key to encrypt the answer. Sign the message (lesson 11: gpg --clearsign; lesson 12: openssl smime -sign) and, with GPG, attach your public key too.',
  'answer.why.gpg.unsigned':
    'It had OpenPGP content, but nothing signed. If it was encrypted to me, I could read it, but without a signature anyone could have written it in your name. Send me a signed message (gpg --clearsign) with your public key attached (alumno.asc).',
  'answer.why.gpg.badSignature':
    'The signature made with key {fingerprint} does not match the text: the message changed after it was signed. Sign it again with gpg --clearsign and do not touch it before sending it.',
  'answer.why.gpg.noKey':
    'It is signed with key {keyId}, but your public key did not come with the mail, and without it I can neither check the signature nor encrypt the answer. Attach alumno.asc (gpg --armor --export) to the same mail as the signed message.',
  'answer.why.gpg.keyMismatch':
    'The signature is good, but the key that made it ({fingerprint}) belongs to {address}, not to {sender}, who is writing to me. Sign with the key of your address and attach that key.',
  'answer.why.gpg.keyUnusable':
    'Your signature is good, but I cannot encrypt with your key ({fingerprint}): {error}. Has it expired, or has it no encryption subkey? Renew it with gpg --quick-set-expire, export it again and send it to me again.',
  'answer.why.gpg.notForTeacher':
    'It was encrypted to key {keyIds}, not to mine ({fingerprint}), so I cannot read it. Encrypt with --recipient {teacher} after importing my public key.',
  'answer.why.gpg.decryptedUnsigned':
    'It was encrypted to me and I could read it; it begins: «{line}». But it was not signed, so anyone could have written it in your name, and I do not answer an unsigned message encrypted. For that, send me a signed message (gpg --clearsign) with your public key attached; if you already did in another mail, look at the encrypted answer to that one.',
  'answer.why.gpg.unreadable': 'It had something that looks like OpenPGP, but it cannot be read ({error}): perhaps it was cut when copied. Make it again and send it as an attachment.',
  'answer.why.smime.unsigned':
    'It had S/MIME content, but nothing signed. If it was encrypted to me, I could read it, but without a signature anyone could have written it in your name, and I do not have your certificate to encrypt the answer. Sign it with openssl smime -sign -signer alumno.crt -inkey alumno.key (lesson 12) and send it to me with swaks --data @file.',
  'answer.why.smime.badSignature':
    'The signature of certificate {subject} does not match the text: the message changed after it was signed. Sign it again with openssl smime -sign and send it as it is, untouched, with swaks --data @file.',
  'answer.why.smime.noKey':
    'It is signed, but the signature does not carry the certificate that made it, and without it I can neither check it nor encrypt the answer. Sign without -nocerts: openssl smime -sign puts the -signer certificate (alumno.crt) in the signature.',
  'answer.why.smime.keyMismatch':
    'The signature is good, but the certificate that made it ({subject}) belongs to {address}, not to {sender}, who is writing to me. Sign with the certificate of your address (alumno.crt, with subjectAltName=email:{sender}) and send it to me with swaks --from {sender}.',
  'answer.why.smime.keyUnusable':
    'Your signature is good, but I cannot encrypt to your certificate ({subject}): {error}. Make one as in the first step of lesson 12 (openssl req -x509 -newkey rsa:4096 …), sign again with it and send it to me once more.',
  'answer.why.smime.notForTeacher':
    'It was encrypted to another certificate (serial number {recipients}), not to mine, so I cannot read it. To write to me encrypted you need my certificate: save it from a signed mail of mine (openssl smime -verify … -signer profesor.crt) and put it at the end of openssl smime -encrypt. And sign it: that is what I need to answer you.',
  'answer.why.smime.unreadable':
    'It had something that looks like S/MIME, but it cannot be read ({error}): perhaps it was cut or changed when copied. Make it again with openssl smime and send it as it is with swaks --data @file.',
  'answer.smime.unusable.notRsa':
    'its key is {type}, not RSA, and I can only encrypt with RSA',
  'answer.smime.unusable.keyUsage':
    'its keyUsage does not allow keyEncipherment, encrypting keys',
  'answer.short.unsigned': 'it was not signed',
  'answer.short.badSignature': 'the signature does not match the text',
  'answer.short.noKey': 'it did not carry your public key to check the signature and encrypt to you',
  'answer.short.keyMismatch': 'the signature is from a key of another address',
  'answer.short.keyUnusable': 'your key cannot be used to encrypt',
  'answer.short.notForTeacher': 'it was encrypted to another key, not to theirs',
  'answer.short.unreadable': 'it could not be read',
  'answer.short.smime.noKey': 'the signature did not carry your certificate to check it and encrypt to you',
  'answer.short.smime.keyMismatch': 'the signature is from a certificate of another address',
  'answer.short.smime.keyUnusable': 'your certificate cannot be used to encrypt',
  'answer.short.smime.notForTeacher': 'it was encrypted to another certificate, not to theirs',
  'answerCheck.answered.gpg': 'Your teacher answered encrypted to your key and signed with theirs: it is in {path}. In the next step you decrypt it.',
  'answerCheck.answered.smime': 'Your teacher answered encrypted to your certificate and signed with theirs: it is in {path}. In the next step you decrypt it.',
  'answerCheck.noMail.gpg':
    'No mail of yours has reached your teacher: none of the mails you sent was for {teacher}. Send them the signed message, with your public key attached, with swaks --to {teacher}; if you sent it to your own mailbox, it never reached them.',
  'answerCheck.noMail.smime':
    'No mail of yours has reached your teacher: none of the mails you sent was for {teacher}. Send them smime_signat_profe.eml with swaks --to {teacher}; if you sent it to your own mailbox, it never reached them.',
  'answerCheck.none.gpg': 'Your teacher has not answered yet: no mail of yours for {teacher} has arrived. Send them the signed message with your public key attached (previous step) and wait a few seconds.',
  'answerCheck.none.smime': 'Your teacher has not answered yet: no mail of yours for {teacher} has arrived. Send them a message signed with S/MIME (previous step) and wait a few seconds.',
  'answerCheck.noteOnly.gpg': 'Your teacher answered without encryption, with a note: {why}. Read it in {path}, fix what it says and send them the signed message again.',
  'answerCheck.noteOnly.smime': 'Your teacher answered without encryption, with a note: {why}. Read it in {path}, fix what it says and send them the signed message again.',
  'answerCheck.unanswered.gpg': 'Your teacher answered encrypted ({path}). Decrypt it with gpg --decrypt and type here the secret code inside.',
  'answerCheck.unanswered.smime': 'Your teacher answered encrypted ({path}). Decrypt it with openssl smime -decrypt and type here the secret code inside.',
  'answerCheck.wrong.gpg': '«{given}» is not the code of your teacher\'s answer. Decrypt {path} with gpg --decrypt and copy the code as it is (if you wrote to them more than once, the code of any of their encrypted answers counts).',
  'answerCheck.wrong.smime': '«{given}» is not the code of your teacher\'s answer. Decrypt {path} with openssl smime -decrypt and copy the code as it is (if you wrote to them more than once, the code of any of their encrypted answers counts).',
  'answerCheck.notACode.gpg': '«{given}» does not look like a code: it is eight letters and digits, like K7M2-4QX9. It is inside your teacher\'s encrypted answer ({path}); decrypt it with gpg --decrypt.',
  'answerCheck.notACode.smime': '«{given}» does not look like a code: it is eight letters and digits, like K7M2-4QX9. It is inside your teacher\'s encrypted answer ({path}); decrypt it with openssl smime -decrypt.',
  'answerCheck.ok.gpg': 'Right: you decrypted your teacher\'s answer, which only your private key could open.',
  'answerCheck.ok.smime': 'Right: you decrypted your teacher\'s answer, which only the private key of your certificate could open.',
};
