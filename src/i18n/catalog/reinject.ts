// Messages of the content filter's re-injection check (lesson 06). Keys: "reinject.*"; same keys in es, ca and en.
export const es: Record<string, string> = {
  'reinject.ok': 'El servicio pickup de {file} (línea {line}) no pasa por los milters el correo que spamc devuelve con sendmail: OpenDKIM lo firmará una sola vez.',
  'reinject.missing':
    'En {file}, el servicio pickup (línea {line}) no tiene ningún -o. El correo que spamc devuelve con sendmail entra por pickup y volvería a pasar por los milters. Añade debajo de esa línea, empezando con espacios: -o receive_override_options=no_milters',
  'reinject.noMilters':
    'En {file}, pickup (línea {line}) tiene receive_override_options={seen}, pero falta no_milters. Añádelo a la lista: -o receive_override_options=no_milters',
  'reinject.milterParam':
    'En {file}, pickup (línea {line}) cambia {name}, pero pickup no lee ese parámetro: los milters del correo de sendmail los llama cleanup, y seguiría firmando dos veces. Cámbialo por: -o receive_override_options=no_milters',
  'reinject.onPipe':
    'En {file}, el -o está en el servicio {service}, que solo ejecuta spamc: el correo vuelve a entrar por sendmail y pickup. Pon la línea debajo de pickup (línea {line}): -o receive_override_options=no_milters',
  'reinject.inMainCf':
    'En {file}, receive_override_options incluye no_milters para todo el servidor: así ningún correo pasaría por OpenDKIM. Quita esa línea de main.cf y pon el -o solo en el servicio pickup de master.cf.',
  'reinject.noPickup': '{file} no tiene el servicio pickup. Vuelve a poner su línea: pickup    unix  n       -       y       60      1       pickup',
};

export const ca: Record<string, string> = {
  'reinject.ok': 'El servei pickup de {file} (línia {line}) no fa passar pels milters el correu que spamc retorna amb sendmail: OpenDKIM el signarà una sola vegada.',
  'reinject.missing':
    'A {file}, el servei pickup (línia {line}) no té cap -o. El correu que spamc retorna amb sendmail entra per pickup i tornaria a passar pels milters. Afegeix a sota d\'aquesta línia, començant amb espais: -o receive_override_options=no_milters',
  'reinject.noMilters':
    'A {file}, pickup (línia {line}) té receive_override_options={seen}, però hi falta no_milters. Afegeix-lo a la llista: -o receive_override_options=no_milters',
  'reinject.milterParam':
    'A {file}, pickup (línia {line}) canvia {name}, però pickup no llegeix aquest paràmetre: els milters del correu de sendmail els crida cleanup, i continuaria signant dues vegades. Canvia-ho per: -o receive_override_options=no_milters',
  'reinject.onPipe':
    'A {file}, el -o és al servei {service}, que només executa spamc: el correu torna a entrar per sendmail i pickup. Posa la línia a sota de pickup (línia {line}): -o receive_override_options=no_milters',
  'reinject.inMainCf':
    'A {file}, receive_override_options inclou no_milters per a tot el servidor: així cap correu no passaria per OpenDKIM. Treu aquesta línia de main.cf i posa el -o només al servei pickup de master.cf.',
  'reinject.noPickup': '{file} no té el servei pickup. Torna a posar-hi la seva línia: pickup    unix  n       -       y       60      1       pickup',
};

export const en: Record<string, string> = {
  'reinject.ok': 'The pickup service in {file} (line {line}) does not send the mail spamc hands back through sendmail to the milters: OpenDKIM will sign it once.',
  'reinject.missing':
    'In {file}, the pickup service (line {line}) has no -o. The mail spamc hands back through sendmail comes in through pickup and would go through the milters again. Add below that line, starting with spaces: -o receive_override_options=no_milters',
  'reinject.noMilters': 'In {file}, pickup (line {line}) has receive_override_options={seen}, but no_milters is missing. Add it to the list: -o receive_override_options=no_milters',
  'reinject.milterParam':
    'In {file}, pickup (line {line}) changes {name}, but pickup does not read that parameter: cleanup calls the milters for mail from sendmail, and it would still sign twice. Change it to: -o receive_override_options=no_milters',
  'reinject.onPipe':
    'In {file}, the -o is on the {service} service, which only runs spamc: the mail comes back in through sendmail and pickup. Put the line below pickup (line {line}): -o receive_override_options=no_milters',
  'reinject.inMainCf':
    'In {file}, receive_override_options includes no_milters for the whole server: then no mail would go through OpenDKIM. Remove that line from main.cf and put the -o only on the pickup service in master.cf.',
  'reinject.noPickup': '{file} has no pickup service. Put its line back: pickup    unix  n       -       y       60      1       pickup',
};
