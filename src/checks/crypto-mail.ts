// End-to-end mail cryptography (lessons 11 and 12): OpenPGP with GnuPG, S/MIME with CMS.
import './crypto-gpg.js';
import './crypto-smime.js';
