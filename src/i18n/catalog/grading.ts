// Messages of submissions and grading. Keys: "submit.*", "grade.*".
export const es: Record<string, string> = {
  'submit.done': 'Entrega lista: {file} ({files} archivos, dominio {domain}). Entrégala a tu profesor o profesora.',
  'submit.exists': 'Ya existe {file}; no lo sobrescribo. Elige otro nombre con --out.',
  'grade.badBundle': 'La entrega {file} no se puede corregir: {reason}.',
  'grade.none': 'No hay ninguna entrega (*.mailsec) que corregir en {inputs}.',
  'grade.header': 'Estudiante · dominio · superados · puntos de control',
  'grade.warning': 'atención',
  'grade.internalErrors': '{n} con error interno de mailsec: corrígelos a mano',
};
export const ca: Record<string, string> = {
  'submit.done': 'Lliurament a punt: {file} ({files} fitxers, domini {domain}). Lliura\'l al teu professor o professora.',
  'submit.exists': 'Ja existeix {file}; no el sobreescric. Tria un altre nom amb --out.',
  'grade.badBundle': 'El lliurament {file} no es pot corregir: {reason}.',
  'grade.none': 'No hi ha cap lliurament (*.mailsec) per corregir a {inputs}.',
  'grade.header': 'Estudiant · domini · superats · punts de control',
  'grade.warning': 'atenció',
  'grade.internalErrors': '{n} amb error intern de mailsec: corregeix-los a mà',
};
export const en: Record<string, string> = {
  'submit.done': 'Submission ready: {file} ({files} files, domain {domain}). Hand it to your teacher.',
  'submit.exists': '{file} already exists; it is not overwritten. Choose another name with --out.',
  'grade.badBundle': 'The submission {file} cannot be graded: {reason}.',
  'grade.none': 'No submissions (*.mailsec) to grade in {inputs}.',
  'grade.header': 'Student · domain · passed · checkpoints',
  'grade.warning': 'warning',
  'grade.internalErrors': '{n} with an internal error in mailsec: grade them by hand',
};
