import net from 'node:net';

/** How long a client may wait for the one connection before it is turned away, as a full server would. */
const WAIT_LIMIT_MS = 30_000;

/**
 * A TCP front for a server that takes one client at a time (PGlite's socket server): clients queue
 * until the one before them has gone, instead of being closed at once ("Server has closed the
 * connection") when they connect a moment before the server has noticed that the last client left.
 * `isFree` asks the server itself, so the next client is let through only once it is ready for it.
 */
export async function startSingleConnectionGate(options: {
  host: string;
  port: number;
  upstreamPort: number;
  isFree: () => boolean;
}): Promise<{ port: number; close(): Promise<void> }> {
  const waiting: { socket: net.Socket; since: number }[] = [];
  const open = new Set<net.Socket>();
  let busy = false;

  const admitNext = (): void => {
    if (busy) return;
    while (waiting.length > 0 && (waiting[0]!.socket.destroyed || Date.now() - waiting[0]!.since > WAIT_LIMIT_MS))
      waiting.shift()!.socket.destroy();
    const next = waiting[0];
    if (!next) return;
    if (!options.isFree()) {
      setTimeout(admitNext, 10);
      return;
    }
    waiting.shift();
    busy = true;
    const upstream = net.connect(options.upstreamPort, '127.0.0.1');
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      next.socket.destroy();
      upstream.destroy();
      busy = false;
      setImmediate(admitNext);
    };
    next.socket.on('close', finish).on('error', finish);
    upstream.on('close', finish).on('error', finish);
    next.socket.pipe(upstream).pipe(next.socket);
  };

  const gate = net.createServer((socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
    socket.setNoDelay(true);
    waiting.push({ socket, since: Date.now() });
    admitNext();
  });
  await new Promise<void>((resolve, reject) => {
    gate.once('error', reject);
    gate.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (gate.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        gate.close(() => resolve());
        for (const socket of open) socket.destroy();
      }),
  };
}
