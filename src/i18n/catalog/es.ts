export const es: Record<string, string> = {
  // espacio de trabajo y progreso
  'workspace.missing': 'No hay ningún espacio de trabajo de mailsec en {dir}. Créalo con: mailsec init {dir}',
  'workspace.metaCorrupt': 'No se puede leer el archivo del espacio de trabajo {file} ({error}). Corrígelo o ejecuta mailsec init en una carpeta nueva.',
  'workspace.outside': 'La ruta {path} sale del espacio de trabajo; el sandbox solo lee archivos que estén dentro.',
  // a path given on the command line that the file system refuses
  'fs.notFound': '{path} no existe. Comprueba el nombre y la carpeta en la que está.',
  'fs.cannotCreate': 'No se puede crear {path}: en {parent} no se pueden crear archivos ni carpetas. Elige una carpeta tuya, por ejemplo una dentro de tu carpeta personal.',
  'fs.denied': 'mailsec no tiene permiso para usar {path}. Elige una carpeta tuya, por ejemplo una dentro de tu carpeta personal.',
  'fs.readOnly': '{path} está en un sistema de archivos de solo lectura. Elige una carpeta en la que puedas escribir, por ejemplo una dentro de tu carpeta personal.',
  'fs.exists': '{path} ya existe y no se toca. Elige otro nombre o apártalo antes.',
  'fs.notDir': 'Hace falta una carpeta en {path}, pero es un archivo (o lo es una carpeta por encima). Indica otra ruta.',
  'fs.isDir': '{path} es una carpeta y aquí hace falta un archivo. Indica el nombre de un archivo.',
  'fs.tooLong': 'La ruta {path} es demasiado larga para el sistema de archivos. Usa una más corta.',
  'fs.loop': '{path} pasa por demasiados enlaces simbólicos (quizá un enlace que apunta a sí mismo). Arregla o borra el enlace.',
  'fs.noSpace': 'No queda espacio en el disco para {path}. Libera espacio y vuelve a intentarlo.',
  'cli.extraArgs': 'Sobran argumentos: {args}. Consulta cómo se usa cada orden con: mailsec --help',
  'cli.unknownOption': 'Opción desconocida: {option}',
  'cli.optionNeedsValue': 'La opción {option} necesita un valor (por ejemplo, {option} VALOR)',
  'cli.optionTakesNoValue': 'La opción {option} no lleva ningún valor',
  'cli.unknownSubcommand': 'No existe la orden «{sub}».',
  'init.badDomain': '«{domain}» no es un nombre de dominio válido. Usa minúsculas, dígitos, guiones y puntos, como alexdns.local.',
  'init.domainMismatch': 'El espacio de trabajo {dir} ya usa el dominio {domain}, no {wanted}. Crea un espacio de trabajo nuevo para otro dominio.',
  'init.done': 'Espacio de trabajo listo en {dir} (dominio {domain}): {created} archivos creados y {kept} tuyos sin tocar.',
  'init.next': 'Siguiente paso: mailsec --workspace {dir}   (o define MAILSEC_WORKSPACE={dir})',
  'progress.restoredMissing': 'Faltaba tu archivo de progreso; se ha restaurado desde la copia {file}.',
  'progress.recovered': 'Tu archivo de progreso estaba dañado. Se ha guardado como {kept} y tu progreso se ha recuperado desde {backup}.',
  'progress.unrecoverable': 'Tu archivo de progreso estaba dañado y no había ninguna copia buena. Se ha guardado como {kept} para no perder nada; el progreso vuelve a empezar desde aquí.',
  'reset.done': 'Lección {lesson}: {n} archivos vuelven a estar como al empezarla. Tus versiones están en {backup}.',
  'reset.nothing': 'La lección {lesson} no modifica ningún archivo, así que no hay ninguno que devolver a su estado inicial.',
  'workspace.metaNotDir': '{path} debería ser la carpeta de mailsec, pero es un archivo. Apártalo (mv {path} {path}.old) y ejecuta: mailsec init {dir}',
  'workspace.metaRecovered': 'Faltaba el archivo del espacio de trabajo {file}. Se ha vuelto a escribir con tu dominio {domain}, tomado de {source}.',
  'workspace.domainUnknown': '{dir} es un espacio de trabajo de mailsec al que le falta el archivo {file}, y sus archivos no dicen para qué dominio se creó. Vuelve a escribirlo con: mailsec init {dir} --domain TU_DOMINIO',
  'progress.repaired': 'Algunas partes de tu archivo de progreso no se podían leer ({fields}); se han dejado fuera y se ha conservado todo lo demás. El original se ha guardado como {kept}.',
  'progress.notAFile': '{path} debería ser tu archivo de progreso, pero es una carpeta. Apártala (mv {path} {path}.old) y vuelve a ejecutar mailsec.',
  'progress.cannotAccess': 'No se puede leer ni escribir tu archivo de progreso {path} ({error}). Revisa sus permisos (ls -l {path}) y vuelve a ejecutar mailsec.',
  'progress.newer': 'Tu archivo de progreso {path} lo escribió una versión más nueva de mailsec (formato {version}). Actualiza mailsec para continuar; el archivo se ha dejado tal como estaba.',
  'progress.locked': 'Otro mailsec (proceso {pid}) lleva demasiado tiempo guardando tu progreso ({path} sigue ahí). Si no hay ningún otro mailsec en marcha, borra {path} y vuelve a intentarlo.',
  'reset.progress': 'Lección {lesson}: sus pasos vuelven a contar como no superados ({n} lo estaban); tus intentos y pistas se conservan en tu historial.',

  // cuestionarios
  'quiz.unanswered': 'Todavía no has respondido. Elige una opción (o escribe la respuesta) y vuelve a comprobar.',
  'quiz.unknownOption': '«{given}» no es ninguna de las opciones ({options}).',
  'quiz.single': 'Elige una sola opción.',
  'quiz.correct': 'Correcto.',
  'quiz.wrong': '«{given}» no es la respuesta correcta. {why}',
  'quiz.tryAnother': 'Vuelve a leer el paso y prueba con otra.',
  'quiz.correctWhy': 'Correcto: {why}',
  'quiz.partial': 'Todavía no: has marcado {right} de las {total} opciones correctas y {extra} que sobran. Vuelve a mirarlas una a una.',
  'quiz.wrongText': '«{given}» no es la respuesta. Vuelve a leer el paso; una pista (h) puede ayudarte.',

  // archivos
  'file.missing': 'El archivo {path} todavía no existe. Créalo como indica el paso.',
  'file.notFile': '{path} existe, pero no es un archivo normal.',
  'file.exists': '{path} está en su sitio.',
  'file.matches': '{path} contiene lo que pide el paso.',
  'file.noMatch': '{path} no contiene lo que pide el paso. Se esperaba: {expected}',
  'file.forbidden': '{path} todavía contiene «{found}», que el paso te pide quitar.',
  'file.clean': '{path} ya no contiene lo que el paso te pide quitar.',
  'file.modeTooOpen': '{path} tiene los permisos {mode}; una clave privada no debe permitir más que {max}. Prueba: chmod {max} {path}',
  'file.modeOk': '{path} tiene los permisos {mode}.',

  // postfix
  'postfix.broken': '{file}, línea {line}: {text}. Postfix rechazaría este archivo; corrige primero esa línea.',
  'postfix.paramMissing': '{file} no define {name} (Postfix usaría «{seen}»). Añade: {name} = {wanted}',
  'postfix.paramValue': 'En {file}, {name} vale «{seen}»; el paso pide «{wanted}».',
  'postfix.listMissing': 'En {file}, {name} no incluye {item}. Se esperaba, en este orden: {wanted}',
  'postfix.listOrder': 'En {file}, {name} tiene {item} en mal lugar. Postfix lee la lista en orden; se esperaba: {wanted}',
  'postfix.listForbidden': 'En {file}, {name} todavía incluye {item}.',
  'postfix.paramOk': '{name} = {seen}',

  // comprobaciones
  'check.unknownKind': 'Este paso usa un tipo de comprobación desconocido, «{kind}». Es un error de la lección; por favor, avísanos.',
  'check.crashed': 'La propia comprobación {kind} ha fallado en {step} ({error}). Es un error de mailsec {version}, no de tu trabajo: no cambies nada por esto. Cuéntaselo a tu profesor o profesora, o abre una incidencia del proyecto (README, «Informar de un error») copiando este mensaje.',
  'check.sandboxBug': 'El servidor de pruebas ha tenido un error interno ({stage}: {error}), así que este resultado no es fiable. Es un error de mailsec {version}, no de tu trabajo. Reinicia el servidor (mailsec sandbox stop y start, o sal del cuaderno y vuelve a entrar) y comprueba otra vez; si se repite, cuéntaselo a tu profesor o profesora, o abre una incidencia (README, «Informar de un error») copiando este mensaje.',
  'status.pass': 'superado',
  'status.fail': 'todavía no',
  'status.error': 'error',

  // CLI
  'cli.unknownCommand': 'No existe la orden «{command}». Ejecuta mailsec --help para ver las órdenes.',
  'cli.badOption': '{error}. Ejecuta mailsec --help.',
  'cli.badLang': 'Idioma desconocido: «{lang}». Usa es, ca o en.',
  'cli.lessonNotFound': 'No hay ninguna lección «{ref}». Consulta la lista con: mailsec lessons',
  'cli.stepNotFound': 'La lección {lesson} no tiene ningún paso «{ref}». Sus pasos: {steps}',
  'cli.courseErrors': 'Algunas lecciones tienen errores y se han dejado fuera:',
  'value.none': '(ninguno)',
  'value.empty': '(vacío)',
  'cli.passedOne': '{n} superado',
  'cli.passedMany': '{n} superados',
  'cli.summary': '{passed}, {failed} todavía no',
  'cli.summaryErrors': '{passed}, {failed} todavía no, {errors} con un error interno de mailsec (no es culpa tuya; mira el mensaje)',
  'cli.badAnswer': 'Escribe la respuesta como --answer LECCIÓN/PASO=RESPUESTA (o solo --answer RESPUESTA si compruebas un único paso).',
  'cli.notAnswered': 'contesta con --answer',
  'postfix.postconf.usage': `Uso: mailsec postconf [-n|-d|-h|-M|-f|-e] [NOMBRE...]   (como postconf sobre etc/postfix/ de tu espacio de trabajo)
  postconf NOMBRE    el valor que lee Postfix: el de main.cf o, si no está, el predeterminado
  postconf -n        solo lo que main.cf fija
  postconf -d        los valores predeterminados de Postfix 3.7 (myhostname: el nombre de esta máquina)
  postconf -h        solo los valores, sin «NOMBRE =»
  postconf -M [servicio[/tipo]]   los servicios de master.cf (-f: con las opciones -o en líneas aparte)
  postconf -e 'NOMBRE = valor'   cambia esa línea de main.cf (o la añade al final); luego: mailsec sandbox reload
Los avisos y errores salen con las palabras de Postfix. {error}`,
  'postfix.check.usage': 'Uso: «mailsec postfix check»: lo que diría «postfix check» de tu main.cf y master.cf, con las palabras de Postfix (sale con 1 si hay un error fatal). {error}',
  'postfix.check.other': 'El sandbox no tiene «postfix {sub}»: para arrancarlo, pararlo o recargarlo usa «mailsec sandbox start|stop|reload».',
  'cli.bug': 'mailsec ha tenido un error interno (es un fallo del programa, no tuyo): {error}',
  'cli.help': `mailsec — cuaderno de prácticas de seguridad en servidores de correo

Uso:
  mailsec                      abre el cuaderno (una vista de texto si no es un terminal)
  mailsec init [DIR] [--domain D]   crea un espacio de trabajo (por defecto ~/mailsec); nunca sobrescribe tus archivos
  mailsec lessons [--json]     lista las lecciones y sus pasos
  mailsec check [LECCIÓN[/PASO]] [--json] [--answer R]
                               ejecuta las comprobaciones; sale con 0 solo si se superan todas
  mailsec check [LECCIÓN] --target HOST[:PUERTO] [--domain D] [--dns HOST[:PUERTO]]
                [--ssh USUARIO@HOST[:PUERTO]] [--i-own-this-server]
                               las mismas comprobaciones contra un servidor real (la máquina virtual de
                               una clase): las que se ven desde la red, los registros que sirve su DNS,
                               su configuración leída por ssh; las demás salen «no comprobado en
                               remoto». El servidor queda guardado; --target sandbox vuelve al sandbox
  mailsec reset LECCIÓN        deja los archivos de una lección como al empezarla (guarda una copia de los tuyos)
  mailsec submit [--out ARCHIVO] [--name NOMBRE] [--email CORREO]   empaqueta tu trabajo para entregarlo
  mailsec grade ARCHIVO...|DIR [--json|--csv]     (profesorado) corrige entregas volviendo a ejecutar cada comprobación
      [--course CURSO.yaml] [--html INFORME.html] [--feedback DIR]   pesos y penalización por pista, página de la clase, devolución por estudiante
  mailsec init [DIR] --class ARCHIVO --student CORREO   tu espacio de trabajo de la clase: tu dominio y la clave pública de tu profesor
  mailsec teacher init [DIR] [--name NOMBRE]   (profesorado) tus claves OpenPGP y S/MIME; las secretas no salen de tu equipo
  mailsec class init LISTA.csv [--teacher DIR] [--out ARCHIVO]   (profesorado) el archivo de clase que das a tus estudiantes
  mailsec grade DIR --teacher DIR   (profesorado) corrige y descifra con tu clave secreta lo que te cifraron
  mailsec sandbox start|stop|status|reload|check   el servidor de correo del sandbox
  mailsec sandbox passwd USUARIO   crea o cambia un usuario de SMTP AUTH (contraseña por la entrada estándar)
  mailsec dkim genkey -s SELECTOR -d DOMINIO [-D DIR]   claves DKIM como las crea opendkim-genkey
  mailsec dmarc report         el informe agregado DMARC, entregado al buzón de rua=
  mailsec postconf [-n|-d|-h|-M] [NOMBRE...]   lo que diría postconf de tu main.cf y master.cf
  mailsec postfix check        lo que diría «postfix check» de tu configuración
  mailsec capstone break [--again]|restore   (lección 19) estropea tu servidor para repararlo, o lo devuelve como estaba
  mailsec doctor [--json]      las herramientas externas que usan las lecciones: si están, para qué sirven y cómo instalarlas

Respuestas a los cuestionarios desde la línea de órdenes:
  mailsec check 01-threats/open-relay --answer b
  mailsec check 01 --answer spam-phishing=a --answer layers=a,c,d     (varias opciones: separadas por comas)

Opciones:
  --workspace DIR   el espacio de trabajo (o MAILSEC_WORKSPACE); por defecto ~/mailsec
  --lang es|ca|en   idioma (por defecto, según LC_ALL/LANG; si no, español)
  --plain           vista por líneas, para lectores de pantalla y tuberías
  --json            salida para programas
  --help, --version

Códigos de salida: 0 todo superado, 1 alguna comprobación no se supera, 2 error de uso o de configuración.`,

  // vista de texto y TUI
  'ui.lessons': 'Lecciones',
  'ui.step': 'Paso {n} de {total}',
  'ui.checkpoint': 'punto de control',
  'ui.stale': 'Esta traducción puede ser anterior al texto en español de este paso.',
  'ui.hints': 'Pistas',
  'ui.noMoreHints': 'No hay más pistas para este paso.',
  'ui.noHints': 'Este paso no tiene pistas.',
  'ui.checking': 'Comprobando…',
  'ui.watching': 'vigilando',
  'ui.options': 'Opciones',
  'ui.yourAnswer': 'Tu respuesta',
  'ui.why': 'Por qué',
  'ui.evidence': 'Visto',
  'ui.onServer': 'En {target}',
  'ui.passedNext': 'Paso superado. Intro: paso siguiente.',
  'ui.courseDone': 'Has terminado todas las lecciones. ¡Enhorabuena!',
  'ui.passedLast': 'Paso superado. Es el último paso del curso.',
  'ui.courseOpen': 'Es el último paso del curso, pero aún hay pasos sin superar ({n}): pulsa l para ver en qué lecciones.',
  'ui.keysStep': '←/→ paso  c comprobar  h pista  a responder  r ejecutar  m enviar  b buzón  g log  t sesiones  w vigilar  l lecciones  L idioma  ? ayuda  q salir',
  'ui.keysList': '↑/↓ elegir  Intro abrir  b buzón  g log  t sesiones  L idioma  ? ayuda  q salir',
  'ui.plainCommands': 'Órdenes: n siguiente, p anterior, c comprobar, h pista, a RESPUESTA, g LECCIÓN[/PASO], l lecciones, T guía del profesor, S servidor o sandbox, E SERVIDOR elige el servidor (E sandbox lo olvida), lang es|ca|en, q salir',
  'ui.plainUnknown': 'Orden desconocida. {commands}',
  'ui.helpTitle': 'Teclas',
  'ui.help': `↑ ↓ RePág AvPág  desplaza el paso
← →             paso anterior / siguiente
c               comprueba este paso
h               muestra una pista más
a               responde un cuestionario (elige con ↑ ↓, Espacio marca, Intro envía)
w               vigilancia sí/no: vuelve a comprobar cuando cambian tus archivos
l               lista de lecciones
L               cambia de idioma (es → ca → en)
?               esta ayuda
S               alterna entre el servidor guardado y el sandbox
E               elige el servidor que comprobar (vacío: el sandbox)
q               salir`,
  'ui.langChanged': 'Idioma: español',
  'ui.target.server': 'Ahora se comprueba el servidor {target}. S vuelve al sandbox.',
  'ui.target.sandbox': 'Ahora se comprueba el sandbox. S vuelve al servidor {target}.',
  'ui.target.none': 'Este espacio de trabajo no tiene ningún servidor guardado: E lo elige (o «mailsec check --target HOST»).',
  'ui.watchOn': 'Vigilancia activada: el paso se vuelve a comprobar cuando cambian tus archivos.',
  'ui.watchOff': 'Vigilancia desactivada.',
  'ui.typeAnswer': 'Escribe tu respuesta y pulsa Intro (Esc cancela)',
  'ui.chooseAnswer': 'Elige con ↑ ↓ o la letra{multi}, Intro para enviar, Esc para cancelar',
  'ui.chooseMulti': ', Espacio para marcar',
  'ui.notQuiz': 'Este paso se comprueba a partir de tu trabajo, no se responde: pulsa c para comprobarlo.',
  'ui.notice': 'Aviso',
  'ui.lessonProgress': '{passed}/{total}',
  'ui.lessonAbout': '≈ {minutes} min · Necesitas: {needs}',
  'ui.lessonAboutNothing': '≈ {minutes} min · Solo mailsec, ningún programa más',
  'ui.optionalTool': 'opcional',
  'ui.noLessons': 'No se ha podido cargar ninguna lección.',
};
