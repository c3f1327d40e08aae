// The teacher's answers (lessons 11 and 12): the encrypted answer with its secret, and the
// notes that say why a mail got no encrypted answer. They are mail text, read in a mail
// client or after gpg/openssl decrypt them. Same keys in es, ca and en.
export const es: Record<string, string> = {
  'answer.subject': 'Re: {subject}',
  'answer.subjectNote': 'Re: {subject} (no he podido contestarte cifrado)',
  'answer.gpg.body':
    'Hola:\n\nHe comprobado la firma de tu correo con tu clave pública ({fingerprint}), que venía con él, y te contesto cifrando para esa clave y firmando con la mía. Solo tú puedes leer esto.\n\nTu código secreto es: {secret}\n\nEscríbelo en el paso de mailsec que te lo pide. Antes, fíjate en lo que gpg ha dicho de mi firma: «Good signature» y mi huella.\n\n{name}',
  'answer.smime.body':
    'Hola:\n\nHe comprobado la firma S/MIME de tu correo con el certificado que venía en ella ({subject}) y te contesto cifrando para ese certificado y firmando con el mío. Solo tú puedes leer esto.\n\nTu código secreto es: {secret}\n\nEscríbelo en el paso de mailsec que te lo pide. Antes, comprueba mi firma con openssl smime -verify y el certificado de la CA de la clase.\n\n{name}',
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
  'answer.short.unsigned': 'no iba firmado',
  'answer.short.badSignature': 'la firma no corresponde al texto',
  'answer.short.noKey': 'no llevaba tu clave pública para comprobar la firma y cifrarte',
  'answer.short.keyMismatch': 'la firma es de una clave de otra dirección',
  'answer.short.keyUnusable': 'con tu clave no se puede cifrar',
  'answer.short.notForTeacher': 'iba cifrado para otra clave, no para la suya',
  'answer.short.unreadable': 'no se podía leer',
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
    'Hola:\n\nHe comprovat la signatura S/MIME del teu correu amb el certificat que hi venia ({subject}) i et responc xifrant per a aquest certificat i signant amb el meu. Només tu pots llegir això.\n\nEl teu codi secret és: {secret}\n\nEscriu-lo al pas de mailsec que te\'l demana. Abans, comprova la meva signatura amb openssl smime -verify i el certificat de la CA de la classe.\n\n{name}',
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
  'answer.short.unsigned': 'no anava signat',
  'answer.short.badSignature': 'la signatura no correspon al text',
  'answer.short.noKey': 'no duia la teva clau pública per comprovar la signatura i xifrar-te',
  'answer.short.keyMismatch': 'la signatura és d\'una clau d\'una altra adreça',
  'answer.short.keyUnusable': 'amb la teva clau no es pot xifrar',
  'answer.short.notForTeacher': 'anava xifrat per a una altra clau, no per a la seva',
  'answer.short.unreadable': 'no es podia llegir',
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
    'Hello,\n\nI checked the S/MIME signature of your mail with the certificate that came in it ({subject}) and I am answering encrypted to that certificate and signed with mine. Only you can read this.\n\nYour secret code is: {secret}\n\nType it in the workbook step that asks for it. Before that, check my signature with openssl smime -verify and the class CA certificate.\n\n{name}',
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
  'answer.short.unsigned': 'it was not signed',
  'answer.short.badSignature': 'the signature does not match the text',
  'answer.short.noKey': 'it did not carry your public key to check the signature and encrypt to you',
  'answer.short.keyMismatch': 'the signature is from a key of another address',
  'answer.short.keyUnusable': 'your key cannot be used to encrypt',
  'answer.short.notForTeacher': 'it was encrypted to another key, not to theirs',
  'answer.short.unreadable': 'it could not be read',
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
