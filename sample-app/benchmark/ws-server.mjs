// Node `ws` 8 echo server with the heartbeat pattern from the ws README, the outside reference.
// A text message that starts with "broadcast:" is sent to every client instead of echoed.
// Usage: node --expose-gc ws-server.mjs <port> <heartbeat interval ms>
import http from 'node:http';
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2]);
const intervalMs = Number(process.argv[3] ?? 30000);
const BROADCAST = 'broadcast:';

const server = http.createServer((req, res) => {
  if (req.url.startsWith('/stats')) {
    if (req.url.includes('gc=1') && global.gc) {
      global.gc();
      global.gc();
    }
    const mem = process.memoryUsage();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ open: wss.clients.size, registry: -1, heapUsed: mem.heapUsed, external: mem.external, rss: mem.rss }));
    return;
  }
  res.writeHead(404);
  res.end();
});
const wss = new WebSocketServer({ server, path: '/ws' });

// --- the ws README pattern: "How to detect and close broken connections?" ---
function heartbeat() {
  this.isAlive = true;
}

wss.on('connection', function connection(ws) {
  ws.isAlive = true;
  ws.on('error', console.error);
  ws.on('pong', heartbeat);
  ws.on('message', (data, isBinary) => {
    if (!isBinary && data.length >= BROADCAST.length && data.toString('latin1', 0, BROADCAST.length) === BROADCAST) {
      for (const c of wss.clients) c.send(data, { binary: false });
    }
    else {
      ws.send(data, { binary: isBinary });
    }
  });
});

const interval = setInterval(function ping() {
  wss.clients.forEach(function each(ws) {
    if (ws.isAlive === false) return ws.terminate();
    ws.isAlive = false;
    ws.ping();
  });
}, intervalMs);

wss.on('close', function close() {
  clearInterval(interval);
});
// --- end of the README pattern ---

server.listen(port, '127.0.0.1', () => console.log(`ws server on ${port}, heartbeat every ${intervalMs} ms`));
