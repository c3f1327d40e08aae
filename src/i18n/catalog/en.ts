export const en: Record<string, string> = {
  // workspace and progress
  'workspace.missing': 'There is no mailsec workspace in {dir}. Create one with: mailsec init {dir}',
  'workspace.metaCorrupt': 'The workspace file {file} cannot be read ({error}). Fix it or run mailsec init in a new folder.',
  'workspace.outside': 'The path {path} points outside the workspace; the sandbox only reads files inside it.',
  // a path given on the command line that the file system refuses
  'fs.notFound': '{path} does not exist. Check the name and the folder it is in.',
  'fs.cannotCreate': '{path} cannot be created: {parent} takes no new files or folders. Choose a folder of your own, such as one in your home folder.',
  'fs.denied': 'mailsec is not allowed to use {path} (permission denied). Choose a folder of your own, such as one in your home folder.',
  'fs.readOnly': '{path} is on a read-only file system. Choose a folder you can write to, such as one in your home folder.',
  'fs.exists': '{path} already exists and is left as it is. Choose another name, or move it out of the way first.',
  'fs.notDir': 'A folder is needed at {path}, but it (or a folder above it) is a file. Give another path.',
  'fs.isDir': '{path} is a folder, where a file is needed. Give the name of a file.',
  'fs.tooLong': 'The path {path} is too long for the file system. Use a shorter one.',
  'fs.loop': '{path} goes through too many symbolic links (perhaps a link that points to itself). Fix or remove the link.',
  'fs.noSpace': 'There is no space left on the disk for {path}. Free some space and try again.',
  'cli.extraArgs': 'Too many arguments: {args}. See how each command is used with: mailsec --help',
  'cli.unknownOption': 'Unknown option {option}',
  'cli.optionNeedsValue': 'The option {option} needs a value (for example {option} VALUE)',
  'cli.optionTakesNoValue': 'The option {option} takes no value',
  'cli.unknownSubcommand': 'Unknown command "{sub}".',
  'init.badDomain': '"{domain}" is not a valid domain name. Use lowercase letters, digits, dashes and dots, such as alexdns.local.',
  'init.domainMismatch': 'The workspace {dir} already uses the domain {domain}, not {wanted}. Make a new workspace for another domain.',
  'init.done': 'Workspace ready in {dir} (domain {domain}): {created} files created, {kept} of yours left as they were.',
  'init.next': 'Next: mailsec --workspace {dir}   (or set MAILSEC_WORKSPACE={dir})',
  'progress.restoredMissing': 'Your progress file was missing; it was restored from the backup {file}.',
  'progress.recovered': 'Your progress file was damaged. It was kept as {kept} and your progress was restored from {backup}.',
  'progress.unrecoverable': 'Your progress file was damaged and there was no good backup. It was kept as {kept} so nothing is lost; progress starts again from here.',
  'reset.done': 'Lesson {lesson}: {n} files put back as they were at its start. Your versions are in {backup}.',
  'reset.nothing': 'Lesson {lesson} changes no files, so there are none to put back.',
  'workspace.metaNotDir': '{path} should be mailsec\'s own folder, but it is a file. Move it out of the way (mv {path} {path}.old) and run: mailsec init {dir}',
  'workspace.metaRecovered': 'The workspace file {file} was missing. It was written again with your domain {domain}, read from {source}.',
  'workspace.domainUnknown': '{dir} is a mailsec workspace whose file {file} is missing, and its files do not say which domain it was made for. Write it again with: mailsec init {dir} --domain YOUR_DOMAIN',
  'progress.repaired': 'Parts of your progress file could not be read ({fields}); they were left out and everything else was kept. The original is kept as {kept}.',
  'progress.notAFile': '{path} should be your progress file, but it is a folder. Move it out of the way (mv {path} {path}.old) and run mailsec again.',
  'progress.cannotAccess': 'Your progress file {path} cannot be read or written ({error}). Check its permissions (ls -l {path}) and run mailsec again.',
  'progress.newer': 'Your progress file {path} was written by a newer mailsec (format {version}). Update mailsec to go on; the file has been left as it is.',
  'progress.locked': 'Another mailsec (process {pid}) has been saving your progress for too long ({path} is still there). If no other mailsec is running, delete {path} and try again.',
  'reset.progress': 'Lesson {lesson}: its steps count as not passed again ({n} were passed); your attempts and hints stay in your history.',

  // quiz
  'quiz.unanswered': 'You have not answered yet. Choose an option (or type the answer) and check again.',
  'quiz.unknownOption': '"{given}" is not one of the options ({options}).',
  'quiz.single': 'Choose only one option.',
  'quiz.correct': 'Correct.',
  'quiz.wrong': '“{given}” is not the right answer. {why}',
  'quiz.tryAnother': 'Read the step again and try another.',
  'quiz.correctWhy': 'Correct: {why}',
  'quiz.partial': 'Not yet: {right} of the {total} right options chosen, and {extra} that should not be. Check each one again.',
  'quiz.wrongText': '"{given}" is not the answer. Read the step again; a hint (h) can help.',

  // files
  'file.missing': 'The file {path} does not exist yet. Create it as the step says.',
  'file.notFile': '{path} exists but is not a regular file.',
  'file.exists': '{path} is in place.',
  'file.matches': '{path} has what the step asks for.',
  'file.noMatch': '{path} does not contain what the step asks for. Expected: {expected}',
  'file.forbidden': '{path} still contains "{found}", which the step asks you to remove.',
  'file.clean': '{path} no longer contains what the step asks you to remove.',
  'file.modeTooOpen': '{path} has permissions {mode}; a private key must allow no more than {max}. Try: chmod {max} {path}',
  'file.modeOk': '{path} has permissions {mode}.',

  // postfix
  'postfix.broken': '{file}, line {line}: {text}. Postfix would refuse this file; fix that line first.',
  'postfix.paramMissing': '{file} does not set {name} (Postfix would use "{seen}"). Add: {name} = {wanted}',
  'postfix.paramValue': 'In {file}, {name} is "{seen}"; the step asks for "{wanted}".',
  'postfix.listMissing': 'In {file}, {name} does not include {item}. Expected, in this order: {wanted}',
  'postfix.listOrder': 'In {file}, {name} has {item} in the wrong place. Postfix reads the list in order; expected: {wanted}',
  'postfix.listForbidden': 'In {file}, {name} still includes {item}.',
  'postfix.paramOk': '{name} = {seen}',

  // checks
  'check.unknownKind': 'This step uses an unknown check kind "{kind}". This is a bug in the lesson; please report it.',
  'check.crashed': 'The check {kind} itself failed at {step} ({error}). This is a bug in mailsec {version}, not in your work: do not change anything because of it. Tell your teacher, or open an issue for the project (README, "Reporting a bug") with this message.',
  'check.sandboxBug': 'The sandbox hit an internal error ({stage}: {error}), so this result cannot be trusted. This is a bug in mailsec {version}, not in your work. Restart the sandbox (mailsec sandbox stop and start, or leave the workbook and open it again) and check again; if it happens again, tell your teacher or open an issue (README, "Reporting a bug") with this message.',
  'status.pass': 'passed',
  'status.fail': 'not yet',
  'status.error': 'error',

  // CLI
  'cli.unknownCommand': 'Unknown command "{command}". Run mailsec --help to see the commands.',
  'cli.badOption': '{error}. Run mailsec --help.',
  'cli.badLang': 'Unknown language "{lang}". Use es, ca or en.',
  'cli.lessonNotFound': 'There is no lesson "{ref}". See the list with: mailsec lessons',
  'cli.stepNotFound': 'Lesson {lesson} has no step "{ref}". Its steps: {steps}',
  'cli.courseErrors': 'Some lessons have errors and were left out:',
  'value.none': '(none)',
  'value.empty': '(empty)',
  'cli.passedOne': '{n} passed',
  'cli.passedMany': '{n} passed',
  'cli.summary': '{passed}, {failed} not yet',
  'cli.summaryErrors': '{passed}, {failed} not yet, {errors} with an internal error in mailsec (not your fault; read the message)',
  'cli.badAnswer': 'Write the answer as --answer LESSON/STEP=ANSWER (or just --answer ANSWER when checking one step).',
  'cli.notAnswered': 'answer it with --answer',
  'postfix.postconf.usage': `Usage: mailsec postconf [-n|-d|-h|-M|-f|-e] [NAME...]   (like postconf over your workspace's etc/postfix/)
  postconf NAME      the value Postfix reads: main.cf's, else the default
  postconf -n        only what main.cf sets
  postconf -d        Postfix 3.7's defaults (myhostname: this machine's name)
  postconf -h        values only, without “NAME =”
  postconf -M [service[/type]]   master.cf's services (-f: the -o options on lines of their own)
  postconf -e 'NAME = value'   changes that line of main.cf (or adds it at the end); then: mailsec sandbox reload
Warnings and errors come in Postfix's words. {error}`,
  'postfix.check.usage': 'Usage: “mailsec postfix check”: what “postfix check” would say about your main.cf and master.cf, in Postfix\'s words (exit 1 on a fatal error). {error}',
  'postfix.check.other': 'The sandbox has no “postfix {sub}”: to start, stop or reload it use “mailsec sandbox start|stop|reload”.',
  'cli.bug': 'mailsec hit an internal error (a bug, not your mistake): {error}',
  'cli.help': `mailsec — a workbook for mail-server security

Usage:
  mailsec                      open the workbook (a plain view when not on a terminal)
  mailsec init [DIR] [--domain D]   make a workspace (default ~/mailsec); never overwrites your files
  mailsec lessons [--json]     list the lessons and their steps
  mailsec check [LESSON[/STEP]] [--json] [--answer A]
                               run the checks; exit 0 only if all pass
  mailsec check [LESSON] --target HOST[:PORT] [--domain D] [--dns HOST[:PORT]]
                [--ssh USER@HOST[:PORT]] [--i-own-this-server]
                               the same checks against a real server (a class's virtual machine): those
                               seen from the network, the records its DNS serves, its configuration
                               read over ssh; the others say "not checked remotely". The
                               server is saved; --target sandbox goes back to the sandbox
  mailsec reset LESSON         put a lesson's files back as at its start (keeps a copy of yours)
  mailsec submit [--out FILE] [--name NAME] [--email ADDRESS]   pack your work to hand it in
  mailsec grade FILE...|DIR [--json|--csv]     (teachers) grade submissions by re-running every check
      [--course COURSE.yaml] [--html REPORT.html] [--feedback DIR]   weights and hint cost, the class's page, feedback per student
  mailsec init [DIR] --class FILE --student EMAIL   your class workspace: your domain and your teacher's public key
  mailsec teacher init [DIR] [--name NAME]   (teachers) your OpenPGP and S/MIME keys; the secret ones never leave your machine
  mailsec class init ROSTER.csv [--teacher DIR] [--out FILE]   (teachers) the class file you hand your students
  mailsec grade DIR --teacher DIR   (teachers) grade, and decrypt with your secret key what students encrypted for you
  mailsec sandbox start|stop|status|reload|check   the sandbox mail server
  mailsec sandbox passwd USER   create or change an SMTP AUTH user (password on standard input)
  mailsec dkim genkey -s SELECTOR -d DOMAIN [-D DIR]   DKIM keys as opendkim-genkey makes them
  mailsec dmarc report         the DMARC aggregate report, delivered to the rua= mailbox
  mailsec postconf [-n|-d|-h|-M] [NAME...]   what postconf would say about your main.cf and master.cf
  mailsec postfix check        what “postfix check” would say about your configuration
  mailsec capstone break [--again]|restore   (lesson 19) breaks your server for you to repair, or puts it back
  mailsec doctor [--json]      the outside tools the lessons use: found or not, what for, how to install them

Quiz answers on the command line:
  mailsec check 01-threats/open-relay --answer b
  mailsec check 01 --answer spam-phishing=a --answer layers=a,c,d     (several choices: commas)

Options:
  --workspace DIR   the workspace (or MAILSEC_WORKSPACE); default ~/mailsec
  --lang es|ca|en   language (default from LC_ALL/LANG, Spanish otherwise)
  --plain           line-based view, for screen readers and pipes
  --json            machine-readable output
  --help, --version

Exit codes: 0 all passed, 1 some check did not pass, 2 usage or configuration error.`,

  // plain view and TUI
  'ui.lessons': 'Lessons',
  'ui.step': 'Step {n} of {total}',
  'ui.checkpoint': 'checkpoint',
  'ui.stale': 'This translation may be older than the Spanish text of this step.',
  'ui.hints': 'Hints',
  'ui.noMoreHints': 'No more hints for this step.',
  'ui.noHints': 'This step has no hints.',
  'ui.checking': 'Checking…',
  'ui.watching': 'watching',
  'ui.options': 'Options',
  'ui.yourAnswer': 'Your answer',
  'ui.why': 'Why',
  'ui.evidence': 'Seen',
  'ui.onServer': 'On {target}',
  'ui.passedNext': 'Step passed. Enter: next step.',
  'ui.courseDone': 'You have finished every lesson. Well done!',
  'ui.passedLast': 'Step passed. It is the last step of the course.',
  'ui.courseOpen': 'This is the last step of the course, but some steps are not passed yet ({n}): press l to see in which lessons.',
  'ui.keysStep': '←/→ step  c check  h hint  a answer  r run  m send  b mailbox  g log  t sessions  w watch  l lessons  L language  ? help  q quit',
  'ui.keysList': '↑/↓ choose  Enter open  b mailbox  g log  t sessions  L language  ? help  q quit',
  'ui.plainCommands': 'Commands: n next, p previous, c check, h hint, a ANSWER, g LESSON[/STEP], l lessons, T teacher’s guide, S server or sandbox, E SERVER chooses the server (E sandbox forgets it), lang es|ca|en, q quit',
  'ui.plainUnknown': 'Unknown command. {commands}',
  'ui.helpTitle': 'Keys',
  'ui.help': `↑ ↓ PgUp PgDn   scroll the step
← →            previous / next step
c              check this step
h              show one more hint
a              answer a quiz (choose with ↑ ↓, Space marks, Enter sends)
w              watch mode on/off: re-check when your files change
l              lesson list
L              switch language (es → ca → en)
?              this help
S              switch between the saved server and the sandbox
E              choose the server to check (empty: the sandbox)
q              quit`,
  'ui.langChanged': 'Language: English',
  'ui.target.server': 'Checking the server {target} now. S goes back to the sandbox.',
  'ui.target.sandbox': 'Checking the sandbox now. S goes back to the server {target}.',
  'ui.target.none': 'This workspace has no server saved: E chooses one (or “mailsec check --target HOST”).',
  'ui.watchOn': 'Watch mode on: the step is checked again when your files change.',
  'ui.watchOff': 'Watch mode off.',
  'ui.typeAnswer': 'Type your answer and press Enter (Esc cancels)',
  'ui.chooseAnswer': 'Choose with ↑ ↓ or the letter{multi}, Enter to send, Esc to cancel',
  'ui.chooseMulti': ', Space to mark',
  'ui.notQuiz': 'This step is checked from your work, not answered: press c to check.',
  'ui.notice': 'Notice',
  'ui.lessonProgress': '{passed}/{total}',
  'ui.lessonAbout': '≈ {minutes} min · Needs: {needs}',
  'ui.lessonAboutNothing': '≈ {minutes} min · Only mailsec, no other program',
  'ui.optionalTool': 'optional',
  'ui.noLessons': 'No lessons could be loaded.',
};
