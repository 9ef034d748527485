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
