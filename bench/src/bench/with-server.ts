/** Runs `use` on a server once it has started, and closes the server after, however `use` ends. */
export async function withServer<S extends { close(): Promise<void> }, T>(starting: Promise<S>, use: (server: S) => Promise<T>): Promise<T> {
  const server = await starting;
  try {
    return await use(server);
  } finally {
    await server.close();
  }
}
