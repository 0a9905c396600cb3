// Example PM2 configuration. PM2 stops and restarts with SIGINT (the agent traps it) and sends SIGKILL after
// kill_timeout: it must exceed graceful.timeout, or PM2 cuts the drain (its default is 1600 ms).
module.exports = {
  apps: [{
    name: 'my-service',
    script: 'java',
    args: ['-javaagent:/opt/graceful-agent.jar=timeout=20s', '-jar', '/opt/my-service/app.jar'],
    interpreter: 'none',
    exec_mode: 'fork',
    kill_timeout: 25000,
    autorestart: true,
  }],
};
