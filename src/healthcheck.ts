import { request } from 'node:http';

// Container HEALTHCHECK: exit 0 only when /health/ready answers 200 within 2 s. No dependencies, fast start.
const port = Number(process.env.PORT ?? 3000);
const req = request({ host: '127.0.0.1', port, path: '/health/ready', timeout: 2000 }, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
req.on('timeout', () => {
  req.destroy();
  process.exit(1);
});
req.on('error', () => process.exit(1));
req.end();
