export const ca: Record<string, string> = {
  // espai de treball i progrés
  'workspace.missing': 'No hi ha cap espai de treball de mailsec a {dir}. Crea\'l amb: mailsec init {dir}',
  'workspace.metaCorrupt': 'No es pot llegir el fitxer de l\'espai de treball {file} ({error}). Corregeix-lo o executa mailsec init en una carpeta nova.',
  'workspace.outside': 'El camí {path} surt de l\'espai de treball; el sandbox només llegeix fitxers que hi siguin dins.',
  // a path given on the command line that the file system refuses
  'fs.notFound': '{path} no existeix. Comprova el nom i la carpeta on és.',
  'fs.cannotCreate': 'No es pot crear {path}: a {parent} no s\'hi poden crear fitxers ni carpetes. Tria una carpeta teva, per exemple una dins de la teva carpeta personal.',
  'fs.denied': 'mailsec no té permís per fer servir {path}. Tria una carpeta teva, per exemple una dins de la teva carpeta personal.',
  'fs.readOnly': '{path} és en un sistema de fitxers de només lectura. Tria una carpeta on puguis escriure, per exemple una dins de la teva carpeta personal.',
  'fs.exists': '{path} ja existeix i no es toca. Tria un altre nom o aparta\'l abans.',
  'fs.notDir': 'Cal una carpeta a {path}, però és un fitxer (o ho és una carpeta de més amunt). Indica un altre camí.',
  'fs.isDir': '{path} és una carpeta i aquí cal un fitxer. Indica el nom d\'un fitxer.',
  'fs.tooLong': 'El camí {path} és massa llarg per al sistema de fitxers. Fes-ne servir un de més curt.',
  'fs.loop': '{path} passa per massa enllaços simbòlics (potser un enllaç que apunta a si mateix). Arregla o esborra l\'enllaç.',
  'fs.noSpace': 'No queda espai al disc per a {path}. Allibera espai i torna-ho a provar.',
  'cli.extraArgs': 'Sobren arguments: {args}. Consulta com es fa servir cada ordre amb: mailsec --help',
  'cli.unknownOption': 'Opció desconeguda: {option}',
  'cli.optionNeedsValue': 'L\'opció {option} necessita un valor (per exemple, {option} VALOR)',
  'cli.optionTakesNoValue': 'L\'opció {option} no porta cap valor',
  'cli.unknownSubcommand': 'No existeix l\'ordre «{sub}».',
  'init.badDomain': '«{domain}» no és un nom de domini vàlid. Fes servir minúscules, dígits, guions i punts, com ara alexdns.local.',
  'init.domainMismatch': 'L\'espai de treball {dir} ja fa servir el domini {domain}, no {wanted}. Crea un espai de treball nou per a un altre domini.',
  'init.done': 'Espai de treball a punt a {dir} (domini {domain}): {created} fitxers creats i {kept} dels teus sense tocar.',
  'init.next': 'Pas següent: mailsec --workspace {dir}   (o defineix MAILSEC_WORKSPACE={dir})',
  'progress.restoredMissing': 'Faltava el teu fitxer de progrés; s\'ha restaurat a partir de la còpia {file}.',
  'progress.recovered': 'El teu fitxer de progrés estava malmès. S\'ha desat com a {kept} i el progrés s\'ha recuperat a partir de {backup}.',
  'progress.unrecoverable': 'El teu fitxer de progrés estava malmès i no hi havia cap còpia bona. S\'ha desat com a {kept} perquè no es perdi res; el progrés torna a començar des d\'aquí.',
  'reset.done': 'Lliçó {lesson}: {n} fitxers tornen a estar com en començar-la. Les teves versions són a {backup}.',
  'reset.nothing': 'La lliçó {lesson} no modifica cap fitxer, així que no n\'hi ha cap per tornar al seu estat inicial.',
  'workspace.metaNotDir': '{path} hauria de ser la carpeta de mailsec, però és un fitxer. Aparta\'l (mv {path} {path}.old) i executa: mailsec init {dir}',
  'workspace.metaRecovered': 'Faltava el fitxer de l\'espai de treball {file}. S\'ha tornat a escriure amb el teu domini {domain}, pres de {source}.',
  'workspace.domainUnknown': '{dir} és un espai de treball de mailsec al qual falta el fitxer {file}, i els seus fitxers no diuen per a quin domini es va crear. Torna\'l a escriure amb: mailsec init {dir} --domain EL_TEU_DOMINI',
  'progress.repaired': 'Algunes parts del teu fitxer de progrés no es podien llegir ({fields}); s\'han deixat fora i s\'ha conservat tota la resta. L\'original s\'ha desat com a {kept}.',
  'progress.notAFile': '{path} hauria de ser el teu fitxer de progrés, però és una carpeta. Aparta-la (mv {path} {path}.old) i torna a executar mailsec.',
  'progress.cannotAccess': 'No es pot llegir ni escriure el teu fitxer de progrés {path} ({error}). Revisa\'n els permisos (ls -l {path}) i torna a executar mailsec.',
  'progress.newer': 'El teu fitxer de progrés {path} el va escriure una versió més nova de mailsec (format {version}). Actualitza mailsec per continuar; el fitxer s\'ha deixat tal com era.',
  'progress.locked': 'Un altre mailsec (procés {pid}) fa massa estona que desa el teu progrés ({path} encara hi és). Si no hi ha cap altre mailsec en marxa, esborra {path} i torna-ho a provar.',
  'reset.progress': 'Lliçó {lesson}: els seus passos tornen a comptar com a no superats ({n} ho estaven); els teus intents i pistes es conserven al teu historial.',

  // qüestionaris
  'quiz.unanswered': 'Encara no has respost. Tria una opció (o escriu la resposta) i torna a comprovar.',
  'quiz.unknownOption': '«{given}» no és cap de les opcions ({options}).',
  'quiz.single': 'Tria una sola opció.',
  'quiz.correct': 'Correcte.',
  'quiz.wrong': '«{given}» no és la resposta correcta. {why}',
  'quiz.tryAnother': 'Torna a llegir el pas i prova\'n una altra.',
  'quiz.correctWhy': 'Correcte: {why}',
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
  'check.crashed': 'La mateixa comprovació {kind} ha fallat a {step} ({error}). És un error de mailsec {version}, no de la teva feina: no canviïs res per això. Explica-ho al teu professor o professora, o obre una incidència del projecte (README, «Informar d\'un error») copiant aquest missatge.',
  'check.sandboxBug': 'El servidor de proves ha tingut un error intern ({stage}: {error}), així que aquest resultat no és fiable. És un error de mailsec {version}, no de la teva feina. Reinicia el servidor (mailsec sandbox stop i start, o surt del quadern i torna-hi a entrar) i comprova-ho de nou; si es repeteix, explica-ho al teu professor o professora, o obre una incidència (README, «Informar d\'un error») copiant aquest missatge.',
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
  'value.none': '(cap)',
  'value.empty': '(buit)',
  'cli.passedOne': '{n} superat',
  'cli.passedMany': '{n} superats',
  'cli.summary': '{passed}, {failed} encara no',
  'cli.summaryErrors': '{passed}, {failed} encara no, {errors} amb un error intern de mailsec (no és culpa teva; mira el missatge)',
  'cli.badAnswer': 'Escriu la resposta com a --answer LLIÇÓ/PAS=RESPOSTA (o només --answer RESPOSTA si comproves un sol pas).',
  'cli.notAnswered': 'respon-lo amb --answer',
  'postfix.postconf.usage': `Ús: mailsec postconf [-n|-d|-h|-M|-f|-e] [NOM...]   (com postconf sobre etc/postfix/ del teu espai de treball)
  postconf NOM       el valor que llegeix Postfix: el de main.cf o, si no hi és, el predeterminat
  postconf -n        només el que fixa main.cf
  postconf -d        els valors predeterminats de Postfix 3.7 (myhostname: el nom d'aquesta màquina)
  postconf -h        només els valors, sense «NOM =»
  postconf -M [servei[/tipus]]   els serveis de master.cf (-f: amb les opcions -o en línies a part)
  postconf -e 'NOM = valor'   canvia aquesta línia de main.cf (o l'afegeix al final); després: mailsec sandbox reload
Els avisos i els errors surten amb les paraules de Postfix. {error}`,
  'postfix.check.usage': 'Ús: «mailsec postfix check»: el que diria «postfix check» del teu main.cf i master.cf, amb les paraules de Postfix (surt amb 1 si hi ha un error fatal). {error}',
  'postfix.check.other': 'El sandbox no té «postfix {sub}»: per engegar-lo, aturar-lo o recarregar-lo fes servir «mailsec sandbox start|stop|reload».',
  'cli.bug': 'mailsec ha tingut un error intern (és una fallada del programa, no teva): {error}',
  'cli.help': `mailsec — quadern de pràctiques de seguretat en servidors de correu

Ús:
  mailsec                      obre el quadern (una vista de text si no és un terminal)
  mailsec init [DIR] [--domain D]   crea un espai de treball (per defecte ~/mailsec); mai no sobreescriu els teus fitxers
  mailsec lessons [--json]     llista les lliçons i els seus passos
  mailsec check [LLIÇÓ[/PAS]] [--json] [--answer R]
                               executa les comprovacions; surt amb 0 només si se superen totes
  mailsec check [LLIÇÓ] --target HOST[:PORT] [--domain D] [--dns HOST[:PORT]]
                [--ssh USUARI@HOST[:PORT]] [--i-own-this-server]
                               les mateixes comprovacions contra un servidor real (la màquina virtual
                               d'una classe): les que es veuen des de la xarxa, els registres que serveix
                               el seu DNS, la seva configuració llegida per ssh; les altres surten
                               «no comprovat en remot». El servidor queda desat; --target sandbox
                               torna al sandbox
  mailsec reset LLIÇÓ          deixa els fitxers d'una lliçó com en començar-la (desa una còpia dels teus)
  mailsec submit [--out FITXER] [--name NOM] [--email CORREU]   empaqueta la teva feina per lliurar-la
  mailsec grade FITXER...|DIR [--json|--csv]     (professorat) corregeix lliuraments tornant a executar cada comprovació
      [--course CURS.yaml] [--html INFORME.html] [--feedback DIR]   pesos i penalització per pista, pàgina de la classe, retorn per estudiant
  mailsec init [DIR] --class FITXER --student CORREU   el teu espai de treball de la classe: el teu domini i la clau pública del teu professor
  mailsec teacher init [DIR] [--name NOM]   (professorat) les teves claus OpenPGP i S/MIME; les secretes no surten del teu equip
  mailsec class init LLISTA.csv [--teacher DIR] [--out FITXER]   (professorat) el fitxer de classe que dones als teus estudiants
  mailsec grade DIR --teacher DIR   (professorat) corregeix i desxifra amb la teva clau secreta el que t'han xifrat
  mailsec sandbox start|stop|status|reload|check   el servidor de correu del sandbox
  mailsec sandbox passwd USUARI   crea o canvia un usuari d'SMTP AUTH (contrasenya per l'entrada estàndard)
  mailsec dkim genkey -s SELECTOR -d DOMINI [-D DIR]   claus DKIM com les crea opendkim-genkey
  mailsec dmarc report         l'informe agregat DMARC, lliurat a la bústia de rua=
  mailsec postconf [-n|-d|-h|-M] [NOM...]   el que diria postconf del teu main.cf i master.cf
  mailsec postfix check        el que diria «postfix check» de la teva configuració
  mailsec capstone break [--again]|restore   (lliçó 19) espatlla el teu servidor per reparar-lo, o el torna com era
  mailsec doctor [--json]      les eines externes que fan servir les lliçons: si hi són, per a què serveixen i com instal·lar-les

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
  'ui.why': 'Per què',
  'ui.evidence': 'Vist',
  'ui.onServer': 'A {target}',
  'ui.passedNext': 'Pas superat. Retorn: pas següent.',
  'ui.courseDone': 'Has acabat totes les lliçons. Enhorabona!',
  'ui.passedLast': 'Pas superat. És l\'últim pas del curs.',
  'ui.courseOpen': 'És l\'últim pas del curs, però encara hi ha passos sense superar ({n}): prem l per veure en quines lliçons.',
  'ui.keysStep': '←/→ pas  c comprovar  h pista  a respondre  r executar  m enviar  b bústia  g log  t sessions  w vigilar  l lliçons  L idioma  ? ajuda  q sortir',
  'ui.keysList': '↑/↓ triar  Retorn obrir  b bústia  g log  t sessions  L idioma  ? ajuda  q sortir',
  'ui.plainCommands': 'Ordres: n següent, p anterior, c comprovar, h pista, a RESPOSTA, g LLIÇÓ[/PAS], l lliçons, T guia del professor, S servidor o sandbox, E SERVIDOR tria el servidor (E sandbox l\'oblida), lang es|ca|en, q sortir',
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
S               alterna entre el servidor desat i el sandbox
E               tria el servidor que cal comprovar (buit: el sandbox)
q               sortir`,
  'ui.langChanged': 'Idioma: català',
  'ui.target.server': 'Ara es comprova el servidor {target}. S torna al sandbox.',
  'ui.target.sandbox': 'Ara es comprova el sandbox. S torna al servidor {target}.',
  'ui.target.none': 'Aquest espai de treball no té cap servidor desat: E el tria (o «mailsec check --target HOST»).',
  'ui.watchOn': 'Vigilància activada: el pas es torna a comprovar quan canvien els teus fitxers.',
  'ui.watchOff': 'Vigilància desactivada.',
  'ui.typeAnswer': 'Escriu la resposta i prem Retorn (Esc cancel·la)',
  'ui.chooseAnswer': 'Tria amb ↑ ↓ o la lletra{multi}, Retorn per enviar, Esc per cancel·lar',
  'ui.chooseMulti': ', Espai per marcar',
  'ui.notQuiz': 'Aquest pas es comprova a partir de la teva feina, no es respon: prem c per comprovar-lo.',
  'ui.notice': 'Avís',
  'ui.lessonProgress': '{passed}/{total}',
  'ui.lessonAbout': '≈ {minutes} min · Necessites: {needs}',
  'ui.lessonAboutNothing': '≈ {minutes} min · Només mailsec, cap altre programa',
  'ui.optionalTool': 'opcional',
  'ui.noLessons': 'No s\'ha pogut carregar cap lliçó.',
};
