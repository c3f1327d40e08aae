// CommonJS packages are imported statically, here and nowhere else; code that wants them
// late does import() of this module. See ARCHITECTURE.md, "CommonJS packages".
export { spf, dkimSign, dkimVerify } from 'mailauth';
export type { DNSResolver, SPFResult, DKIMVerifyResult, DKIMSignResult } from 'mailauth';
