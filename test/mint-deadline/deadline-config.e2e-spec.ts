import { NomosPortalConfigError, NomosPortalModule, nomosPortalOptionsFromEnv } from '../../src/index.js';
import { startUpError } from '../config/start-error.js';

const nomos = { clientId: 'id', clientSecret: 'secret-value-123' };

describe('nomos.mintDeadlineMs / NOMOS_MINT_DEADLINE_MS', () => {
  it('is read from NOMOS_MINT_DEADLINE_MS, unset keeps the default', () => {
    expect(nomosPortalOptionsFromEnv({ NOMOS_MINT_DEADLINE_MS: '2500' }).nomos.mintDeadlineMs).toBe(2500);
    expect(nomosPortalOptionsFromEnv({}).nomos.mintDeadlineMs).toBeUndefined();
    expect(() => nomosPortalOptionsFromEnv({ NOMOS_MINT_DEADLINE_MS: '10s' })).toThrow(
      /NOMOS_MINT_DEADLINE_MS\) must be a whole number/,
    );
  });

  it.each([0, -5, 1.5, 600_001])(
    'refuses start-up with mintDeadlineMs %p, naming the setting',
    async (mintDeadlineMs) => {
      const error = await startUpError(NomosPortalModule.forRoot({ sso: 'none', nomos: { ...nomos, mintDeadlineMs } }));
      expect(error).toBeInstanceOf(NomosPortalConfigError);
      expect((error as Error).message).toMatch(
        /^nomos\.mintDeadlineMs \(NOMOS_MINT_DEADLINE_MS\) must be a positive integer/,
      );
    },
  );

  it('starts with a valid deadline', async () => {
    expect(
      await startUpError(NomosPortalModule.forRoot({ sso: 'none', nomos: { ...nomos, mintDeadlineMs: 2000 } })),
    ).toBeUndefined();
  });
});
