// CommonJS packages are imported statically, here and nowhere else; code that wants them
// late does import() of this module. See ARCHITECTURE.md, "CommonJS packages".
export { createTransport } from 'nodemailer';
