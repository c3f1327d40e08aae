// Messages of the ui area. Keys: "ui.*"; same keys in es, ca and en.
// The older ui.* keys (ui.step, ui.help, ui.keysStep...) are in the core catalogs.
export const es: Record<string, string> = {
  'ui.notWatching': 'sin vigilar',
  'ui.helpMore': `Inicio Fin      principio / final del paso
Intro           paso siguiente, cuando lo has superado
Esc o ?         cierra esta ayuda`,
  'ui.firstStep': 'Este es el primer paso del curso.',
  'ui.scroll': '{from}–{to} de {total}',
  'ui.watchChecked': 'Comprobado de nuevo porque ha cambiado {file}.',
  'ui.watchUnavailable': 'La vigilancia no puede seguir tus archivos ({error}). Pulsa c para comprobar el paso.',
  'ui.checkFailed': 'No se ha podido comprobar el paso: {error}',
};

export const ca: Record<string, string> = {
  'ui.notWatching': 'sense vigilar',
  'ui.helpMore': `Inici Fi        principi / final del pas
Retorn          pas següent, quan l'has superat
Esc o ?         tanca aquesta ajuda`,
  'ui.firstStep': 'Aquest és el primer pas del curs.',
  'ui.scroll': '{from}–{to} de {total}',
  'ui.watchChecked': 'Comprovat de nou perquè ha canviat {file}.',
  'ui.watchUnavailable': 'La vigilància no pot seguir els teus fitxers ({error}). Prem c per comprovar el pas.',
  'ui.checkFailed': "No s'ha pogut comprovar el pas: {error}",
};

export const en: Record<string, string> = {
  'ui.notWatching': 'not watching',
  'ui.helpMore': `Home End        top / bottom of the step
Enter           next step, once this one is passed
Esc or ?        close this help`,
  'ui.firstStep': 'This is the first step of the course.',
  'ui.scroll': '{from}–{to} of {total}',
  'ui.watchChecked': 'Checked again because {file} changed.',
  'ui.watchUnavailable': 'Watch mode cannot follow your files ({error}). Press c to check the step.',
  'ui.checkFailed': 'The step could not be checked: {error}',
};
