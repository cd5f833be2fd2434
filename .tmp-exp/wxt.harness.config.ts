import base from '../wxt.config';
export default { ...base, root: '/work/main', outDir: '/tmp/harness-wxt-out', wxtDir: '/tmp/harness-wxt-dir' };
