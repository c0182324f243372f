// A Nomos emulator in its own process, like the real Nomos: the arrival times it records are not
// delayed by the test process's event loop, which is busy with three replicas and 200 clicks.
// Options come as JSON in argv[2]; it answers `report` and `stop` messages over IPC. Silent.
const { NomosEmulator } = await import('../../src/testing/nomos-emulator/index.ts');

const emulator = new NomosEmulator(JSON.parse(process.argv[2]));
await emulator.start();
process.send({ type: 'ready', apiUrl: emulator.apiUrl });
process.on('message', async (message) => {
  if (message.type === 'report') {
    process.send({
      type: 'report',
      counters: emulator.counters,
      maxCallsInAnyWindow: emulator.maxCallsInAnyWindow(message.windowMs),
      callTimes: emulator.callTimes(),
      tokens: emulator.issuedTokens(),
      links: emulator.issuedLinks().map((l) => [l.link, l.tokenHash]),
    });
  } else if (message.type === 'stop') {
    await emulator.stop();
    process.disconnect();
  }
});
