// CommonJS packages are imported statically, here and nowhere else; code that wants them
// late does import() of this module. See ARCHITECTURE.md, "CommonJS packages".
import { webcrypto } from 'node:crypto';
import * as pkijs from 'pkijs';
import * as asn1js from 'asn1js';

// pkijs does its cryptography through an engine; node's WebCrypto is the one we give it
pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as Crypto }));

export { pkijs, asn1js };
