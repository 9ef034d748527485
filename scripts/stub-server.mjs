// The listening and closing every development stand-in shares (geocoder, SMS sink,
// kuntalaisaloite.fi, Ahjo): port 0 takes a free port.

/** Listens on host:port; answers the base URL, the port and a close that ends open keep-alive sockets. */
export async function listenStub(server, { port, host }) {
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = server.address().port;
  return {
    base: `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`,
    port: actualPort,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** `node scripts/<stub>.mjs`: starts it, says where, stops on Ctrl-C. */
export function runStubFromCommandLine(name, start, hint) {
  start().then(
    (stub) => {
      console.log(`${name}: ${hint(stub)}`);
      for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => stub.close().then(() => process.exit(0)));
    },
    (err) => {
      console.error(`the ${name} did not start: ${err.message}`);
      process.exit(1);
    },
  );
}

/** A JSON answer; without a body, just the status (204). */
export function sendJson(res, status, body) {
  if (body === undefined) {
    res.writeHead(status);
    return res.end();
  }
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** The request's JSON body, or null when it is not JSON. */
export async function readJsonBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return null;
  }
}
