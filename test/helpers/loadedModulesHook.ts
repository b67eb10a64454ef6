// Preloaded into a bot process by a test (`node -r`): at exit, writes the modules it loaded to LOADED_MODULES_FILE,
// so the test can tell which libraries a configuration pulled in.
import fs from 'node:fs';

const file = process.env.LOADED_MODULES_FILE;
if (file) process.on('exit', () => fs.writeFileSync(file, JSON.stringify(Object.keys(require.cache))));
