// Every check module registers its kinds when imported.
import './quiz.js';
import './file.js';
import './postfix.js';
import './tls.js';
import './smtp.js';
import './dns.js';
import './auth.js';
import './filter.js';
import './crypto-mail.js';
import './submission.js';
import './smuggling.js';
import './dos.js';
import './capstone.js';
