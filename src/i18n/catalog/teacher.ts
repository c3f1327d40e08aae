// Messages of the teacher's identities and the class file. Keys: "teacher.*", "class.*", "init.class*", "init.localTeacher", "grade.teacher.*".
export const es: Record<string, string> = {
  'teacher.usage': 'Uso: mailsec teacher init [CARPETA] [--name NOMBRE]   (por defecto, la carpeta {dir})',
  'teacher.defaultName': 'Profesor de mailsec',
  'teacher.made': `Identidades del profesorado creadas en {dir} (carpeta 0700; las claves secretas, 0600: no salen de esta máquina ni se entregan nunca):
  OpenPGP {fpr} <{email}>: {pgpPublic} (pública) y {pgpSecret} (secreta)
  CA de la clase: {caCert} (certificado) y {caKey} (clave secreta)
  S/MIME <{email}>: {smimeCert} (firmado por la CA de la clase) y {smimeKey} (clave secreta)
Siguiente: mailsec class init lista.csv --teacher {dir}`,
  'teacher.kept': 'Ya hay identidades del profesorado en {dir} (OpenPGP {fpr}); no las sustituyo, porque lo que tus estudiantes ya han cifrado solo se lee con esa clave.',
  'teacher.notEmpty': '{dir} ya tiene archivos que no son identidades de mailsec; elige una carpeta vacía o que no exista.',
  'teacher.missing': 'No hay identidades del profesorado en {dir}. Créalas con: mailsec teacher init {dir}',
  'class.usage': 'Uso: mailsec class init LISTA.csv [--teacher CARPETA] [--out ARCHIVO] [--name NOMBRE] [--domain DOMINIO_BASE]',
  'class.rosterUnreadable': 'No puedo leer la lista {file}: {error}.',
  'class.p.noName': '{file}:{line}: falta el nombre: {text}',
  'class.p.badEmail': '{file}:{line}: el correo no es una dirección válida: {text}',
  'class.p.duplicateEmail': '{file}:{line}: este correo ya aparece en otra fila: {text}',
  'class.p.columns': '{file}:{line}: sobran columnas (se esperan nombre, correo y grupo): {text}',
  'class.p.quote': '{file}:{line}: unas comillas se abren y no se cierran: {text}',
  'class.skipped': '{n} filas no están en la clase; corrígelas en {file} y vuelve a crear el archivo de clase.',
  'class.empty': 'La lista {file} no tiene ninguna fila válida (columnas: nombre, correo y, si quieres, grupo).',
  'class.badBase': 'El dominio base {domain} no es un nombre de dominio válido.',
  'class.made': `Clase «{name}» (código {code}): {n} estudiantes en {file}. Solo lleva las partes públicas de tus identidades: dáselo a cada estudiante, que empieza con:
  mailsec init --class {base} --student SU_CORREO`,
  'class.unreadable': 'No puedo leer el archivo de clase {file}: {error}.',
  'class.invalid': '{file} no es un archivo de clase de mailsec válido ({what}); pide a tu profesor o profesora el archivo de nuevo.',
  'class.secretInside': '{file} contiene una clave privada: un archivo de clase solo debe llevar partes públicas. No lo uses y avisa a tu profesor o profesora.',
  'class.whichStudent': 'El archivo de clase {file} tiene {n} estudiantes: di cuál eres con --student TU_CORREO.',
  'class.noStudent': '{email} no está en el archivo de clase {file}; revisa cómo escribiste tu correo o pregunta a tu profesor o profesora.',
  'class.studentMismatch': 'Este espacio de trabajo es de {email}, no de {wanted}; usa otra carpeta.',
  'init.class': 'Eres {name} <{email}> en la clase «{class}»; tu dominio es {domain}. La clave pública de tu profesor o profesora está en {key}.',
  'init.localTeacher': 'Sin archivo de clase, el profesor de este equipo es una identidad creada en {dir}: sus claves secretas se quedan allí, fuera de tu espacio de trabajo (es el lado del profesor). {key} es su clave pública.',
  'grade.teacher.read': '{path}: descifrado con tu clave secreta ({bytes} bytes)',
  'grade.teacher.notForYou': '{path}: no se puede descifrar con tu clave secreta: no está cifrado para ti ({error})',
  'grade.teacher.unreadable': '{path}: no es un mensaje OpenPGP que se pueda leer ({error})',
  'grade.teacher.keyReplaced': '{path} no es tu clave pública: se corrige con la tuya',
};
export const ca: Record<string, string> = {
  'teacher.usage': 'Ús: mailsec teacher init [CARPETA] [--name NOM]   (per defecte, la carpeta {dir})',
  'teacher.defaultName': 'Professor de mailsec',
  'teacher.made': `Identitats del professorat creades a {dir} (carpeta 0700; les claus secretes, 0600: no surten d'aquesta màquina ni es lliuren mai):
  OpenPGP {fpr} <{email}>: {pgpPublic} (pública) i {pgpSecret} (secreta)
  CA de la classe: {caCert} (certificat) i {caKey} (clau secreta)
  S/MIME <{email}>: {smimeCert} (signat per la CA de la classe) i {smimeKey} (clau secreta)
Següent: mailsec class init llista.csv --teacher {dir}`,
  'teacher.kept': 'Ja hi ha identitats del professorat a {dir} (OpenPGP {fpr}); no les substitueixo, perquè el que els teus estudiants ja han xifrat només es llegeix amb aquesta clau.',
  'teacher.notEmpty': '{dir} ja té fitxers que no són identitats de mailsec; tria una carpeta buida o que no existeixi.',
  'teacher.missing': 'No hi ha identitats del professorat a {dir}. Crea-les amb: mailsec teacher init {dir}',
  'class.usage': 'Ús: mailsec class init LLISTA.csv [--teacher CARPETA] [--out FITXER] [--name NOM] [--domain DOMINI_BASE]',
  'class.rosterUnreadable': 'No puc llegir la llista {file}: {error}.',
  'class.p.noName': '{file}:{line}: hi falta el nom: {text}',
  'class.p.badEmail': '{file}:{line}: el correu no és una adreça vàlida: {text}',
  'class.p.duplicateEmail': '{file}:{line}: aquest correu ja apareix en una altra fila: {text}',
  'class.p.columns': '{file}:{line}: hi sobren columnes (s\'esperen nom, correu i grup): {text}',
  'class.p.quote': '{file}:{line}: unes cometes s\'obren i no es tanquen: {text}',
  'class.skipped': '{n} files no són a la classe; corregeix-les a {file} i torna a crear el fitxer de classe.',
  'class.empty': 'La llista {file} no té cap fila vàlida (columnes: nom, correu i, si vols, grup).',
  'class.badBase': 'El domini base {domain} no és un nom de domini vàlid.',
  'class.made': `Classe «{name}» (codi {code}): {n} estudiants a {file}. Només porta les parts públiques de les teves identitats: dona'l a cada estudiant, que comença amb:
  mailsec init --class {base} --student EL_SEU_CORREU`,
  'class.unreadable': 'No puc llegir el fitxer de classe {file}: {error}.',
  'class.invalid': '{file} no és un fitxer de classe de mailsec vàlid ({what}); demana el fitxer de nou al teu professor o professora.',
  'class.secretInside': '{file} conté una clau privada: un fitxer de classe només ha de portar parts públiques. No el facis servir i avisa el teu professor o professora.',
  'class.whichStudent': 'El fitxer de classe {file} té {n} estudiants: digues qui ets amb --student EL_TEU_CORREU.',
  'class.noStudent': '{email} no és al fitxer de classe {file}; revisa com has escrit el correu o pregunta al teu professor o professora.',
  'class.studentMismatch': 'Aquest espai de treball és de {email}, no de {wanted}; fes servir una altra carpeta.',
  'init.class': 'Ets {name} <{email}> a la classe «{class}»; el teu domini és {domain}. La clau pública del teu professor o professora és a {key}.',
  'init.localTeacher': 'Sense fitxer de classe, el professor d\'aquest equip és una identitat creada a {dir}: les seves claus secretes es queden allà, fora del teu espai de treball (és el costat del professor). {key} n\'és la clau pública.',
  'grade.teacher.read': '{path}: desxifrat amb la teva clau secreta ({bytes} bytes)',
  'grade.teacher.notForYou': '{path}: no es pot desxifrar amb la teva clau secreta: no està xifrat per a tu ({error})',
  'grade.teacher.unreadable': '{path}: no és un missatge OpenPGP que es pugui llegir ({error})',
  'grade.teacher.keyReplaced': '{path} no és la teva clau pública: es corregeix amb la teva',
};
export const en: Record<string, string> = {
  'teacher.usage': 'Usage: mailsec teacher init [FOLDER] [--name NAME]   (by default, the folder {dir})',
  'teacher.defaultName': 'mailsec teacher',
  'teacher.made': `Teacher's identities made in {dir} (folder 0700; the secret keys 0600: they never leave this machine and are never handed out):
  OpenPGP {fpr} <{email}>: {pgpPublic} (public) and {pgpSecret} (secret)
  Class CA: {caCert} (certificate) and {caKey} (secret key)
  S/MIME <{email}>: {smimeCert} (signed by the class CA) and {smimeKey} (secret key)
Next: mailsec class init roster.csv --teacher {dir}`,
  'teacher.kept': 'There are teacher\'s identities in {dir} already (OpenPGP {fpr}); they are not replaced, since what your students have encrypted reads only with that key.',
  'teacher.notEmpty': '{dir} already holds files that are not mailsec identities; choose an empty folder or one that does not exist.',
  'teacher.missing': 'There are no teacher\'s identities in {dir}. Make them with: mailsec teacher init {dir}',
  'class.usage': 'Usage: mailsec class init ROSTER.csv [--teacher FOLDER] [--out FILE] [--name NAME] [--domain BASE_DOMAIN]',
  'class.rosterUnreadable': 'Cannot read the roster {file}: {error}.',
  'class.p.noName': '{file}:{line}: the name is missing: {text}',
  'class.p.badEmail': '{file}:{line}: the e-mail is not a valid address: {text}',
  'class.p.duplicateEmail': '{file}:{line}: this e-mail is on another row already: {text}',
  'class.p.columns': '{file}:{line}: too many columns (name, e-mail and group expected): {text}',
  'class.p.quote': '{file}:{line}: a quote opens and never closes: {text}',
  'class.skipped': '{n} rows are not in the class; fix them in {file} and make the class file again.',
  'class.empty': 'The roster {file} has no valid row (columns: name, e-mail and, if you like, group).',
  'class.badBase': 'The base domain {domain} is not a valid domain name.',
  'class.made': `Class "{name}" (code {code}): {n} students in {file}. It carries only the public parts of your identities: give it to each student, who starts with:
  mailsec init --class {base} --student THEIR_EMAIL`,
  'class.unreadable': 'Cannot read the class file {file}: {error}.',
  'class.invalid': '{file} is not a valid mailsec class file ({what}); ask your teacher for the file again.',
  'class.secretInside': '{file} holds a private key: a class file must carry public parts only. Do not use it, and tell your teacher.',
  'class.whichStudent': 'The class file {file} has {n} students: say which one you are with --student YOUR_EMAIL.',
  'class.noStudent': '{email} is not in the class file {file}; check how you typed your e-mail or ask your teacher.',
  'class.studentMismatch': 'This workspace belongs to {email}, not {wanted}; use another folder.',
  'init.class': 'You are {name} <{email}> in the class "{class}"; your domain is {domain}. Your teacher\'s public key is in {key}.',
  'init.localTeacher': 'Without a class file, the teacher on this machine is an identity made in {dir}: its secret keys stay there, outside your workspace (the teacher\'s side). {key} is its public key.',
  'grade.teacher.read': '{path}: decrypted with your secret key ({bytes} bytes)',
  'grade.teacher.notForYou': '{path}: cannot be decrypted with your secret key: it is not encrypted to you ({error})',
  'grade.teacher.unreadable': '{path}: is not an OpenPGP message that can be read ({error})',
  'grade.teacher.keyReplaced': '{path} is not your public key: graded with yours',
};
