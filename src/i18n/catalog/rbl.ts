// Messages of the blocklist lesson's public-resolver trap. Keys: "rbl.*"; same keys in es, ca and en.
export const es: Record<string, string> = {
  'rbl.publicQueryOk': 'Has preguntado por {name} a través del servidor DNS público. La respuesta, 127.255.255.254, es un código de error de Spamhaus, no una entrada de la lista.',
  'rbl.noPublicQuery':
    'var/log/named.log no tiene ninguna consulta hecha desde {source}, el servidor DNS público del sandbox, bajo zen.spamhaus.org. Ejecuta: {command}',
  'rbl.filterMissing':
    'En {file}, «reject_rbl_client {list}» no tiene filtro. A través de un servidor DNS público, Spamhaus contesta 127.255.255.254 a todo, y sin filtro Postfix lo toma por una entrada de la lista: rechazaría a todos los clientes. Escribe: reject_rbl_client {wanted}',
  'rbl.filterWrong':
    'En {file}, el filtro de {list} es «{seen}»: tiene que quedarse con las entradas de Spamhaus (de 127.0.0.2 a 127.0.0.11) y dejar fuera sus códigos de error (127.255.255.x). Escribe: reject_rbl_client {wanted}',
  'rbl.restrictionsOk': '{name} tiene las tres listas en el orden correcto, y zen.spamhaus.org solo rechaza a quien está de verdad en la lista.',
  'rbl.trapOk':
    'El servidor ha aceptado a {client} aunque las consultas pasaban por un servidor DNS público: el filtro ha descartado el código de error de {list}. Y etc/resolv.conf vuelve a apuntar a tu propio servidor DNS.',
  'rbl.trapRejected':
    '{client} no está en ninguna lista y aun así {list} lo ha rechazado: la respuesta era el código de error 127.255.255.254 y la regla no tiene filtro. En {file}, escribe «reject_rbl_client {list}=127.0.0.[2..11]», recarga con «mailsec sandbox reload» y vuelve a enviar.',
  'rbl.resolverStillPublic':
    'La prueba ha salido bien. Ahora deja {file} como estaba: todavía nombra {seen}. Escribe «nameserver 127.0.0.1» y ejecuta «mailsec sandbox reload».',
  'rbl.trapNotTried':
    'El sandbox todavía no ha aceptado a ningún cliente consultando las listas a través de un servidor DNS público. En {file} escribe «nameserver 8.8.8.8», ejecuta «mailsec sandbox reload» y envía desde 127.0.0.3: swaks --server 127.0.0.1:{port} --local-interface 127.0.0.3 --from spam@example.net --to {to}',
};

export const ca: Record<string, string> = {
  'rbl.publicQueryOk': 'Has preguntat per {name} a través del resolutor públic. La resposta, 127.255.255.254, és un codi d\'error de Spamhaus, no una entrada de la llista.',
  'rbl.noPublicQuery':
    'var/log/named.log no té cap consulta feta des de {source}, el resolutor públic del sandbox, sota zen.spamhaus.org. Executa: {command}',
  'rbl.filterMissing':
    'A {file}, «reject_rbl_client {list}» no té filtre. A través d\'un resolutor públic, Spamhaus respon 127.255.255.254 a tot, i sense filtre Postfix ho pren per una entrada de la llista: rebutjaria tots els clients. Escriu: reject_rbl_client {wanted}',
  'rbl.filterWrong':
    'A {file}, el filtre de {list} és «{seen}»: s\'ha de quedar amb les entrades de Spamhaus (de 127.0.0.2 a 127.0.0.11) i deixar fora els seus codis d\'error (127.255.255.x). Escriu: reject_rbl_client {wanted}',
  'rbl.restrictionsOk': '{name} té les tres llistes en l\'ordre correcte, i zen.spamhaus.org només rebutja qui és de veritat a la llista.',
  'rbl.trapOk':
    'El servidor ha acceptat {client} tot i que les consultes passaven per un resolutor públic: el filtre ha descartat el codi d\'error de {list}. I etc/resolv.conf torna a apuntar al teu propi resolutor.',
  'rbl.trapRejected':
    '{client} no és a cap llista i tot i així {list} l\'ha rebutjat: la resposta era el codi d\'error 127.255.255.254 i la regla no té filtre. A {file}, escriu «reject_rbl_client {list}=127.0.0.[2..11]», recarrega amb «mailsec sandbox reload» i torna a enviar.',
  'rbl.resolverStillPublic':
    'La prova ha sortit bé. Ara deixa {file} com estava: encara hi diu {seen}. Escriu «nameserver 127.0.0.1» i executa «mailsec sandbox reload».',
  'rbl.trapNotTried':
    'El sandbox encara no ha acceptat cap client consultant les llistes a través d\'un resolutor públic. A {file} escriu «nameserver 8.8.8.8», executa «mailsec sandbox reload» i envia des de 127.0.0.3: swaks --server 127.0.0.1:{port} --local-interface 127.0.0.3 --from spam@example.net --to {to}',
};

export const en: Record<string, string> = {
  'rbl.publicQueryOk': 'You asked for {name} through the public resolver. The answer, 127.255.255.254, is an error code from Spamhaus, not a listing.',
  'rbl.noPublicQuery': 'var/log/named.log has no query from {source}, the sandbox\'s public resolver, under zen.spamhaus.org. Run: {command}',
  'rbl.filterMissing':
    'In {file}, "reject_rbl_client {list}" has no filter. Through a public resolver, Spamhaus answers 127.255.255.254 to everything, and without a filter Postfix takes that as a listing: it would reject every client. Write: reject_rbl_client {wanted}',
  'rbl.filterWrong':
    'In {file}, the filter of {list} is "{seen}": it must keep Spamhaus\'s listings (127.0.0.2 to 127.0.0.11) and leave out its error codes (127.255.255.x). Write: reject_rbl_client {wanted}',
  'rbl.restrictionsOk': '{name} has the three lists in the right order, and zen.spamhaus.org only rejects clients that are really listed.',
  'rbl.trapOk':
    'The server accepted {client} while the queries went through a public resolver: the filter dropped the error code from {list}. And etc/resolv.conf points to your own resolver again.',
  'rbl.trapRejected':
    '{client} is on no list, and still {list} rejected it: the answer was the error code 127.255.255.254 and the rule has no filter. In {file}, write "reject_rbl_client {list}=127.0.0.[2..11]", reload with "mailsec sandbox reload" and send again.',
  'rbl.resolverStillPublic': 'The test worked. Now put {file} back as it was: it still names {seen}. Write "nameserver 127.0.0.1" and run "mailsec sandbox reload".',
  'rbl.trapNotTried':
    'The sandbox has not yet accepted a client while asking the lists through a public resolver. In {file} write "nameserver 8.8.8.8", run "mailsec sandbox reload" and send from 127.0.0.3: swaks --server 127.0.0.1:{port} --local-interface 127.0.0.3 --from spam@example.net --to {to}',
};
