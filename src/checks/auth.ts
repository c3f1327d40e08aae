// Check kinds of the auth area (SPF, DKIM, DMARC): each module registers its kinds when imported.
import './auth-spf.js';
import './auth-dkim.js';
import './auth-dmarc.js';
