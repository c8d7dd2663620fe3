// A TCP relay for the resume scenario, forked by bench.mjs: proxy.mjs <listen port> <target port>. Killing it
// drops every connection through it at once without a WebSocket close frame, as a proxy restart does.
import net from 'node:net';

const [listen, target] = process.argv.slice(2).map(Number);
net.createServer((client) => {
  const upstream = net.connect(target, '127.0.0.1');
  client.pipe(upstream);
  upstream.pipe(client);
  const drop = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', drop);
  upstream.on('error', drop);
  client.on('close', drop);
  upstream.on('close', drop);
}).listen(listen, '127.0.0.1', () => process.send?.('listening'));
