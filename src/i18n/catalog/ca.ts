export const ca: Record<string, string> = {
  // espai de treball i progrés
  'workspace.missing': 'No hi ha cap espai de treball de mailsec a {dir}. Crea\'l amb: mailsec init {dir}',
  'workspace.metaCorrupt': 'No es pot llegir el fitxer de l\'espai de treball {file} ({error}). Corregeix-lo o executa mailsec init en una carpeta nova.',
  'workspace.outside': 'El camí {path} surt de l\'espai de treball; el sandbox només llegeix fitxers que hi siguin dins.',
  'init.badDomain': '«{domain}» no és un nom de domini vàlid. Fes servir minúscules, dígits, guions i punts, com ara alexdns.local.',
  'init.domainMismatch': 'L\'espai de treball {dir} ja fa servir el domini {domain}, no {wanted}. Crea un espai de treball nou per a un altre domini.',
  'init.done': 'Espai de treball a punt a {dir} (domini {domain}): {created} fitxers creats i {kept} dels teus sense tocar.',
  'init.next': 'Pas següent: mailsec --workspace {dir}   (o defineix MAILSEC_WORKSPACE={dir})',
  'progress.restoredMissing': 'Faltava el teu fitxer de progrés; s\'ha restaurat a partir de la còpia {file}.',
  'progress.recovered': 'El teu fitxer de progrés estava malmès. S\'ha desat com a {kept} i el progrés s\'ha recuperat a partir de {backup}.',
  'progress.unrecoverable': 'El teu fitxer de progrés estava malmès i no hi havia cap còpia bona. S\'ha desat com a {kept} perquè no es perdi res; el progrés torna a començar des d\'aquí.',
  'reset.done': 'Lliçó {lesson}: {n} fitxers tornen a estar com en començar-la. Les teves versions són a {backup}.',
  'reset.nothing': 'La lliçó {lesson} no modifica cap fitxer, així que no hi ha res a restablir.',

  // qüestionaris
  'quiz.unanswered': 'Encara no has respost. Tria una opció (o escriu la resposta) i torna a comprovar.',
  'quiz.unknownOption': '«{given}» no és cap de les opcions ({options}).',
  'quiz.single': 'Tria una sola opció.',
  'quiz.correct': 'Correcte.',
  'quiz.wrong': 'L\'opció {given} no és la correcta. Torna a llegir el pas i prova\'n una altra.',
  'quiz.partial': 'Encara no: has marcat {right} de les {total} opcions correctes i {extra} que sobren. Revisa-les una per una.',
  'quiz.wrongText': '«{given}» no és la resposta. Torna a llegir el pas; una pista (h) et pot ajudar.',

  // fitxers
  'file.missing': 'El fitxer {path} encara no existeix. Crea\'l com indica el pas.',
  'file.notFile': '{path} existeix, però no és un fitxer normal.',
  'file.exists': '{path} és al seu lloc.',
  'file.matches': '{path} conté el que demana el pas.',
  'file.noMatch': '{path} no conté el que demana el pas. S\'esperava: {expected}',
  'file.forbidden': '{path} encara conté «{found}», que el pas et demana que treguis.',
  'file.clean': '{path} ja no conté el que el pas et demana que treguis.',
  'file.modeTooOpen': '{path} té els permisos {mode}; una clau privada no ha de permetre més que {max}. Prova: chmod {max} {path}',
  'file.modeOk': '{path} té els permisos {mode}.',

  // postfix
  'postfix.broken': '{file}, línia {line}: {text}. Postfix rebutjaria aquest fitxer; corregeix primer aquesta línia.',
  'postfix.paramMissing': '{file} no defineix {name} (Postfix faria servir «{seen}»). Afegeix: {name} = {wanted}',
  'postfix.paramValue': 'A {file}, {name} val «{seen}»; el pas demana «{wanted}».',
  'postfix.listMissing': 'A {file}, {name} no inclou {item}. S\'esperava, en aquest ordre: {wanted}',
  'postfix.listOrder': 'A {file}, {name} té {item} en un lloc equivocat. Postfix llegeix la llista en ordre; s\'esperava: {wanted}',
  'postfix.listForbidden': 'A {file}, {name} encara inclou {item}.',
  'postfix.paramOk': '{name} = {seen}',

  // comprovacions
  'check.unknownKind': 'Aquest pas fa servir un tipus de comprovació desconegut, «{kind}». És un error de la lliçó; si us plau, fes-nos-ho saber.',
  'check.crashed': 'La comprovació {kind} ha fallat tota sola ({error}). És un error de mailsec, no teu; si us plau, fes-nos-ho saber.',
  'status.pass': 'superat',
  'status.fail': 'encara no',
  'status.error': 'error',

  // CLI
  'cli.unknownCommand': 'No existeix l\'ordre «{command}». Executa mailsec --help per veure les ordres.',
  'cli.badOption': '{error}. Executa mailsec --help.',
  'cli.badLang': 'Idioma desconegut: «{lang}». Fes servir es, ca o en.',
  'cli.lessonNotFound': 'No hi ha cap lliçó «{ref}». Consulta la llista amb: mailsec lessons',
  'cli.stepNotFound': 'La lliçó {lesson} no té cap pas «{ref}». Els seus passos: {steps}',
  'cli.courseErrors': 'Algunes lliçons tenen errors i s\'han deixat fora:',
  'cli.summary': '{passed} superats, {failed} encara no',
  'cli.badAnswer': 'Escriu la resposta com a --answer LLIÇÓ/PAS=RESPOSTA (o només --answer RESPOSTA si comproves un sol pas).',
  'cli.notAnswered': 'respon-lo amb --answer',
  'cli.bug': 'mailsec ha tingut un error intern (és una fallada del programa, no teva): {error}',
  'cli.help': `mailsec — quadern de pràctiques de seguretat en servidors de correu

Ús:
  mailsec                      obre el quadern (una vista de text si no és un terminal)
  mailsec init [DIR] [--domain D]   crea un espai de treball (per defecte ~/mailsec); mai no sobreescriu els teus fitxers
  mailsec lessons [--json]     llista les lliçons i els seus passos
  mailsec check [LLIÇÓ[/PAS]] [--json] [--answer R]
                               executa les comprovacions; surt amb 0 només si se superen totes
  mailsec reset LLIÇÓ          deixa els fitxers d'una lliçó com en començar-la (desa una còpia dels teus)
  mailsec submit [--out FITXER] [--name NOM]      empaqueta la teva feina per lliurar-la
  mailsec grade FITXER...|DIR [--json|--csv]     (professorat) corregeix lliuraments tornant a executar cada comprovació
  mailsec sandbox start|stop|status|reload|check   el servidor de correu del sandbox
  mailsec sandbox passwd USUARI   crea o canvia un usuari d'SMTP AUTH (contrasenya per l'entrada estàndard)
  mailsec dkim genkey -s SELECTOR -d DOMINI [-D DIR]   claus DKIM com les crea opendkim-genkey
  mailsec dmarc report         l'informe agregat DMARC, lliurat a la bústia de rua=

Respostes als qüestionaris des de la línia d'ordres:
  mailsec check 01-threats/open-relay --answer b
  mailsec check 01 --answer spam-phishing=a --answer layers=a,c,d     (diverses opcions: separades per comes)

Opcions:
  --workspace DIR   l'espai de treball (o MAILSEC_WORKSPACE); per defecte ~/mailsec
  --lang es|ca|en   idioma (per defecte, segons LC_ALL/LANG; si no, castellà)
  --plain           vista per línies, per a lectors de pantalla i canonades
  --json            sortida per a programes
  --help, --version

Codis de sortida: 0 tot superat, 1 alguna comprovació no se supera, 2 error d'ús o de configuració.`,

  // vista de text i TUI
  'ui.lessons': 'Lliçons',
  'ui.step': 'Pas {n} de {total}',
  'ui.checkpoint': 'punt de control',
  'ui.stale': 'Aquesta traducció pot ser anterior al text en castellà d\'aquest pas.',
  'ui.hints': 'Pistes',
  'ui.noMoreHints': 'No hi ha més pistes per a aquest pas.',
  'ui.noHints': 'Aquest pas no té pistes.',
  'ui.checking': 'Comprovant…',
  'ui.watching': 'vigilant',
  'ui.options': 'Opcions',
  'ui.yourAnswer': 'La teva resposta',
  'ui.evidence': 'Vist',
  'ui.passedNext': 'Pas superat. Retorn: pas següent.',
  'ui.courseDone': 'Has acabat totes les lliçons. Enhorabona!',
  'ui.keysStep': '←/→ pas  c comprovar  h pista  a respondre  r executar  m enviar  b bústia  g log  t sessions  w vigilar  l lliçons  L idioma  ? ajuda  q sortir',
  'ui.keysList': '↑/↓ triar  Retorn obrir  b bústia  g log  t sessions  L idioma  ? ajuda  q sortir',
  'ui.plainCommands': 'Ordres: n següent, p anterior, c comprovar, h pista, a RESPOSTA, g LLIÇÓ[/PAS], l lliçons, lang es|ca|en, q sortir',
  'ui.plainUnknown': 'Ordre desconeguda. {commands}',
  'ui.helpTitle': 'Tecles',
  'ui.help': `↑ ↓ RePàg AvPàg  desplaça el pas
← →             pas anterior / següent
c               comprova aquest pas
h               mostra una pista més
a               respon un qüestionari (tria amb ↑ ↓, Espai marca, Retorn envia)
w               vigilància sí/no: torna a comprovar quan canvien els teus fitxers
l               llista de lliçons
L               canvia d'idioma (es → ca → en)
?               aquesta ajuda
q               sortir`,
  'ui.langChanged': 'Idioma: català',
  'ui.watchOn': 'Vigilància activada: el pas es torna a comprovar quan canvien els teus fitxers.',
  'ui.watchOff': 'Vigilància desactivada.',
  'ui.typeAnswer': 'Escriu la resposta i prem Retorn (Esc cancel·la)',
  'ui.chooseAnswer': 'Tria amb ↑ ↓{multi}, Retorn per enviar, Esc per cancel·lar',
  'ui.chooseMulti': ', Espai per marcar',
  'ui.notQuiz': 'Aquest pas es comprova a partir de la teva feina, no es respon: prem c per comprovar-lo.',
  'ui.notice': 'Avís',
  'ui.lessonProgress': '{passed}/{total}',
  'ui.noLessons': 'No s\'ha pogut carregar cap lliçó.',
};
