// Load-generating client, forked by bench.mjs (talks to it over IPC).
//   idle <url> <count> <localAddress> [deflate|ping:<interval ms>:<batch ms>]: holds <count> connections,
//       answers pings (ws does), counts pings per second and closes; with "deflate" each offers
//       permessage-deflate as browsers do; with "ping:..." the clients ping the server instead, each once
//       per interval, in batches every <batch ms>, and count the server's pongs per second as its pings.
//   echo <url> <connections> <bytes> <seconds> <out>: closed-loop echo on each connection; writes
//       every round-trip time in microseconds to <out> (Float64Array).
//   broadcast <url> <readers> <bytes> <rate> <seconds> <drain> <out>: <readers> connections that read
//       normally and one sender that, on "go", sends <rate> broadcast commands of <bytes> a second for
//       <seconds>, each carrying its sequence number and send time; writes every reader's latency in
//       microseconds to <out> (Float64Array) and counts what the readers did not get within <drain> s
//       of the last send.
//   stomp-broadcast <url> <readers> <bytes> <rate> <seconds> <drain> <out>: the same over STOMP 1.2: the
//       readers subscribe to /topic/bench, the sender sends to it (Spring's simple broker delivers to every
//       subscriber; the sender does not subscribe).
//   resume-idle <url> <count>: like idle, with lifeline.js clients that offer lifeline.resume.v1.
//   resume-echo <url> <connections> <bytes> <seconds> <out>: echo with lifeline.js clients that offer resume.
//   resume-restart <url> <count>: <count> lifeline.js clients through the proxy; on "count" reports what they
//       received (messages "replay:<i>" from the server), resumes, refusals and reconnects, and with "watch"
//       reports once every client has resumed.
// lifeline.js comes from the starter's resources, copied by bench.mjs to LIFELINE_JS as an .mjs module.
import fs from 'node:fs';
import { WebSocket } from 'ws';

const [mode, url, ...args] = process.argv.slice(2);
const send = (message) => process.send && process.send(message);

if (mode === 'idle') {
  const count = Number(args[0]);
  const localAddress = args[1];
  const perMessageDeflate = args[2] === 'deflate';
  const [pingInterval, pingBatch] = (args[2] ?? '').startsWith('ping:') ? args[2].slice(5).split(':').map(Number) : [0, 0];
  const pingsPerSecond = new Map();
  let open = 0;
  let closed = 0;
  let failed = 0;
  let started = 0;
  const sockets = [];
  const openOne = () =>
    new Promise((resolve) => {
      const ws = new WebSocket(url, { localAddress, perMessageDeflate });
      sockets.push(ws);
      let opened = false;
      ws.on('open', () => {
        opened = true;
        open++;
        resolve();
      });
      ws.on(pingInterval > 0 ? 'pong' : 'ping', () => {
        const second = Math.floor(Date.now() / 1000);
        pingsPerSecond.set(second, (pingsPerSecond.get(second) ?? 0) + 1);
      });
      ws.on('close', () => {
        if (opened) closed++;
        resolve();
      });
      ws.on('error', () => {
        failed++;
        resolve();
      });
    });
  const concurrency = 100;
  const worker = async () => {
    while (started < count) {
      started++;
      await openOne();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (pingInterval > 0) {
    const perBatch = (count * pingBatch) / pingInterval;
    let next = 0;
    let due = 0;
    setInterval(() => {
      for (due += perBatch; due >= 1; due--) {
        const ws = sockets[next++ % sockets.length];
        if (ws.readyState === WebSocket.OPEN) ws.ping();
      }
    }, pingBatch);
  }
  send({ type: 'ready', open, failed });
  process.on('message', (message) => {
    if (message === 'stats') {
      send({ type: 'stats', open: sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length, closed, failed,
        pingsPerSecond: Object.fromEntries(pingsPerSecond) });
    }
    if (message === 'close') {
      sockets.forEach((ws) => ws.terminate());
      setTimeout(() => process.exit(0), 200);
    }
  });
}

if (mode === 'echo') {
  const [connections, bytes, seconds, out] = args.map((v, i) => (i < 3 ? Number(v) : v));
  const payload = 'x'.repeat(bytes);
  let samples = new Float64Array(1 << 20);
  let n = 0;
  let errors = 0;
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, () =>
      new Promise((resolve) => {
        const ws = new WebSocket(url, { perMessageDeflate: false });
        let sentAt = 0;
        const next = () => {
          if (Date.now() >= deadline) {
            ws.close();
            return;
          }
          sentAt = process.hrtime.bigint();
          ws.send(payload);
        };
        ws.on('open', next);
        ws.on('message', (data) => {
          if (data.length !== bytes) errors++;
          if (n === samples.length) {
            const grown = new Float64Array(samples.length * 2);
            grown.set(samples);
            samples = grown;
          }
          samples[n++] = Number(process.hrtime.bigint() - sentAt) / 1000;
          next();
        });
        ws.on('close', resolve);
        ws.on('error', () => {
          errors++;
          resolve();
        });
      })));
  fs.writeFileSync(out, Buffer.from(samples.buffer, 0, n * 8));
  send({ type: 'done', count: n, errors });
  process.exit(0);
}

if (mode === 'broadcast' || mode === 'stomp-broadcast') {
  const stomp = mode === 'stomp-broadcast';
  const [readers, bytes, rate, seconds, drain] = args.slice(0, 5).map(Number);
  const out = args[5];
  const total = Math.round(rate * seconds);
  const received = new Array(readers).fill(0);
  const samples = new Float64Array(readers * total);
  let n = 0;
  let errors = 0;
  let closed = 0;
  let finish = () => {};
  // STOMP: CONNECT, wait for CONNECTED, then SUBSCRIBE (readers only); a MESSAGE's body follows its headers.
  const connect = (onMessage, subscribe = true) =>
    new Promise((resolve) => {
      const ws = stomp ? new WebSocket(url, 'v12.stomp', { perMessageDeflate: false }) : new WebSocket(url, { perMessageDeflate: false });
      ws.on('open', () => {
        if (!stomp) {
          resolve(ws);
          return;
        }
        ws.send('CONNECT\naccept-version:1.2\nhost:127.0.0.1\nheart-beat:0,0\n\n\0');
      });
      ws.on('message', (data) => {
        if (!stomp) {
          onMessage(data);
          return;
        }
        if (data.toString('latin1', 0, 9) === 'CONNECTED') {
          if (subscribe) ws.send('SUBSCRIBE\nid:sub-0\ndestination:/topic/bench\n\n\0');
          resolve(ws);
        }
        else if (data.toString('latin1', 0, 7) === 'MESSAGE') {
          onMessage(data.subarray(data.indexOf('\n\n') + 2));
        }
      });
      ws.on('close', () => {
        closed++;
        resolve(null);
      });
      ws.on('error', () => {
        errors++;
        resolve(null);
      });
    });
  const sockets = await Promise.all(Array.from({ length: readers }, (_, i) => connect((data) => {
    const now = process.hrtime.bigint();
    const [, , sentAt] = data.toString('latin1', 0, 64).split(':');
    if (n < samples.length) samples[n++] = Number(now - BigInt(sentAt)) / 1000;
    if (++received[i] === total) finish();
  })));
  // The sender is a session too, so it gets every broadcast; it only discards them.
  const sender = await connect(() => {}, false);
  send({ type: 'ready', open: [...sockets, sender].filter(Boolean).length });
  process.on('message', async (message) => {
    if (message === 'go') {
      const start = Date.now();
      for (let i = 0; i < total; i++) {
        const due = start + (i * 1000) / rate;
        if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
        const head = `broadcast:${i}:${process.hrtime.bigint()}:`;
        const body = head + 'x'.repeat(Math.max(0, bytes - head.length));
        sender?.send(stomp ? `SEND\ndestination:/topic/bench\ncontent-type:text/plain\n\n${body}\0` : body);
      }
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, drain * 1000);
        finish = () => {
          if (received.every((r) => r >= total)) {
            clearTimeout(timer);
            resolve();
          }
        };
        finish();
      });
      const readersClosed = sockets.filter((ws) => ws === null || ws.readyState !== WebSocket.OPEN).length;
      fs.writeFileSync(out, Buffer.from(samples.buffer, 0, n * 8));
      send({ type: 'done', sent: total, received: n, lost: readers * total - n, readersClosed, errors, closed });
    }
    if (message === 'close') {
      [...sockets, sender].forEach((ws) => ws?.terminate());
      setTimeout(() => process.exit(0), 200);
    }
  });
}


// ---------- lifeline.js clients (resume) ----------
async function lifelineClient() {
  const { connect } = await import(process.env.LIFELINE_JS);
  const resume = process.env.LIFELINE_RESUME !== 'off';
  return (target, options = {}) => connect(target, { WebSocket, resume, ...options });
}

if (mode === 'resume-idle') {
  const count = Number(args[0]);
  const open = await lifelineClient();
  let opened = 0;
  let failed = 0;
  const clients = [];
  const concurrency = 100;
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started++;
      await new Promise((resolve) => {
        const client = open(url);
        clients.push(client);
        client.addEventListener('open', () => {
          opened++;
          resolve();
        }, { once: true });
        client.addEventListener('close', () => {
          failed++;
          resolve();
        }, { once: true });
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  send({ type: 'ready', open: opened, failed, resumable: clients.filter((c) => c.resumable).length });
  process.on('message', (message) => {
    if (message === 'close') {
      clients.forEach((c) => c.close());
      setTimeout(() => process.exit(0), 500);
    }
  });
}

if (mode === 'resume-echo') {
  const [connections, bytes, seconds] = args.slice(0, 3).map(Number);
  const out = args[3];
  const open = await lifelineClient();
  const payload = 'x'.repeat(bytes);
  let samples = new Float64Array(1 << 20);
  let n = 0;
  let errors = 0;
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(Array.from({ length: connections }, () =>
    new Promise((resolve) => {
      const client = open(url);
      let sentAt = 0n;
      const next = () => {
        if (Date.now() >= deadline) {
          client.close();
          resolve();
          return;
        }
        sentAt = process.hrtime.bigint();
        // A send still unacknowledged when the run ends and the client closes is not an error.
        client.send(payload).catch(() => { if (Date.now() < deadline) errors++; });
      };
      client.addEventListener('open', next, { once: true });
      client.addEventListener('message', (event) => {
        if (event.data.length !== bytes) errors++;
        if (n === samples.length) {
          const grown = new Float64Array(samples.length * 2);
          grown.set(samples);
          samples = grown;
        }
        samples[n++] = Number(process.hrtime.bigint() - sentAt) / 1000;
        next();
      });
      client.addEventListener('close', () => resolve(), { once: true });
    })));
  fs.writeFileSync(out, Buffer.from(samples.buffer, 0, n * 8));
  send({ type: 'done', count: n, errors });
  process.exit(0);
}

if (mode === 'resume-restart') {
  const count = Number(args[0]);
  const open = await lifelineClient();
  const clients = [];
  const stats = { opened: 0, resumed: 0, refused: 0, reconnecting: 0, closed: 0, received: 0, duplicates: 0, outOfOrder: 0 };
  let watch = null;
  for (let i = 0; i < count; i++) {
    const client = open(url);
    client.next = 0;
    clients.push(client);
    client.addEventListener('open', () => stats.opened++);
    client.addEventListener('resumed', () => {
      stats.resumed++;
      client.resumedAt = Date.now();
      if (watch && clients.every((c) => c.resumedAt >= watch)) {
        send({ type: 'resumed', at: Date.now() });
        watch = null;
      }
    });
    client.addEventListener('refused', () => stats.refused++);
    client.addEventListener('reconnecting', () => stats.reconnecting++);
    client.addEventListener('close', () => stats.closed++);
    client.addEventListener('message', (event) => {
      stats.received++;
      const index = Number(String(event.data).split(':')[1]);
      if (index < client.next) stats.duplicates++;
      else if (index > client.next) stats.outOfOrder++;
      client.next = Math.max(client.next, index + 1);
    });
    // Open them 50 at a time.
    if (i % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  while (stats.opened < count && stats.closed === 0) await new Promise((resolve) => setTimeout(resolve, 50));
  send({ type: 'ready', ...stats });
  process.on('message', (message) => {
    if (message === 'count') send({ type: 'count', ...stats, next: clients.map((c) => c.next).reduce((a, b) => Math.min(a, b), Infinity) });
    if (message === 'watch') watch = Date.now();
    if (message === 'close') {
      clients.forEach((c) => c.close());
      setTimeout(() => process.exit(0), 500);
    }
  });
}
