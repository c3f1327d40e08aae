// Messages of sealed submissions: a bundle encrypted to the teacher's key and signed with
// the student's lesson-11 key (`mailsec submit` in a class workspace), and what grading
// says when it opens one. Same keys in es, ca and en.
export const es: Record<string, string> = {
  'submit.sealed': 'Va cifrada para {teacher} (clave {fingerprint}): solo tu profesor o profesora puede abrirla.',
  'submit.signed': 'Firmada con tu clave de la lección 11 ({fingerprint}): si alguien la cambia, se notará.',
  'submit.unsigned': 'No la he podido firmar con tu clave de la lección 11 ({error}); va cifrada, pero sin firma. Para firmarla, vuelve a ejecutar «mailsec submit» en un terminal y escribe la frase de contraseña cuando gpg te la pida.',
  'grade.r.sealedNoTeacher': 'va cifrada para el profesor o profesora de la clase y aquí no está su clave: corrige con «--teacher CARPETA», la carpeta de «mailsec teacher init»',
  'grade.r.sealNotForTeacher': 'va cifrada para otra clave, no para la de {dir}; quizá sea de otra clase',
  'grade.r.sealTampered': 'va cifrada para ti, pero se ha modificado después de cifrarla (falla la comprobación de integridad de OpenPGP)',
  'grade.r.sealUnreadable': 'empieza como un mensaje OpenPGP, pero no se puede leer: está cortada o no es una entrega',
  'grade.seal.signed': 'firmada por el estudiante con su clave {fingerprint}',
  'grade.w.sealUnsigned': 'cifrada, pero sin firma del estudiante: no hay prueba de que la haya hecho quien dice',
  'grade.w.sealUnknownKey': 'firmada con la clave {keyId}, que no está en su espacio de trabajo: no es la clave de la lección 11 del estudiante',
  'grade.w.sealBadSignature': 'la firma con la clave {fingerprint} no corresponde al contenido: alguien ha cambiado la entrega después de firmarla',
  'grade.w.notSealed': 'es de un espacio de trabajo de la clase, pero no va cifrada para ti como las que hace «mailsec submit»: se ha hecho o cambiado a mano',
};
export const ca: Record<string, string> = {
  'submit.sealed': 'Va xifrat per a {teacher} (clau {fingerprint}): només el teu professor o professora el pot obrir.',
  'submit.signed': 'Signat amb la teva clau de la lliçó 11 ({fingerprint}): si algú el canvia, es notarà.',
  'submit.unsigned': 'No l\'he pogut signar amb la teva clau de la lliçó 11 ({error}); va xifrat, però sense signatura. Per signar-lo, torna a executar «mailsec submit» en un terminal i escriu la frase de contrasenya quan gpg te la demani.',
  'grade.r.sealedNoTeacher': 'va xifrat per al professor o professora de la classe i aquí no hi ha la seva clau: corregeix amb «--teacher CARPETA», la carpeta de «mailsec teacher init»',
  'grade.r.sealNotForTeacher': 'va xifrat per a una altra clau, no per a la de {dir}; potser és d\'una altra classe',
  'grade.r.sealTampered': 'va xifrat per a tu, però s\'ha modificat després de xifrar-lo (falla la comprovació d\'integritat d\'OpenPGP)',
  'grade.r.sealUnreadable': 'comença com un missatge OpenPGP, però no es pot llegir: està tallat o no és un lliurament',
  'grade.seal.signed': 'signat per l\'estudiant amb la seva clau {fingerprint}',
  'grade.w.sealUnsigned': 'xifrat, però sense la signatura de l\'estudiant: no hi ha prova que l\'hagi fet qui diu',
  'grade.w.sealUnknownKey': 'signat amb la clau {keyId}, que no és al seu espai de treball: no és la clau de la lliçó 11 de l\'estudiant',
  'grade.w.sealBadSignature': 'la signatura amb la clau {fingerprint} no correspon al contingut: algú ha canviat el lliurament després de signar-lo',
  'grade.w.notSealed': 'és d\'un espai de treball de la classe, però no va xifrat per a tu com els que fa «mailsec submit»: s\'ha fet o canviat a mà',
};
export const en: Record<string, string> = {
  'submit.sealed': 'Encrypted for {teacher} (key {fingerprint}): only your teacher can open it.',
  'submit.signed': 'Signed with your lesson 11 key ({fingerprint}): any change to it will show.',
  'submit.unsigned': 'I could not sign it with your lesson 11 key ({error}); it is encrypted, but unsigned. To sign it, run "mailsec submit" again in a terminal and type the passphrase when gpg asks for it.',
  'grade.r.sealedNoTeacher': 'it is encrypted for the class\'s teacher and their key is not here: grade with "--teacher FOLDER", the folder of "mailsec teacher init"',
  'grade.r.sealNotForTeacher': 'it is encrypted for another key, not the one in {dir}; it may be from another class',
  'grade.r.sealTampered': 'it is encrypted for you, but was changed after it was encrypted (OpenPGP\'s integrity check fails)',
  'grade.r.sealUnreadable': 'it starts as an OpenPGP message but cannot be read: it is cut short or not a submission',
  'grade.seal.signed': 'signed by the student with their key {fingerprint}',
  'grade.w.sealUnsigned': 'encrypted, but not signed by the student: nothing proves who made it',
  'grade.w.sealUnknownKey': 'signed with the key {keyId}, which is not in their workspace: not the student\'s lesson 11 key',
  'grade.w.sealBadSignature': 'the signature with the key {fingerprint} does not match the content: someone changed the submission after it was signed',
  'grade.w.notSealed': 'it comes from a class workspace, but is not encrypted for you as "mailsec submit" makes them: it was made or changed by hand',
};
