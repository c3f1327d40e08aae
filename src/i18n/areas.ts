// Message catalogs by area, so each part of mailsec keeps its own strings.
// Each area module exports { es, ca, en }; a test checks that every key exists in all three.
import * as ui from './catalog/ui.js';
import * as sandbox from './catalog/sandbox.js';
import * as tls from './catalog/tls.js';
import * as dns from './catalog/dns.js';
import * as auth from './catalog/auth.js';
import * as authres from './catalog/authres.js';
import * as filter from './catalog/filter.js';
import * as grading from './catalog/grading.js';
import * as mailcrypto from './catalog/mailcrypto.js';
import * as doctor from './catalog/doctor.js';
import * as submission from './catalog/submission.js';
import * as dos from './catalog/dos.js';
import * as smuggling from './catalog/smuggling.js';
import * as hardening from './catalog/hardening.js';
import * as rbl from './catalog/rbl.js';
import * as reinject from './catalog/reinject.js';
import * as dmarcbis from './catalog/dmarcbis.js';
import * as gpg from './catalog/gpg.js';
import * as mtasts from './catalog/mtasts.js';
import * as dane from './catalog/dane.js';
import * as capstone from './catalog/capstone.js';
import * as dkimEd25519 from './catalog/dkim-ed25519.js';
import * as gradingSafety from './catalog/grading-safety.js';
import * as teacher from './catalog/teacher.js';
import * as postscreen from './catalog/postscreen.js';
import * as reports from './catalog/reports.js';
import * as teacherGuide from './catalog/teacher-guide.js';
import * as seal from './catalog/seal.js';
import * as answer from './catalog/answer.js';
import * as remote from './catalog/remote.js';

export const areas = {
  ui,
  sandbox,
  tls,
  dns,
  auth,
  authres,
  filter,
  grading,
  mailcrypto,
  doctor,
  submission,
  dos,
  smuggling,
  hardening,
  rbl,
  reinject,
  dmarcbis,
  gpg,
  mtasts,
  dane,
  capstone,
  dkimEd25519,
  gradingSafety,
  teacher,
  postscreen,
  reports,
  teacherGuide,
  seal,
  answer,
  remote,
};
