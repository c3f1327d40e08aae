// Check kind of the content filter's way back in: the mail spamc hands to sendmail enters again
// through pickup and cleanup, where non_smtpd_milters (OpenDKIM, lesson 09) would sign it a second
// time. The override that stops it is on pickup: -o receive_override_options=no_milters (verified
// on Postfix 3.7.11: -o non_smtpd_milters= on pickup changes nothing, cleanup still calls the milter).
import { z } from 'zod';
import { defineCheck } from './registry.js';
import { pass, fail } from './types.js';
import { MASTER_CF, MAIN_CF } from '../postfix/defaults.js';
import { parseMasterCf, findService, type MasterService } from '../postfix/master-cf.js';
import { readMainCf } from './postfix.js';
import { splitList } from '../postfix/main-cf.js';

const overrides = (v: string | undefined) => splitList((v ?? '').toLowerCase());
const shown = (s: MasterService, name: string) => `${MASTER_CF}:${s.line}: ${s.name} -o ${name}=${s.options[name]}`;

export const reinjectMilters = defineCheck({
  kind: 'filter.reinject-milters',
  params: z.object({}).strict(),
  async run(ctx) {
    const text = ctx.ws.readText(MASTER_CF);
    if (text === undefined) return fail('file.missing', { path: MASTER_CF });
    const m = parseMasterCf(text);
    const cf = readMainCf(ctx);
    if (!('entries' in cf)) return cf;
    const main = cf.entries.get('receive_override_options');
    if (main && overrides(main.value).includes('no_milters'))
      return fail('reinject.inMainCf', { file: MAIN_CF }, [`${MAIN_CF}:${main.line}: receive_override_options = ${main.value}`]);
    const pickup = findService(m, 'pickup', 'unix');
    if (!pickup) return fail('reinject.noPickup', { file: MASTER_CF });
    if (overrides(pickup.options.receive_override_options).includes('no_milters'))
      return pass('reinject.ok', { file: MASTER_CF, line: pickup.line }, [shown(pickup, 'receive_override_options')]);
    // the usual wrong places: the pipe service, or a milter parameter pickup does not read
    const pipe = m.services.find((s) => s.command === 'pipe' && s.args.some((a) => /spamc/.test(a)));
    const onPipe = pipe && ['smtpd_milters', 'non_smtpd_milters', 'receive_override_options'].find((n) => pipe.options[n] !== undefined);
    if (pipe && onPipe) return fail('reinject.onPipe', { file: MASTER_CF, service: pipe.name, line: pickup.line }, [shown(pipe, onPipe)]);
    const milterParam = ['non_smtpd_milters', 'smtpd_milters'].find((n) => pickup.options[n] !== undefined);
    if (milterParam)
      return fail('reinject.milterParam', { file: MASTER_CF, name: milterParam, line: pickup.line }, [shown(pickup, milterParam)]);
    if (pickup.options.receive_override_options !== undefined)
      return fail('reinject.noMilters', { file: MASTER_CF, seen: pickup.options.receive_override_options, line: pickup.line }, [
        shown(pickup, 'receive_override_options'),
      ]);
    return fail('reinject.missing', { file: MASTER_CF, line: pickup.line });
  },
});
