/**
 * The least any Node program can do to seal a file durably, with no PDF and no token: start Node, copy
 * the original beside the output in the kernel while reading it once for SHA-256, fsync, rename. The
 * same steps `signPdf` takes, so the distance between this and `sealdesk seal` is SealDesk's own cost.
 * It runs as `node -e`, the way `sealdesk` runs: plain JavaScript, nothing to load but Node itself.
 */
export const DURABLE_COPY_FLOOR = `
const { closeSync, constants, openSync, readSync, renameSync } = require('node:fs');
const { copyFile, open } = require('node:fs/promises');
const { createHash } = require('node:crypto');
(async () => {
  const [input, output] = process.argv.slice(1);
  const temp = output + '.tmp';
  const out = await open(temp, 'wx');
  const durable = copyFile(input, temp, constants.COPYFILE_FICLONE).then(() => out.sync());
  const hash = createHash('sha256');
  const fd = openSync(input, 'r');
  const chunk = Buffer.allocUnsafe(1 << 20);
  for (let n; (n = readSync(fd, chunk)) > 0; ) hash.update(chunk.subarray(0, n));
  closeSync(fd);
  await durable;
  await out.close();
  renameSync(temp, output);
  process.stdout.write(hash.digest('hex'));
})();
`;
