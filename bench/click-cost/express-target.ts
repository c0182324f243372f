// Target (a) of `npm run bench`: the vendor guide's handler in a plain Express app.
import express from 'express';
import type { AddressInfo } from 'node:net';
import { childSide } from './child.js';
import type { ReferenceConfig } from './reference.types.js';
import { vendorClick } from './vendor-handler.js';

const side = childSide<ReferenceConfig>({});
const app = express();
app.get('/portal', (req, res) => {
  vendorClick(side.config, req.headers.cookie).then(
    (answer) => (answer.location ? res.redirect(302, answer.location) : res.status(answer.status).send(answer.text)),
    () => res.status(502).send('Portal unavailable'),
  );
});
const server = app.listen(0, '127.0.0.1', () => {
  side.ready({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
