// Messages of the teacher's guide in the workbook (the T key). Keys: "ui.guide.*", "ui.helpTeacher".
export const es: Record<string, string> = {
  'ui.guide.title': 'Guía del profesor · {lesson}',
  'ui.guide.keys': '↑/↓ desplazar  Esc volver  q salir',
  'ui.guide.missing': 'No se encuentra la guía del profesor para esta lección en {file}. La guía viene con mailsec: vuelve a instalarlo.',
  'ui.helpTeacher': 'T               guía del profesor de esta lección (objetivo, tiempo, errores frecuentes, solución)',
};

export const ca: Record<string, string> = {
  'ui.guide.title': 'Guia del professor · {lesson}',
  'ui.guide.keys': '↑/↓ desplaçar  Esc tornar  q sortir',
  'ui.guide.missing': "No es troba la guia del professor per a aquesta lliçó a {file}. La guia ve amb mailsec: torna a instal·lar-lo.",
  'ui.helpTeacher': "T               guia del professor d'aquesta lliçó (objectiu, temps, errors freqüents, solució)",
};

export const en: Record<string, string> = {
  'ui.guide.title': "Teacher's guide · {lesson}",
  'ui.guide.keys': '↑/↓ scroll  Esc back  q quit',
  'ui.guide.missing': "The teacher's guide to this lesson is not in {file}. The guide comes with mailsec: install it again.",
  'ui.helpTeacher': "T               the teacher's guide to this lesson (goal, time, usual mistakes, solution)",
};
