// Child process of verdaccio.mjs: runs Verdaccio with the config file it is given on a free
// loopback port and prints "listening on <port>".
import { runServer } from "verdaccio";

const app = await runServer(process.argv[2]);
const server = app.listen(0, "127.0.0.1", () => console.log(`listening on ${server.address().port}`));
// The IPC channel closes when the parent exits, however it exits: no registry outlives it.
process.once("disconnect", () => process.exit(0));
process.once("SIGTERM", () => {
  server.closeAllConnections?.();
  server.close(() => process.exit(0));
});
